import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { mutated } from './sim/test/fuzz/mutate.ts';
import { parseScenario, variantsOf } from './sim/scenario/load.ts';
import { parseProfile } from './sim/profile/load.ts';
import { resolveScenario } from './sim/scenario/resolve.ts';
import { estimateReplication } from './sim/run/work-estimate.ts';
import { runReplication } from './sim/run/replication.ts';
const P = parseProfile(JSON.parse(readFileSync('profiles/default.json', 'utf8')), 'p');
const names = ['warm-burst', 'race', 'timeouts', 'prewarm', 'cold-burst', 'burst', 'steady', 'cold-steady', 'warm-steady', 'warm-burst-long', 'warm-steady-long'];
const S = names.map((n) => readFileSync(`scenarios/${n}.json`, 'utf8'));
const stats: Record<string, number> = {};
let shown = 0;
const seed = Number(process.argv[2]);
const t0 = Date.now();
for (const json of fc.sample(fc.constantFrom(...S).chain((t) => fc.tuple(mutated(JSON.parse(t)), fc.nat())).map(([j]) => j), { seed, numRuns: 3000 })) {
  let k = 'ok';
  try {
    const s = parseScenario(json, 'f');
    for (const v of variantsOf(s, 'f')) { const cfg = resolveScenario(v.scenario, P, 'f'); const e = estimateReplication(cfg).events; k = e <= 3e5 ? 'run' : 'big'; if (e <= 3e5) { const r = runReplication(cfg, 1); if (r.events > 20 * e + 1e5) { stats.under = (stats.under ?? 0) + 1; if (shown++ < 3) console.log('UNDER', e, r.events, JSON.stringify(json).slice(0, 600)); } } }
  } catch (e) { k = (e as Error).name; if (k !== 'ConfigError' && shown++ < 5) console.log(k, (e as Error).stack?.slice(0, 500), JSON.stringify(json).slice(0, 1500)); }
  stats[k] = (stats[k] ?? 0) + 1;
}
console.log(seed, stats, Date.now() - t0);
