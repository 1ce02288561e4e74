import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { mutated } from './sim/test/fuzz/mutate.ts';
import { parseScenario, variantsOf } from './sim/scenario/load.ts';
import { parseProfile, ProfileError } from './sim/profile/load.ts';
import { resolveScenario } from './sim/scenario/resolve.ts';
import { estimateReplication } from './sim/run/work-estimate.ts';
import { runReplication } from './sim/run/replication.ts';
const PT = readFileSync('profiles/default.json', 'utf8');
const P = parseProfile(JSON.parse(PT), 'p');
const S = ['warm-burst', 'race', 'timeouts', 'prewarm', 'cold-burst', 'burst', 'steady', 'cold-steady', 'warm-steady'].map((n) => readFileSync(`scenarios/${n}.json`, 'utf8'));
const stats: Record<string, number> = {};
let shown = 0;
const t0 = Date.now();
const one = (json: unknown, prof: any) => {
  let k = 'ok';
  try {
    const s = parseScenario(json, 'f');
    for (const v of variantsOf(s, 'f')) { const cfg = resolveScenario(v.scenario, P && prof, 'f'); const e = estimateReplication(cfg).events; k = e <= 50000 ? 'run' : 'big'; if (e <= 50000) runReplication(cfg, 1); }
  } catch (e) { k = (e as Error).name; if (k !== 'ConfigError' && k !== 'ProfileError' && shown++ < 5) console.log(k, (e as Error).message.slice(0, 300), JSON.stringify(json).slice(0, 1500)); }
  stats[k] = (stats[k] ?? 0) + 1;
};
for (const json of fc.sample(fc.constantFrom(...S).chain((t) => mutated(JSON.parse(t))), { seed: Number(process.argv[2]), numRuns: 4000 })) one(json, P);
const ws = JSON.parse(S[0]!);
for (const pj of fc.sample(mutated(JSON.parse(PT)), { seed: Number(process.argv[2]), numRuns: 1000 })) {
  let prof;
  try { prof = parseProfile(pj, 'p'); } catch (e) { if (!(e instanceof ProfileError)) console.log('PROFILE', e); stats.perr = (stats.perr ?? 0) + 1; continue; }
  one(ws, prof);
}
console.log(stats, Date.now() - t0);
