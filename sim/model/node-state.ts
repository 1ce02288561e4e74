// A node's cores shared by the busy replicas placed on it (processor sharing).
// Each job asks for `f` cores: below 1, the CPU-bound share of a single-threaded call; above
// 1, a call that runs threads (x264, onnxruntime) and keeps f cores busy when alone. When
// the node's total demand exceeds its cores every job gets the same fraction cores/demand
// of what it asks, further capped by its replica's CPU limit. A job's progress rate is then
// 1 / ((1 - g) + g / share) with g = min(f, 1): the I/O part runs at full speed, the CPU
// part at the share. A replica's contention curve
// (slowdown vs its own concurrency) multiplies on top. This is the approximation FAVE
// uses for "five cold requests on a 2-core node slow each other down". A replica whose cap
// binds first takes only its cap, and the cores it cannot use go to the others (waterLevel).
// Sharing alone is too kind on a real node: a CPU-bound call also runs slower while the
// other cores are busy with other work (they share caches and memory bandwidth). Measured
// here: a pocketsphinx decode 9% slower beside one x264 encode on the other core, with a
// core to itself. A function's `interference` is that slowdown with every other core busy;
// the CPU part is stretched by 1 + interference × (how busy the other cores are).
import type { NodeConfig } from './config.ts';
import type { Replica } from './replica.ts';

export class NodeState {
  readonly busy: Replica[] = []; // replicas with at least one job (kept for shared nodes only)
  demand = 0; // sum over jobs of f
  /** Shared nodes keep one event (in an engine slot): the earliest job completion among
   * their replicas, nextReplica's, at nextAt. */
  slot = -1;
  nextReplica: Replica | null = null;
  nextAt = Infinity;
  memoryUsedMB = 0; // by placed replicas (base memory)
  /** Held by calls: each replica's per-request memory times its running and waiting jobs
   * (Replica.memoryMB's second term). With memoryUsedMB, the node's resident memory. */
  callMemoryMB = 0;
  /** The machine's speed now (node-speed.ts): every job's rate is multiplied by it. */
  speed = 1;
  replicaCount = 0;

  constructor(
    readonly cfg: NodeConfig,
    readonly index: number,
  ) {}

  get shared(): boolean {
    return this.cfg.cores !== Infinity;
  }
}

/**
 * A job's progress rate on r. `level`: the node's share level, waterLevel(node) while its
 * demand exceeds its cores, else 1.
 */
export function progressRate(r: Replica, level: number): number {
  const k = r.jobCount;
  if (k === 0) return 1;
  const node = r.node;
  const f = r.f;
  const g = f < 1 ? f : 1;
  let share = level;
  const limit = r.fn.cfg.cpuLimit;
  if (k * f > limit) share = Math.min(share, limit / (k * f));
  const slowdown = r.fn.cfg.slowdown;
  const s = k < slowdown.length ? slowdown[k]! : slowdown[slowdown.length - 1]!;
  const a = r.fn.cfg.interference;
  if (share === 1 && a === 0) return node.speed / s; // (1 − g) + g: the whole call at full speed
  let cpu = g / share;
  if (a > 0 && node.shared && node.cfg.cores > 1) {
    // Other replicas' demand over the other cores (this replica's own calls are its
    // contention curve's business).
    const others = (node.demand - k * f) / (node.cfg.cores - 1);
    cpu *= 1 + a * (others <= 0 ? 0 : others < 1 ? others : 1);
  }
  return node.speed / (((1 - g) + cpu) * s);
}

/**
 * An over-subscribed node's share level (max-min fair, weighted by demand): every job gets
 * `cores / demand` of what it asks, unless its replica's CPU cap (a serial decoder, one JS
 * thread) allows less; the cores such replicas leave go to the others in proportion to
 * their demand. Without a binding cap this is exactly cores / demand. For a shared node
 * (it keeps the busy list), while its demand exceeds its cores.
 */
export function waterLevel(node: NodeState): number {
  const busy = node.busy;
  let cores = node.cfg.cores;
  let weight = node.demand;
  let level = cores / weight;
  // Few replicas are busy on a node: take out the tightest binding cap until none binds.
  let capped = 0; // bitmask over busy indices (the first 31; beyond, caps are ignored)
  for (;;) {
    let tightest = -1;
    let ratio = level;
    for (let i = 0; i < busy.length && i < 31; i++) {
      if (capped & (1 << i)) continue;
      const r = busy[i]!;
      const d = r.jobCount * r.f;
      const cap = r.fn.cfg.cpuLimit;
      if (d > 0 && cap / d < ratio) {
        ratio = cap / d;
        tightest = i;
      }
    }
    if (tightest < 0) return level;
    const r = busy[tightest]!;
    capped |= 1 << tightest;
    cores -= r.fn.cfg.cpuLimit;
    weight -= r.jobCount * r.f;
    // Every replica capped: each runs at its cap, and the node has cores to spare.
    if (!(weight > 1e-12)) return 1;
    level = Math.min(1, cores / weight);
  }
}
