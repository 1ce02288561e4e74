// The winner as a scenario file of its own: the base scenario with the winner's overrides
// set (by the rules of `compare` variants, then validated again), its replications the seeds
// it was judged on (so `./fave sim` on it prints the numbers recommend printed), and every
// path in it that is relative to the scenario's folder ($schema, profile, a workflow file, a
// trace's files) rewritten relative to the folder it is written to: a copied scenario keeps
// its profile. --profile, when given, becomes its profile.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { applySets } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';

export interface WinnerInfo {
  /** Where the base scenario was read from, and where the winner goes. */
  from: string;
  to: string;
  overrides: Record<string, unknown>;
  /** The seeds the winner was judged on: its replications. */
  replications: number;
  /** What to say in its description: the SLO, the settings. */
  description: string;
  /** A --profile (from the working directory), in place of the scenario's. */
  profile?: string;
}

/** `p`, relative to `fromDir`, made relative to `toDir` (absolute paths and URLs kept). */
export function rebase(p: string, fromDir: string, toDir: string): string {
  if (isAbsolute(p) || /^[a-z][a-z0-9+.-]*:/i.test(p)) return p;
  const moved = relative(toDir, resolve(fromDir, p)) || '.';
  return moved.split('\\').join('/');
}

export function winnerScenario(base: Scenario, info: WinnerInfo): Scenario {
  const { compare: _compare, ...plain } = base;
  const s = applySets(plain, info.overrides, info.from);
  const fromDir = dirname(resolve(info.from));
  const toDir = dirname(resolve(info.to));
  const move = (p: string) => rebase(p, fromDir, toDir);
  const out: Scenario = { ...s, name: `${base.name}-recommended`, description: info.description, replications: info.replications };
  if (s.$schema !== undefined) out.$schema = move(s.$schema);
  if (info.profile !== undefined) out.profile = relative(toDir, resolve(info.profile)).split('\\').join('/');
  else if (s.profile !== undefined) out.profile = move(s.profile);
  if (s.workflow?.file !== undefined) {
    // The loader read the file into `definition`; the written scenario names the file again.
    const { definition: _definition, ...workflow } = s.workflow;
    out.workflow = { ...workflow, file: move(s.workflow.file) };
  }
  if (s.workload.executor === 'azure-trace') {
    const w = { ...s.workload };
    for (const key of ['invocations', 'durations', 'memory', 'file'] as const) if (w[key] !== undefined) w[key] = move(w[key]!);
    out.workload = w;
  }
  return out;
}
