import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { parseFprocess } from './alpine-command.ts';

// A STAND-IN for the store image `functions/alpine` (the classic OpenFaaS watchdog in an
// Alpine container) that the OpenFaaS certifier (openfaas/certifier 2e39d05) deploys with
// fprocess `env`, `cat`, `sha512sum` or `cat /var/openfaas/secrets/<name>`. FAVE runs
// processes, not images: with provider_store_stand_ins=true the provider runs this file for
// that image (live/provider/entry.ts). It is not the image; it does what the classic watchdog
// does for these four commands (openfaas/faas watchdog/handler.go at 9fd8a59b, the last commit
// before the classic watchdog was deleted):
// - each call forks fprocess, the request body on its stdin, its stdout the answer (200, the
//   caller's Content-Type, X-Duration-Seconds), a failure 500 with the error;
// - cgi_headers: the child's env is the function's plus Http_<Header> (dashes as
//   underscores), Http_Method, Http_ContentLength, Http_Content_Length, Http_Query (when
//   any), Http_Path, Http_Host;
// - logs on stderr in Go's log format: "Forking fprocess." and "Wrote N Bytes - Duration: Xs".
// Only these commands run: fprocess picks one of them (absolute paths below) and nothing else,
// so a deploy cannot name a program. A secret's path is mapped: /var/openfaas/secrets/<name>
// (where OpenFaaS mounts it) is read from this replica's SECRETS_DIR/<name>, the directory the
// provider gave it with the secrets its deployment names (live/provider/secret-mounts.ts).

/** Go's log.Println prefix: "2006/01/02 15:04:05 " in local time. */
function goLog(message: string): void {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  process.stderr.write(`${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${message}\n`);
}

/** getAdditionalEnvs with cgi_headers on (the classic watchdog's default). */
function cgiEnv(req: http.IncomingMessage, body: Buffer): Record<string, string> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    // Go's r.Header[k][0]: the first value, under the canonical name (X-Call-Id).
    const canonical = req.rawHeaders[i]!.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('_');
    env[`Http_${canonical}`] ??= req.rawHeaders[i + 1]!;
  }
  const url = new URL(req.url ?? '/', 'http://function');
  const length = req.headers['content-length'] !== undefined ? String(body.length) : req.headers['transfer-encoding'] ? '-1' : '0';
  env.Http_Method = req.method ?? 'GET';
  env.Http_ContentLength = length;
  env.Http_Content_Length = length;
  if (req.headers['transfer-encoding']) env.Http_Transfer_Encoding = String(req.headers['transfer-encoding']);
  const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
  if (rawQuery) env.Http_Query = rawQuery;
  if (url.pathname) env.Http_Path = url.pathname;
  if (req.headers.host) env.Http_Host = req.headers.host;
  return env;
}

function run(program: string, args: string[], env: Record<string, string>, input: Buffer): Promise<{ out: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => undefined); // the command may not read its input (env)
    child.stdin.end(input);
    child.on('error', (e) => resolve({ out: Buffer.concat(out), error: e.message }));
    child.on('close', (code, signal) => {
      if (err.length > 0) goLog(`stderr: ${Buffer.concat(err).toString('utf8')}`);
      resolve({ out: Buffer.concat(out), ...(code === 0 ? {} : { error: signal ? `signal: ${signal}` : `exit status ${code}` }) });
    });
  });
}

function fail(message: string): never {
  process.stderr.write(`functions/alpine stand-in: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  let command: [string, string[]];
  try {
    command = parseFprocess(process.env.fprocess, process.env.SECRETS_DIR);
  } catch (error) {
    fail((error as Error).message);
  }
  if (!existsSync(command[0])) fail(`${command[0]} is not installed`);
  let inflight = 0;
  let draining = false;
  const server = http.createServer((req, res) => {
    if (req.url === '/_/health') return void res.writeHead(200).end('OK');
    const chunks: Buffer[] = [];
    inflight++;
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const started = process.hrtime.bigint();
      const body = Buffer.concat(chunks);
      goLog('Forking fprocess.');
      const { out, error } = await run(command[0], command[1], cgiEnv(req, body), body);
      const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(6);
      if (error !== undefined) {
        res.writeHead(500).end(`${error}\n${out.toString('utf8')}`);
      } else {
        const contentType = req.headers['content-type'];
        res.writeHead(200, { ...(contentType ? { 'Content-Type': contentType } : {}), 'X-Duration-Seconds': seconds }).end(out);
        goLog(`Wrote ${out.length} Bytes - Duration: ${seconds}s`);
      }
      if (--inflight === 0 && draining) process.exit(0);
    });
  });
  process.on('SIGTERM', () => {
    draining = true;
    server.close();
    if (inflight === 0) process.exit(0);
  });
  server.listen(port, '127.0.0.1', () => goLog(`Listening on port: ${port}`));
}

await main();
