import { readdirSync, readFileSync } from 'node:fs';
import { runScenarioFile } from '../run/run-scenario.ts';
import { formatSummary } from '../run/format-summary.ts';
for (const f of process.argv.length > 2 ? process.argv.slice(2) : [...readdirSync('scenarios').filter((f) => f.endsWith('.json')).map((f) => 'scenarios/' + f), ...readdirSync('scenarios/original-fave').filter((f) => f.endsWith('.json')).map((f) => 'scenarios/original-fave/' + f)]) {
  const t = Date.now();
  const h = JSON.parse(readFileSync(f, 'utf8')).horizon;
  const r = await runScenarioFile(f, { replications: 2, defaultProfile: 'profiles/default.json', set: { '/horizon': Math.min(h, 600) } });
  const text = formatSummary(r, { colour: false });
  const w = Math.max(...text.split('\n').map((l) => [...l].length));
  const ww = Math.max(...formatSummary(r, { colour: false, wide: true }).split('\n').map((l) => [...l].length));
  console.log(f, Date.now() - t, 'ms', w, ww);
}
