// `npm run bench`: each simulator benchmark in a fresh process (so peak memory is its own),
// printed as a table. Speed is measured here, never asserted in tests.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { CASES } from './cases.ts';

const only = process.argv.slice(2);
const table = new Table({ style: { head: [], border: [] }, head: ['case', 'target', 'CPU s', 'main thread s', 'events', 'events/s', 'requests', 'calls', 'requests/s', 'peak RSS MB'] });
const caseScript = fileURLToPath(new URL('./case.ts', import.meta.url));
for (const c of CASES) {
  if (only.length && !only.includes(c.name)) continue;
  process.stderr.write(`running ${c.name}...\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', caseScript, c.name], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  const m = (x: number) => (x / 1e6).toFixed(2) + 'M';
  table.push([r.name, r.target, r.cpuSeconds.toFixed(2), r.mainThreadSeconds.toFixed(2), m(r.events), m(r.eventsPerSecond), r.requests.toLocaleString('en'), r.calls.toLocaleString('en'), m(r.requestsPerSecond), r.peakRssMB.toFixed(0)]);
}
console.log(table.toString());
