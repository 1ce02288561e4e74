// Golden results: every shipped scenario run with its own seed, a few numbers of each
// variant's summary pinned in golden.json and compared exactly. The theory tests allow a few
// per cent; these allow nothing, so a model change that moves any shipped result is seen and
// the pins are updated on purpose (`./fave golden --update`, the reason in the commit).
// The numbers are rounded to DIGITS significant digits only to keep the file short: the
// simulator gives the same bits for the same seed, so the rounded numbers match exactly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimResult, VariantResult } from '../run/result.ts';
import { runScenarioFile } from '../run/run-scenario.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const GOLDEN_FILE = join(ROOT, 'sim', 'golden', 'golden.json');
export const DEFAULT_PROFILE = join(ROOT, 'profiles', 'default.json');
export const DIGITS = 9;

/** Where scenarios ship: every JSON file under `scenarios/`, and the scenario files
 * (`"format": "fave.scenario/v1"`) under `sweeps/` (sweeps' bases) and `notebooks/studies/`. */
const EVERY_JSON = ['scenarios'];
const SCENARIO_FORMAT_ONLY = ['sweeps', join('notebooks', 'studies')];

/** How a scenario is run for its pins when not as the file says; kept by --update. */
export interface RunSettings {
  /** Fewer replications than the file's (seeds seed … seed + n − 1). */
  replications?: number;
  /** JSON-pointer sets applied to the scenario first (runScenarioFile's `set`). */
  set?: Record<string, unknown>;
  /** Why: required with either of the above. */
  why: string;
}

/** A variant's pinned numbers: means over the replications, rounded to DIGITS. */
export interface VariantPin {
  requests: number;
  successRate: number | null;
  /** Successful requests, end to end, seconds. */
  latency: { mean: number | null; p50: number | null; p95: number | null };
  /** Requests that ended other than ok, by outcome (only those that occurred). */
  failures: Record<string, number>;
  /** Aborted requests by cause (only those that occurred). */
  aborts: Record<string, number>;
  /** All functions' cold starts. */
  coldStarts: number;
  /** Lost updates to state.json; only when the run writes it. */
  lostUpdates?: number;
  /** GB-s held by replicas, and the part of it idle. */
  cost: { replicaGBs: number | null; idleGBs: number | null };
  /** Only when the requests are asynchronous: queue wait and time to callback (p95 and p50,
   * seconds), the deepest queue, and executions beyond one per message. */
  async?: { queueWaitP95: number | null; callbackP50: number | null; callbackP95: number | null; maxQueueDepth: number; duplicates: number; retries: number; giveUps: number };
}

export interface GoldenEntry {
  run?: RunSettings;
  seed: number;
  replications: number;
  variants: Record<string, VariantPin>;
}

export interface GoldenFile {
  about: string;
  digits: number;
  scenarios: Record<string, GoldenEntry>;
  /** Shipped scenarios not pinned, each with the reason. */
  excluded: Record<string, string>;
}

export const ABOUT =
  'Pinned fixed-seed summaries of every shipped scenario (docs/simulator.md, "Golden results"), compared exactly by sim/golden/golden.test.ts. Rewritten by `./fave golden --update`, only on purpose and with the reason in the commit message. Per variant: means over the replications, rounded to `digits` significant digits. `run` states how a scenario is run when not as its file says (fewer replications, JSON-pointer sets), and why.';

export function emptyGolden(): GoldenFile {
  return { about: ABOUT, digits: DIGITS, scenarios: {}, excluded: {} };
}

/** Repository-relative paths (with `/`) of every shipped scenario file, sorted. */
export function shippedScenarios(root = ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string, formatOnly: boolean) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path, formatOnly);
      else if (e.isFile() && e.name.endsWith('.json') && (!formatOnly || isScenarioFile(path))) found.push(relative(root, path).split('\\').join('/'));
    }
  };
  EVERY_JSON.forEach((d) => walk(join(root, d), false));
  SCENARIO_FORMAT_ONLY.forEach((d) => walk(join(root, d), true));
  return found.sort();
}

function isScenarioFile(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown }).format === 'fave.scenario/v1';
  } catch {
    return false;
  }
}

export function round(x: number, digits = DIGITS): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : null;
}

function occurred(entries: [string, number][], digits: number): Record<string, number> {
  return Object.fromEntries(entries.filter(([, n]) => n !== 0).map(([k, n]) => [k, round(n, digits)!]));
}

export function pinOf(v: VariantResult, digits = DIGITS): VariantPin {
  const s = v.summary;
  const r = (x: number) => round(x, digits);
  return {
    requests: r(s.requests.mean)!,
    successRate: r(s.successRate.mean),
    latency: { mean: r(s.latency.mean.mean), p50: r(s.latency.p50.mean), p95: r(s.latency.p95.mean) },
    failures: occurred(Object.entries(s.outcomes).filter(([k]) => k !== 'ok').map(([k, e]) => [k, e.mean]), digits),
    aborts: occurred(Object.entries(s.aborts).map(([k, e]) => [k, e.mean]), digits),
    coldStarts: r(Object.values(s.functions).reduce((a, f) => a + f.coldStarts.mean, 0))!,
    ...(s.state.writes.mean > 0 ? { lostUpdates: r(s.state.lostUpdates.mean)! } : {}),
    cost: { replicaGBs: r(s.cost.replicaGBs.mean), idleGBs: r(s.cost.idleGBs.mean) },
    ...(s.async
      ? {
          async: {
            queueWaitP95: r(s.async.queueWait.p95.mean),
            callbackP50: r(s.async.timeToCallback.p50.mean),
            callbackP95: r(s.async.timeToCallback.p95.mean),
            maxQueueDepth: r(s.async.maxQueueDepth.mean)!,
            duplicates: r(s.async.duplicates.mean)!,
            retries: r(s.async.retries.mean)!,
            giveUps: r(s.async.giveUps.mean)!,
          },
        }
      : {}),
  };
}

export function entryOf(result: SimResult, run: RunSettings | undefined, digits = DIGITS): GoldenEntry {
  const first = result.variants[0]!;
  return {
    ...(run ? { run } : {}),
    seed: first.seeds[0]!,
    replications: first.seeds.length,
    variants: Object.fromEntries(result.variants.map((v) => [v.name, pinOf(v, digits)])),
  };
}

/** Runs a shipped scenario (path relative to the repository) as its pins say. */
export async function runPinned(file: string, run: RunSettings | undefined, digits = DIGITS, root = ROOT): Promise<GoldenEntry> {
  const result = await runScenarioFile(join(root, file), { defaultProfile: DEFAULT_PROFILE, replications: run?.replications, set: run?.set });
  return entryOf(result, run, digits);
}

export function readGolden(path = GOLDEN_FILE): GoldenFile {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GoldenFile) : emptyGolden();
}

/** The golden file's problems that need no run: run settings without a reason, shipped
 * scenarios neither pinned nor excluded, entries for files that are gone. */
export function coverageProblems(golden: GoldenFile, shipped: string[]): string[] {
  const problems: string[] = [];
  const listed = new Set([...Object.keys(golden.scenarios), ...Object.keys(golden.excluded)]);
  for (const file of shipped) {
    if (!listed.has(file)) problems.push(`${file}: a shipped scenario neither pinned nor excluded (pin it with \`./fave golden --update\`, or add it to "excluded" with the reason)`);
  }
  const present = new Set(shipped);
  for (const file of listed) if (!present.has(file)) problems.push(`${file}: listed in the golden file but not a shipped scenario (gone or renamed?)`);
  for (const file of Object.keys(golden.scenarios)) {
    if (file in golden.excluded) problems.push(`${file}: both pinned and excluded`);
  }
  for (const [file, entry] of Object.entries(golden.scenarios)) {
    if (entry.run && !entry.run.why?.trim()) problems.push(`${file}: its run settings give no reason ("why")`);
  }
  for (const [file, why] of Object.entries(golden.excluded)) {
    if (typeof why !== 'string' || !why.trim()) problems.push(`${file}: excluded without a reason`);
  }
  return problems;
}

const show = (x: unknown): string => (x === undefined ? '(absent)' : JSON.stringify(x));

/** Every number that differs, one line each: scenario, variant, the number's path, pinned → now. */
export function differences(file: string, pinned: GoldenEntry | undefined, actual: GoldenEntry): string[] {
  if (!pinned) return [`${file}: not pinned`];
  const out: string[] = [];
  if (pinned.seed !== actual.seed) out.push(`${file}: seed ${show(pinned.seed)} → ${show(actual.seed)}`);
  if (pinned.replications !== actual.replications) out.push(`${file}: replications ${show(pinned.replications)} → ${show(actual.replications)}`);
  const names = [...new Set([...Object.keys(pinned.variants), ...Object.keys(actual.variants)])];
  for (const name of names) {
    const at = `${file}, variant "${name}"`;
    const a = pinned.variants[name];
    const b = actual.variants[name];
    if (!a || !b) {
      out.push(`${at}: ${a ? 'pinned but no longer run' : 'run but not pinned'}`);
      continue;
    }
    leafDiffs(a, b, '', (path, x, y) => out.push(`${at}: ${path} ${show(x)} → ${show(y)}`));
  }
  return out;
}

function leafDiffs(a: unknown, b: unknown, path: string, report: (path: string, a: unknown, b: unknown) => void): void {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path ? '.' : ''}${k}` : `[${JSON.stringify(k)}]`;
      leafDiffs(a[k], b[k], path + key, report);
    }
  } else if (a !== b) {
    report(path || '(value)', a, b);
  }
}

/** The golden file with `runs` pinned in place of what it had, and the entries of scenarios
 * that are no longer shipped dropped; settings, exclusions and the order of keys kept sorted. */
export function updatedGolden(golden: GoldenFile, runs: Record<string, GoldenEntry>, shipped: string[]): GoldenFile {
  const present = new Set(shipped);
  const scenarios: Record<string, GoldenEntry> = {};
  for (const file of [...new Set([...Object.keys(golden.scenarios), ...Object.keys(runs)])].sort()) {
    if (!present.has(file)) continue;
    const entry = runs[file] ?? golden.scenarios[file]!;
    scenarios[file] = entry;
  }
  const excluded = Object.fromEntries(Object.entries(golden.excluded).filter(([f]) => present.has(f)).sort(([a], [b]) => a.localeCompare(b)));
  return { about: ABOUT, digits: golden.digits ?? DIGITS, scenarios, excluded };
}

/** JSON with two-space indents, except that an object or array holding no other object or
 * array is written on one line: a variant's latency or cost reads as one line. */
export function formatGolden(value: unknown, indent = ''): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries: [string | null, unknown][] = Array.isArray(value) ? value.map((v) => [null, v]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (!entries.length) return open + close;
  const key = (k: string | null) => (k === null ? '' : `${JSON.stringify(k)}: `);
  const flat = entries.every(([, v]) => typeof v !== 'object' || v === null);
  if (flat) return `${open} ${entries.map(([k, v]) => key(k) + JSON.stringify(v)).join(', ')} ${close}`;
  const inner = indent + '  ';
  return `${open}\n${entries.map(([k, v]) => inner + key(k) + formatGolden(v, inner)).join(',\n')}\n${indent}${close}`;
}
