// A checked ASL state machine (parse.ts) -> the index-based Plan the interpreter runs
// (plan.ts). States are numbered in walk order: depth first from StartAt, a Parallel's
// branches and a Map's items before what follows it, Next before Catch targets. That order
// also lists the functions: for VideoSearcher it is the pipeline's own (ffmpeg-0 ...
// object-detector), so function indices, and with them result files, are as they were.
import { type AslScope, type AslState, itemScope } from './asl.ts';
import { ERROR_MASKS } from './error-names.ts';
import { childPath } from './json-path.ts';
import { FAIL, MAP, type MapInfo, PARALLEL, type Plan, SUCCEED, TASK } from './plan.ts';

const KIND: Record<AslState['Type'], number> = { Task: TASK, Parallel: PARALLEL, Map: MAP, Succeed: SUCCEED, Fail: FAIL };
/** ASL's defaults for a retrier (the live orchestrator applies the same ones). */
export const RETRY_DEFAULTS = { maxAttempts: 3, intervalSeconds: 1, backoffRate: 2 } as const;
const MAX_ATTEMPTS = RETRY_DEFAULTS.maxAttempts;
const INTERVAL = RETRY_DEFAULTS.intervalSeconds;
const BACKOFF = RETRY_DEFAULTS.backoffRate;

interface Entry {
  name: string;
  path: string;
  state: AslState;
  scope: AslScope;
  mapDepth: number;
}

const maskOf = (names: string[]) => names.reduce((m, n) => m | (ERROR_MASKS.get(n) ?? 0), 0);

export function compileWorkflow(machine: AslScope, root = '$'): Plan {
  const entries: Entry[] = [];
  const idOf = new Map<string, number>(); // names are unique in the machine (check-graph.ts)
  const visitScope = (scope: AslScope, path: string, mapDepth: number): void => {
    const stack = [scope.StartAt];
    while (stack.length) {
      const name = stack.pop()!;
      if (idOf.has(name)) continue;
      const state = scope.States[name]!;
      const at = childPath(childPath(path, 'States'), name);
      idOf.set(name, entries.length);
      entries.push({ name, path: at, state, scope, mapDepth });
      if (state.Type === 'Parallel') state.Branches.forEach((b, k) => visitScope(b, `${childPath(at, 'Branches')}[${k}]`, mapDepth));
      if (state.Type === 'Map') {
        const items = itemScope(state)!;
        visitScope(items.scope, childPath(at, items.key), mapDepth + 1);
      }
      if (state.Type === 'Task') for (const c of [...(state.Catch ?? [])].reverse()) stack.push(c.Next);
      if ((state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') && state.Next !== undefined) stack.push(state.Next);
    }
  };
  visitScope(machine, root, 0);

  const n = entries.length;
  const p: Plan = {
    names: entries.map((e) => e.name),
    paths: entries.map((e) => e.path),
    kind: new Uint8Array(n),
    next: new Int32Array(n).fill(-1),
    fn: new Int32Array(n).fill(-1),
    timeout: new Float64Array(n).fill(NaN),
    retryFrom: new Int32Array(n),
    retryTo: new Int32Array(n),
    retryMask: new Int32Array(0),
    retryMax: new Int32Array(0),
    retryInterval: new Float64Array(0),
    retryBackoff: new Float64Array(0),
    maxRetriers: 0,
    catchFrom: new Int32Array(n),
    catchTo: new Int32Array(n),
    catchMask: new Int32Array(0),
    catchNext: new Int32Array(0),
    childFrom: new Int32Array(n),
    childTo: new Int32Array(n),
    children: new Int32Array(0),
    map: new Int32Array(n).fill(-1),
    maps: [],
    topMaps: 0,
    failError: entries.map(() => ''),
    functions: [],
    functionPaths: [],
    successors: [],
  };
  const retries: { mask: number; max: number; interval: number; backoff: number }[] = [];
  const catches: { mask: number; next: number }[] = [];
  const children: number[] = [];
  entries.forEach((e, id) => {
    const s = e.state;
    p.kind[id] = KIND[s.Type];
    if (s.Type === 'Task' || s.Type === 'Parallel' || s.Type === 'Map') p.next[id] = s.Next === undefined ? -1 : idOf.get(s.Next)!;
    if (s.Type === 'Task') {
      let f = p.functions.indexOf(s.Resource);
      if (f < 0) {
        f = p.functions.push(s.Resource) - 1;
        p.functionPaths.push(childPath(e.path, 'Resource'));
      }
      p.fn[id] = f;
      if (s.TimeoutSeconds !== undefined) p.timeout[id] = s.TimeoutSeconds;
      p.retryFrom[id] = retries.length;
      for (const r of s.Retry ?? []) retries.push({ mask: maskOf(r.ErrorEquals), max: r.MaxAttempts ?? MAX_ATTEMPTS, interval: r.IntervalSeconds ?? INTERVAL, backoff: r.BackoffRate ?? BACKOFF });
      p.retryTo[id] = retries.length;
      p.maxRetriers = Math.max(p.maxRetriers, p.retryTo[id]! - p.retryFrom[id]!);
      p.catchFrom[id] = catches.length;
      for (const c of s.Catch ?? []) catches.push({ mask: maskOf(c.ErrorEquals), next: idOf.get(c.Next)! });
      p.catchTo[id] = catches.length;
    }
    if (s.Type === 'Parallel') {
      p.childFrom[id] = children.length;
      for (const b of s.Branches) children.push(idOf.get(b.StartAt)!);
      p.childTo[id] = children.length;
    }
    if (s.Type === 'Map') {
      p.childFrom[id] = children.length;
      children.push(idOf.get(itemScope(s)!.scope.StartAt)!);
      p.childTo[id] = children.length;
      const info: MapInfo = { name: e.name, path: e.path, depth: e.mapDepth, concurrency: s.MaxConcurrency ?? 0, topSlot: e.mapDepth === 0 ? p.topMaps++ : -1 };
      p.map[id] = p.maps.push(info) - 1;
    }
    if (s.Type === 'Fail') p.failError[id] = s.Error ?? 'Fail';
  });
  p.retryMask = Int32Array.from(retries, (r) => r.mask);
  p.retryMax = Int32Array.from(retries, (r) => r.max);
  p.retryInterval = Float64Array.from(retries, (r) => r.interval);
  p.retryBackoff = Float64Array.from(retries, (r) => r.backoff);
  p.catchMask = Int32Array.from(catches, (c) => c.mask);
  p.catchNext = Int32Array.from(catches, (c) => c.next);
  p.children = Int32Array.from(children);
  p.successors = successorsOf(p);
  return p;
}

/** Per function, the functions whose Task can run next after one of its Tasks: what
 * follows it, entering Parallel branches and Map items, and leaving ended branches and
 * items for what follows their Parallel or Map. */
function successorsOf(p: Plan): number[][] {
  const n = p.kind.length;
  // The Parallel or Map whose branch or item each state belongs to (-1: the machine).
  const owner = new Int32Array(n).fill(-1);
  const scopeOf = (start: number, o: number) => {
    const stack = [start];
    while (stack.length) {
      const s = stack.pop()!;
      if (owner[s] !== -1 || s === -1) continue;
      owner[s] = o;
      if (p.next[s]! >= 0) stack.push(p.next[s]!);
      for (let c = p.catchFrom[s]!; c < p.catchTo[s]!; c++) stack.push(p.catchNext[c]!);
    }
  };
  for (let s = 0; s < n; s++) for (let c = p.childFrom[s]!; c < p.childTo[s]!; c++) scopeOf(p.children[c]!, s);
  // Functions first called when entering state s (and what lies past it when it calls none).
  const firstCalls = (s: number, out: Set<number>, seen: Set<number>): void => {
    if (seen.has(s)) return;
    seen.add(s);
    if (p.kind[s] === TASK) return void out.add(p.fn[s]!);
    if (p.kind[s] === PARALLEL || p.kind[s] === MAP) for (let c = p.childFrom[s]!; c < p.childTo[s]!; c++) firstCalls(p.children[c]!, out, seen);
    // A Map may have no items, and Parallel/Map go on to what follows; Succeed ends its scope.
    if (p.kind[s] !== FAIL) after(s, out, seen);
  };
  const after = (s: number, out: Set<number>, seen: Set<number>): void => {
    if (p.next[s]! >= 0) return firstCalls(p.next[s]!, out, seen);
    const o = owner[s]!;
    if (o < 0) return;
    if (p.kind[o] === MAP) firstCalls(p.children[p.childFrom[o]!]!, out, seen); // the next item
    after(o, out, seen);
  };
  const succ = p.functions.map(() => new Set<number>());
  for (let s = 0; s < n; s++) {
    if (p.kind[s] !== TASK) continue;
    const out = succ[p.fn[s]!]!;
    after(s, out, new Set());
    for (let c = p.catchFrom[s]!; c < p.catchTo[s]!; c++) firstCalls(p.catchNext[c]!, out, new Set());
  }
  return succ.map((set) => [...set].sort((a, b) => a - b));
}
