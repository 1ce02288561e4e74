// Gateway hop overhead: the same trivial call (live/testfn, no work) straight to the replica,
// through the provider, and through gateway + provider, one after another on one keep-alive
// connection per path, so the differences are the hops and not connection set-up.
import http from 'node:http';
import { quantile } from 'd3-array';

export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
}

function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url.href} answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `calls` sequential calls to each URL, interleaved so background load hits every path alike. */
export async function measureHops(urls: Record<string, string>, calls: number, warmup = 20): Promise<Record<string, Percentiles>> {
  const agents = Object.fromEntries(Object.keys(urls).map((k) => [k, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(urls).map((k) => [k, []]));
  try {
    for (let i = 0; i < warmup + calls; i++) {
      for (const [name, url] of Object.entries(urls)) {
        const ms = await post(agents[name]!, new URL(url), '{}');
        if (i >= warmup) samples[name]!.push(ms);
      }
    }
  } finally {
    for (const a of Object.values(agents)) a.destroy();
  }
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => {
    return [k, { n: xs.length, p50: quantile(xs, 0.5) ?? NaN, p99: quantile(xs, 0.99) ?? NaN }];
  }));
}
