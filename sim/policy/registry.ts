// Every warm-instance policy, by name. Adding one is a new file plus a line in KINDS (and its
// schema under $defs in schemas/scenario.schema.json; a test keeps the two equal).
import { dagPrewarm } from './dag-prewarm.ts';
import { fixedKeepAlive } from './fixed-keep-alive.ts';
import { greedyDual } from './greedy-dual.ts';
import { hybridHistogram } from './hybrid-histogram.ts';
import {
  type KeepAliveKind,
  type KeepAlivePolicy,
  type PolicyContext,
  type PolicyKind,
  type PolicySlot,
  type PolicySpec,
  PolicySpecError,
  type PrewarmKind,
  type PrewarmPolicy,
} from './warm-policy.ts';

export const POLICY_KINDS: readonly PolicyKind[] = [fixedKeepAlive, hybridHistogram, greedyDual, dagPrewarm] as PolicyKind[];

export function policyNames(slot: PolicySlot): string[] {
  return POLICY_KINDS.filter((k) => k.slot === slot).map((k) => k.name);
}

function kindOf(raw: unknown, slot: PolicySlot, path: string): PolicyKind {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicySpecError(path, raw, 'must be an object with a `type`');
  const type = (raw as Record<string, unknown>).type;
  const kind = POLICY_KINDS.find((k) => k.slot === slot && k.name === type);
  if (!kind) throw new PolicySpecError(`${path}.type`, type, `must be one of: ${policyNames(slot).join(', ')}`);
  return kind;
}

/** Validates a raw spec for `slot` and fills its defaults (throws PolicySpecError at `path`). */
export function normalizePolicy(raw: unknown, slot: PolicySlot, path: string): PolicySpec {
  return kindOf(raw, slot, path).normalize(raw as Record<string, unknown>, path);
}

/** Builds a live policy (state for one replication) from a normalized spec; a problem with
 * the function it is built for is reported under `path`. */
export function createKeepAlive(spec: PolicySpec, ctx: PolicyContext, path = '$'): KeepAlivePolicy {
  return withPath(path, () => (kindOf(spec, 'keepAlive', path) as KeepAliveKind).create(spec, ctx));
}

export function createPrewarm(spec: PolicySpec, ctx: PolicyContext, path = '$'): PrewarmPolicy {
  return withPath(path, () => (kindOf(spec, 'prewarm', path) as PrewarmKind).create(spec, ctx));
}

function withPath<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof PolicySpecError && !e.path.startsWith('$')) throw new PolicySpecError(`${path}.${e.path}`, e.value, e.problem);
    throw e;
  }
}

/** Parses `describe()` output, `name(key=value, ...)`, back into a spec of `slot`. */
export function parsePolicy(text: string, slot: PolicySlot): PolicySpec {
  const m = /^([\w-]+)\((.*)\)$/.exec(text.trim());
  if (!m) throw new PolicySpecError('$', text, 'expected name(key=value, ...)');
  const raw: Record<string, unknown> = { type: m[1] };
  for (const part of m[2]!.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new PolicySpecError('$', part, 'expected key=value');
    const v = part.slice(eq + 1);
    raw[part.slice(0, eq)] = v === 'true' ? true : v === 'false' ? false : v === 'null' ? null : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return normalizePolicy(raw, slot, '$');
}
