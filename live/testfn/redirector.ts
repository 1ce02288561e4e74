import http from 'node:http';

// A STAND-IN for the store image `theaxer/redirector`, built from the OpenFaaS certifier's
// functions/redirector (golang-middleware on of-watchdog; openfaas/certifier 2e39d05): every
// call answers 302 to $destination (default https://google.com) with Go's http.Redirect: a
// small HTML body for GET and HEAD only. FAVE runs processes, not images: with
// provider_store_stand_ins=true the provider runs this file for that image (live/provider/entry.ts).

const port = Number(process.env.PORT ?? 8080);
const destination = process.env.destination || 'https://google.com';

const server = http.createServer((req, res) => {
  if (req.url === '/_/health') return void res.writeHead(200).end('OK');
  req.resume();
  req.on('end', () => {
    const withBody = req.method === 'GET' || req.method === 'HEAD';
    const body = withBody ? `<a href="${destination.replace(/[<>"&]/g, encodeURIComponent)}">Found</a>.\n\n` : '';
    res.writeHead(302, { Location: destination, ...(withBody ? { 'Content-Type': 'text/html; charset=utf-8' } : {}) }).end(body);
  });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
server.listen(port, '127.0.0.1');
