// The configurations recommend chooses among. Either a sweep file's points (--space), or the
// default space derived from the scenario: a few knobs, each a short list of options, the
// first option of each the scenario's own setting, crossed (so candidate 0 is the scenario as
// written). Which knobs depend on what the scenario's scaling can do (docs/recommend.md):
//
//   replicas      platform.defaults.scaling.min: 1, 2, 3 (and the scenario's; 0 only when the
//                 scenario has it), up to the scenario's max; not for 'lambda' scaling
//   max_inflight  platform.defaults.maxInflight: the scenario's, 1, 2 (0 = unlimited); the
//                 orchestrator, which only waits on the stages, keeps its own; not for 'lambda'
//   timeouts      the scenario's, and all raised to 300 s (gateway upstream 300, read and write
//                 305, provider 300, exec 300) when any is under that
//   idle to zero  Pro scaling: scale to zero off or after the scenario's idle time, and after
//                 2, 5 or 15 minutes
//   keep-alive    'lambda' scaling: the scenario's keep-alive, 5 and 30 minutes, and the hybrid
//                 histogram policy
//   pre-warm      a pipeline, or a workflow that runs as one chain, whose functions can be
//                 cold (regime cold, Pro, 'lambda'): none, or each function pre-warming the
//                 next with no delay (DAG pre-warming, as Orion)
//
// A function's own setting in platform.functions is kept: the knobs set the defaults.
import { ORCHESTRATOR } from '../workflow/check-graph.ts';
import { PARALLEL } from '../workflow/plan.ts';
import { planOf } from '../scenario/resolve-workflow.ts';
import { pointerTitles } from '../sweep/format-table.ts';
import type { LoadedSweep } from '../sweep/load.ts';
import type { Point } from '../sweep/types.ts';
import { GATEWAY_DEFAULTS, PROVIDER_DEFAULTS, EXEC_TIMEOUT, SCALING_DEFAULTS } from '../scenario/defaults.ts';
import type { Scenario } from '../scenario/types.ts';

export interface Option {
  label: string;
  set: Record<string, unknown>; // JSON pointer -> value; {} for the scenario's own
}

export interface Knob {
  name: string;
  options: Option[];
}

export interface SpacePoint extends Point {
  /** One per column: the option's label. */
  settings: string[];
}

export interface Space {
  /** `default` or the sweep file. */
  source: string;
  columns: string[];
  points: SpacePoint[];
}

/** The timeout the `timeouts` knob raises everything to: the original FAVE's stage timeout. */
export const RAISED_TIMEOUT = 300;

const minutes = (s: number) => (s % 60 === 0 ? `${s / 60} min` : `${s} s`);

function replicasKnob(s: Scenario): Knob | null {
  const scaling = s.platform?.defaults?.scaling ?? {};
  const pro = s.platform?.edition === 'pro';
  const mode = scaling.mode ?? (pro ? 'rps' : 'alert');
  if (mode === 'lambda') return null;
  const own = scaling.min;
  const current = own ?? SCALING_DEFAULTS.min;
  const max = scaling.max ?? SCALING_DEFAULTS.max[pro ? 'pro' : 'community'];
  const others = [1, 2, 3].filter((v) => v !== current && v <= max);
  return { name: 'replicas', options: [{ label: String(current), set: {} }, ...others.map((v) => ({ label: String(v), set: { '/platform/defaults/scaling/min': v } }))] };
}

function inflightKnob(s: Scenario): Knob | null {
  const mode = s.platform?.defaults?.scaling?.mode;
  if (mode === 'lambda' || s.workload.executor === 'azure-trace') return null;
  const current = s.platform?.defaults?.maxInflight ?? 0;
  const label = (v: number) => (v === 0 ? 'unlimited' : String(v));
  // The orchestrator holds one call per request for the request's whole life: a cap on it
  // refuses requests, not stage calls. It keeps what it has now.
  const pinned = (s.target === undefined || s.target === 'pipeline' || s.target === 'workflow' || s.workflow !== undefined) && s.platform?.functions?.[ORCHESTRATOR]?.maxInflight === undefined;
  const options = [0, 1, 2]
    .filter((v) => v !== current)
    .map((v) => ({ label: label(v), set: { '/platform/defaults/maxInflight': v, ...(pinned ? { [`/platform/functions/${ORCHESTRATOR}/maxInflight`]: current } : {}) } }));
  return { name: 'max_inflight', options: [{ label: label(current), set: {} }, ...options] };
}

function timeoutsKnob(s: Scenario): Knob | null {
  const g = s.platform?.gateway ?? {};
  const upstream = g.upstreamTimeout ?? GATEWAY_DEFAULTS.upstreamTimeout;
  const provider = s.platform?.provider?.timeout ?? PROVIDER_DEFAULTS.timeout;
  const exec = s.platform?.defaults?.execTimeout ?? EXEC_TIMEOUT;
  if (Math.min(upstream, provider, exec) >= RAISED_TIMEOUT) return null;
  const t = RAISED_TIMEOUT;
  const up = (x: number, to: number) => Math.max(x, to);
  return {
    name: 'timeouts',
    options: [
      { label: `${upstream}/${provider}/${exec} s`, set: {} },
      {
        label: `${up(upstream, t)}/${up(provider, t)}/${up(exec, t)} s`,
        set: {
          '/platform/gateway/upstreamTimeout': up(upstream, t),
          '/platform/gateway/writeTimeout': up(g.writeTimeout ?? GATEWAY_DEFAULTS.writeTimeout, t + 5),
          '/platform/gateway/readTimeout': up(g.readTimeout ?? GATEWAY_DEFAULTS.readTimeout, t + 5),
          '/platform/provider/timeout': up(provider, t),
          '/platform/defaults/execTimeout': up(exec, t),
        },
      },
    ],
  };
}

function idleKnob(s: Scenario): Knob | null {
  const scaling = s.platform?.defaults?.scaling ?? {};
  if (s.platform?.edition !== 'pro' || scaling.mode === 'lambda') return null;
  const current = scaling.zero ? (scaling.zeroDuration ?? SCALING_DEFAULTS.zeroDuration) : null;
  const others = [120, 300, 900].filter((v) => v !== current);
  return {
    name: 'idle to zero',
    options: [
      { label: current === null ? 'off' : minutes(current), set: {} },
      ...others.map((v) => ({ label: minutes(v), set: { '/platform/defaults/scaling/zero': true, '/platform/defaults/scaling/zeroDuration': v } })),
    ],
  };
}

function keepAliveKnob(s: Scenario): Knob | null {
  const d = s.platform?.defaults ?? {};
  if (d.scaling?.mode !== 'lambda') return null;
  const policy = d.policy?.keepAlive;
  const current = policy ? null : (d.scaling.keepAlive ?? SCALING_DEFAULTS.keepAlive);
  // Set through the policy, so that a scenario's own policy is replaced, not shadowing them.
  const fixed = [300, 1800].filter((v) => v !== current).map((v) => ({ label: minutes(v), set: { '/platform/defaults/policy/keepAlive': { type: 'fixed', keepAlive: v } } }));
  const hybrid = policy?.type === 'hybrid-histogram' ? [] : [{ label: 'hybrid', set: { '/platform/defaults/policy/keepAlive': { type: 'hybrid-histogram' } } }];
  return { name: 'keep-alive', options: [{ label: policy ? String(policy.type) : minutes(current!), set: {} }, ...fixed, ...hybrid] };
}

/** The functions of a pipeline or workflow that runs as one chain (each Task calls the
 * next), the orchestrator first; null for anything else (a DAG with branches, a trace). */
export function chainOf(s: Scenario): string[] | null {
  if (s.workload.executor === 'azure-trace') return null;
  const target = s.target ?? (s.workflow ? 'workflow' : 'pipeline');
  if (target !== 'pipeline' && target !== 'workflow') return null;
  const plan = planOf(s, target, []);
  if (!plan || plan.kind.includes(PARALLEL)) return null;
  for (let f = 0; f + 1 < plan.functions.length; f++) if (!plan.successors[f]!.includes(f + 1)) return null;
  return [ORCHESTRATOR, ...plan.functions];
}

function prewarmKnob(s: Scenario): Knob | null {
  const chain = chainOf(s);
  if (!chain) return null;
  const d = s.platform?.defaults ?? {};
  const hasOwn = d.policy?.prewarm !== undefined || Object.values(s.platform?.functions ?? {}).some((f) => f.policy?.prewarm !== undefined);
  if (hasOwn) return null;
  // Pro can scale to zero (the idle knob turns it on), lambda instances expire.
  const canBeCold = s.regime === 'cold' || d.regime === 'cold' || d.scaling?.mode === 'lambda' || s.platform?.edition === 'pro';
  if (!canBeCold) return null;
  // Each function but the last pre-warms the next (the last has none to warm).
  const set = Object.fromEntries(chain.slice(0, -1).map((name) => [`/platform/functions/${name}/policy/prewarm`, { type: 'dag', delay: 0 }]));
  return { name: 'pre-warm', options: [{ label: 'none', set: {} }, { label: 'dag', set }] };
}

/** The default knobs for `s`, in the order the space crosses them (first slowest). */
export function defaultKnobs(s: Scenario): Knob[] {
  return [replicasKnob(s), inflightKnob(s), timeoutsKnob(s), idleKnob(s), keepAliveKnob(s), prewarmKnob(s)].filter((k): k is Knob => k !== null && k.options.length > 1);
}

/** The knobs crossed: first knob slowest, as a sweep's grid. */
export function spaceOfKnobs(knobs: Knob[]): Space {
  let combos: { set: Record<string, unknown>; settings: string[] }[] = [{ set: {}, settings: [] }];
  for (const k of knobs) combos = combos.flatMap((c) => k.options.map((o) => ({ set: { ...c.set, ...o.set }, settings: [...c.settings, o.label] })));
  return { source: 'default', columns: knobs.map((k) => k.name), points: combos.map((c, index) => ({ index, overrides: c.set, settings: c.settings })) };
}

export function defaultSpace(s: Scenario): Space {
  return spaceOfKnobs(defaultKnobs(s));
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 24 ? text.slice(0, 21) + '...' : text;
}

/** A sweep file's points as a space: a column per swept pointer. */
export function spaceOfSweep(loaded: LoadedSweep, source: string): Space {
  const pointers = [...new Set(loaded.points.flatMap((p) => Object.keys(p.overrides)))];
  return {
    source,
    columns: pointerTitles(pointers),
    points: loaded.points.map((p) => ({ index: p.index, overrides: p.overrides, settings: pointers.map((k) => (k in p.overrides ? short(p.overrides[k]) : '–')) })),
  };
}
