// The Lambda fast path: one replication of a single Lambda-style function, in one loop over
// typed arrays instead of the general model's engine, gateway, cluster and client objects.
// It is the general model specialised (lambda-eligibility.ts says when), not another model:
// the same random streams drawn in the same order, the same floating-point steps (each
// instance's processor-sharing clock included), events taken in the engine's (time, seq)
// order and counted as the engine counts them, and the same recorder filled in the same
// order — so a result is bit for bit the one the general path gives (lambda.test.ts).
//
// What is left is three event sources: the next arrival, the next time-series sample, and a
// queue of busy instances' completions (a calendar queue, or a heap when few are in flight). Idle instances are a bitset over ids, which are
// creation order: a request takes the most recently created idle one, the highest set bit.
// Expiry is lazy, as in the general path.
//
// The code is shaped for V8 as much as for the reader. A run of ~1.8M events spends its first
// 50-100k in unoptimised code while V8 compiles the loop on another thread, and that start
// cost a third of the run's CPU. So the queue and idle-set operations are written out inside
// arrive and complete rather than as small methods (V8 compiled each small one on its own
// and again inside each caller, and called it the slow way meanwhile); counters live in this
// class; and a branch that is rarely taken calls no code the compiled loop has not already
// seen called (see advance, unloadIfExpired, sample), since the first such call throws the
// compiled code away.
// That is also why it is one file of ~700 lines, over the project's ~400: split into modules,
// the loop's helpers would be the small separately compiled calls this layout avoids.
import type { Distribution, Uniform } from '../dist/spec.ts';
import type { SimConfig } from '../model/config.ts';
import { ABORTED, E429, OK, OUTCOME_NAMES } from '../model/outcome.ts';
import { FnState } from '../model/fn-state.ts';
import { NodeState, progressRate } from '../model/node-state.ts';
import { MAX_SPANS, Recorder, seriesStep } from '../model/recorder.ts';
import { Replica } from '../model/replica.ts';
import { createStreams } from '../random/streams.ts';
import type { ReplicationRun } from '../run/replication.ts';
import { createArrivals, expectedArrivals } from '../workload/registry.ts';
import type { ArrivalSource } from '../workload/arrivals.ts';

/** Instances the per-instance arrays hold before they first grow (~75 KB). Growing mid-run
 * calls resize from newInstance for the first time, and V8 then throws arrive's compiled code
 * away and compiles it again: at 256, lambda-90 (~230 live, more created as some expire) grew
 * ~1,000 s in and paid that (callgrind: 2.2% of its instructions). */
const CAPACITY = 1024;
/** The calendar queue's ring (a power of two), and how often its width is checked. */
const SLOTS = 4096;
const WIDTH_CHECK = 4096;
const FIRST_WIDTH_CHECK = 256;
const INV_WIDTH = 0;
const SINCE = 1;
/** Buckets are doubles; a time beyond this many widths shares the last one (order still exact).
 * A bucket's slot is (b | 0) & (SLOTS - 1): ToInt32 is b modulo 2^32, a multiple of SLOTS, so
 * that is b modulo SLOTS for any bucket (and a cheap truncation below 2^31). */
const MAX_BUCKET = 2 ** 52;
/** Below this many completions expected in flight (arrival rate × mean warm time), a run keeps
 * them in a 4-ary heap instead: with one or two entries a heap's operations are nearly free,
 * and the calendar queue's slot arithmetic cost lambda-0.9 (~1.8 in flight) 8% of its CPU. */
const HEAP_BELOW = 16;
const REPLICA = 0;
const BUSY = 1;
const INVOCATION = 2;
// what advance() met: the next sample is due, the next event is past the limit, the run is over
const SAMPLE_DUE = 0;
const PAST_LIMIT = 1;
const OVER = 2;
// the two kinds of event it takes
const ARRIVAL = 3;
const COMPLETION = 4;

/** How the completions are kept: chosen by the expected number in flight, or (for the tests,
 * which check both against the general model) forced. */
export type CompletionQueue = 'auto' | 'heap' | 'calendar';

export function runLambdaReplication(cfg: SimConfig, seed: number, onTick?: (now: number) => void, keepSamples = false, queue: CompletionQueue = 'auto'): ReplicationRun {
  return new LambdaKernel(cfg, seed, onTick ?? null, keepSamples, queue).run();
}

class LambdaKernel {
  private readonly rec: Recorder;
  private readonly arrivals: ArrivalSource;
  private readonly uStart: Uniform;
  private readonly uInit: Uniform;
  private readonly uFirst: Uniform;
  private readonly warm: Distribution;
  private readonly coldCall: Distribution | null;
  private readonly uWarm: Uniform;
  private readonly uCold: Uniform;
  private readonly containerStart: Distribution;
  private readonly init: Distribution;
  private readonly firstCall: Distribution;
  /** A busy instance's progress rate: one job, alone on an unshared node. */
  private readonly rate1: number;
  private readonly keepAlive: number;
  private readonly maxInstances: number;
  private readonly gb: number;
  private readonly limit: number;
  private readonly step: number;
  private readonly spans: number;

  // ---- the clock and the event sources (seq as the engine numbers scheduled events) ----
  private now = 0;
  private seq = 0;
  private events = 0;
  private arrivalT = Infinity;
  private arrivalSeq = 0;
  private arrivalsDone = false;
  private sampleT = 0;
  private sampleSeq = 0;
  // completions: a calendar queue (Brown 1988). A busy instance's completion (time, seq) is
  // kept under its id, in bucket floor(time / width) of a ring of SLOTS slots, each slot a
  // list sorted by (time, seq). The bucket is monotone in time, so taking the earliest
  // entry of the earliest non-empty bucket gives the (time, seq) order a heap gives, bit for
  // bit; what the width changes is only the speed. At λ = 90 a 4-ary heap of ~200 entries
  // spent ~40% of the run on sift-downs (their comparisons are coin flips the CPU cannot
  // predict); here a completion is a list head and a bitmap search, an insertion a short walk.
  private doneT = new Float64Array(0);
  private doneS = new Float64Array(0);
  private doneB = new Float64Array(0); // its bucket, floor(time / width)
  private doneNext = new Int32Array(0); // the next in its slot's list, or -1
  private readonly slotHead = new Int32Array(SLOTS).fill(-1);
  private readonly slotBits = new Int32Array(SLOTS >> 5); // slots with a list
  private minId = -1; // the earliest entry, when doneN > 0
  private doneN = 0;
  // or, in a run with few in flight (useHeap, decided before the run), a 4-ary min-heap on
  // (time, seq) of their ids, its root kept in minId; doneT and doneS still hold the keys
  private readonly useHeap: boolean;
  private heapId = new Int32Array(0);
  // The width follows the completions' spacing, measured every WIDTH_CHECK completions, the
  // first time after FIRST_WIDTH_CHECK: early, so that V8 has seen complete() call
  // checkWidth before it compiles complete (a call it has not seen discards the code).
  // 1 / width and the time of the last check are a Float64Array's, not fields: a field that
  // starts as 0 and later holds a fraction changes the object's shape, and V8 discards the
  // code compiled against the old one (as with gbs).
  private readonly width = new Float64Array(2); // [1 / width, time of the last check]
  private widthCount = 0;
  private widthDue = FIRST_WIDTH_CHECK;

  /** The recorder's GB-s sums, the same additions in the same order. Kept here because a
   * recorder field that starts at 0 and first takes a fraction mid-run changes its
   * representation, and V8 then discards every function compiled against it. */
  private readonly gbs = new Float64Array(3);

  // ---- requests ----
  // Counted here and handed to the recorder at the end: a field of this class costs the hot
  // path less than an element of one of the recorder's arrays.
  private requests = 0;
  private ok = 0;
  private colds = 0; // cold starts, each also a first call
  private active = 0;
  private busyCount = 0; // calls in flight (fn.inflight)

  // ---- instances, by id = creation order ----
  private count = 0;
  private createdAt = new Float64Array(0);
  private vclock = new Float64Array(0);
  private lastAdvance = new Float64Array(0);
  private lastDeparture = new Float64Array(0);
  private busySince = new Float64Array(0);
  private busyTime = new Float64Array(0);
  private busy = new Uint8Array(0);
  // the call an instance is working on
  private callArrive = new Float64Array(0);
  private callTrace = new Int32Array(0);
  private callCold = new Uint8Array(0);
  // the live instances as a list in creation order (the general path's fn.replicas)
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private head = -1;
  private tail = -1;
  private liveCount = 0;
  // idle instances: bit (id & 31) of word (id >> 5); no word above topWord has a bit set
  private idleBits = new Int32Array(0);
  private topWord = -1;

  constructor(
    cfg: SimConfig,
    private readonly seed: number,
    /** Told the simulated time at each time-series sample, as the general path does. */
    private readonly onTick: ((now: number) => void) | null,
    keepSamples: boolean,
    queue: CompletionQueue,
  ) {
    const fn = cfg.functions[0]!;
    const name = fn.name;
    const streams = createStreams(seed);
    this.rec = new Recorder([name], keepSamples);
    this.arrivals = createArrivals(cfg.workload, cfg.horizon, streams.stream('arrivals'));
    this.uStart = streams.stream(`container-start:${name}`);
    this.uInit = streams.stream(`init:${name}`);
    this.uFirst = streams.stream(`first-call:${name}`);
    // The general path draws these through Samplers (replication.ts): the same sequence as
    // sample() on the same stream, while sample() at a call site that sees one family
    // inlines here without the Sampler's reserve.
    this.warm = fn.warm;
    this.coldCall = fn.coldCall;
    this.uWarm = streams.stream(`warm:${name}`);
    this.uCold = streams.stream(`cold-call:${name}`);
    this.containerStart = fn.containerStart;
    this.init = fn.init;
    this.firstCall = fn.firstCall;
    // The general path's own progressRate, for one job on a node without a core limit (an
    // instance only ever holds one call), so the two paths cannot drift apart.
    const lone = new Replica(0, new FnState(fn, 1), new NodeState(cfg.nodes[0]!, 0), 0, 0);
    lone.f = fn.cpuFraction;
    lone.jobCount = 1;
    this.rate1 = progressRate(lone, 1);
    this.keepAlive = fn.scaling.keepAlive;
    this.maxInstances = fn.scaling.max;
    this.gb = fn.chargedMemoryGB;
    this.limit = cfg.horizon + cfg.drainLimit;
    this.step = seriesStep(cfg.output.timeSeriesStep, this.limit);
    this.spans = cfg.output.spans;
    // A first guess at the completions' spacing, corrected once they are measured.
    const m = fn.warm.mean();
    this.width[INV_WIDTH] = m > 0 && Number.isFinite(m) ? 64 / m : 1;
    // Only the speed depends on this choice: both give the (time, seq) order.
    const inFlight = (expectedArrivals(cfg.workload, cfg.horizon) / cfg.horizon) * m;
    this.useHeap = queue === 'auto' ? inFlight < HEAP_BELOW : queue === 'heap';
    // Allocated here rather than where declared: V8 compiles a field stored only once as a
    // constant and discards all code compiled so when it is stored again, as growing does.
    this.resize(CAPACITY);
    // V8 keeps no type feedback for a function until it has been called a few times (lazy
    // feedback allocation, 8 calls), so the rehearsal is repeated past that.
    for (let k = 0; k < 16; k++) this.rehearseExpiry();
  }

  /** Takes the expiry path once before the run, on a phantom instance that leaves nothing
   * behind. Otherwise the first instance to expire (at λ = 90, ~1,000 s into the run) finds
   * arrive, sweepExpired and unloadIfExpired compiled without it: V8 throws that code away
   * and compiles it again, 10-20 ms each time (--trace-deopt: "insufficient type feedback").
   * The phantom is slot 0 before any instance exists, idle since -keepAlive, so at time 0 it
   * expires at exactly 0 and its close adds (0 - 0) × gb and 0 × gb: +0 to sums that are +0. */
  private rehearseExpiry(): void {
    if (!Number.isFinite(this.keepAlive)) return; // nothing ever expires
    this.createdAt[0] = 0;
    this.lastDeparture[0] = -this.keepAlive;
    this.busySince[0] = -1;
    this.busyTime[0] = 0;
    this.prev[0] = -1;
    this.next[0] = -1;
    this.head = 0;
    this.tail = 0;
    this.liveCount = 1;
    this.idleBits[0] = 1;
    this.sweepExpired(); // now = 0: unloads it, as of 0
    if (this.liveCount !== 0 || this.head !== -1 || this.idleBits[0] !== 0) throw new Error('LambdaKernel: the expiry rehearsal left its phantom instance behind');
  }

  run(): ReplicationRun {
    // The general path schedules the first sample, then the first arrival.
    this.sampleT = 0;
    this.sampleSeq = this.seq++;
    this.scheduleNextArrival();
    // The time series is sampled at a fixed step, and between two samples there are only
    // arrivals and completions: `advance` takes those, and the hot loop is its alone. (With
    // the sample in the same loop, V8 compiled the loop with the sample's rarely taken
    // branches in it, and discarded it when one was first taken.)
    while (this.advance() === SAMPLE_DUE && this.sampleT <= this.limit) {
      this.now = this.sampleT;
      this.events++;
      this.sample();
      // Here, between samples, not in advance(): the hot loop never sees the call.
      if (this.onTick !== null) this.onTick(this.now);
      this.sampleT = this.now + this.step;
      this.sampleSeq = this.seq++;
    }
    const rec = this.rec;
    rec.requests = this.requests; // no retries: one attempt each
    rec.attempts = this.requests;
    rec.outcomes[OK] = this.ok;
    rec.callOutcomes[0]![OK] = this.ok;
    rec.coldStarts[0] = this.colds;
    rec.firstCalls[0] = this.colds;
    if (this.colds > 0) rec.maxInflightSeen[0] = 1; // an instance holds one call at a time
    // Each request is one call, and both latencies run from the same arrival to the same
    // answer: the stage histogram is the end-to-end one, recorded once.
    rec.stageLatency[0]!.merge(rec.e2e);
    const cutOff = this.active > 0;
    if (cutOff) rec.outcomes[ABORTED]! += this.active;
    this.sample();
    // cluster.finish: expire what is due, then close the books of every live instance.
    this.sweepExpired();
    for (let id = this.head; id >= 0; id = this.next[id]!) this.closeCost(id, this.now);
    rec.replicaGBs = this.gbs[REPLICA]!;
    rec.busyGBs = this.gbs[BUSY]!;
    rec.invocationGBs = this.gbs[INVOCATION]!;
    return { seed: this.seed, recorder: rec, end: this.now, events: this.events, cutOff };
  }

  /** Takes arrivals and completions, earliest first by (time, seq), until the next sample is
   * due, the next event is past the limit, or the run is over; says which. */
  private advance(): number {
    const limit = this.limit;
    for (;;) {
      let kind = SAMPLE_DUE;
      let t = this.sampleT;
      let s = this.sampleSeq;
      if (this.arrivalT < t || (this.arrivalT === t && this.arrivalSeq < s)) {
        kind = ARRIVAL;
        t = this.arrivalT;
        s = this.arrivalSeq;
      }
      if (this.doneN > 0) {
        const tc = this.doneT[this.minId]!;
        if (tc < t || (tc === t && this.doneS[this.minId]! < s)) {
          kind = COMPLETION;
          t = tc;
        }
      }
      if (kind === SAMPLE_DUE) return SAMPLE_DUE;
      if (t > limit) return PAST_LIMIT;
      this.now = t;
      this.events++;
      if (kind === COMPLETION ? this.complete() : this.arrive()) return OVER;
    }
  }

  private scheduleNextArrival(): void {
    const t = this.arrivals.next();
    if (t === Infinity) {
      this.arrivalsDone = true;
      this.arrivalT = Infinity;
      return;
    }
    this.arrivalT = t;
    this.arrivalSeq = this.seq++;
  }

  /** A request arrives and is routed; true when the run is over (its 429 was the last). */
  private arrive(): boolean {
    const now = this.now;
    const request = this.requests++;
    this.active++;
    this.scheduleNextArrival();
    const trace = request < this.spans ? request : -1;
    // The most recently created idle instance still within its keep-alive; those found past
    // it are unloaded as of their expiry.
    const bits = this.idleBits;
    let id = -1;
    let w = this.topWord;
    for (;;) {
      while (w >= 0 && bits[w] === 0) w--;
      if (w < 0) break;
      const c = (w << 5) | (31 - Math.clz32(bits[w]!));
      if (!this.unloadIfExpired(c, now)) {
        bits[w]! &= ~(1 << (c & 31));
        id = c;
        break;
      }
    }
    this.topWord = w;
    let work: number;
    let cold = 0;
    if (id >= 0) {
      work = this.warm.sample(this.uWarm);
    } else {
      // A new instance, unless there are as many as allowed. (The general path sweeps expired
      // instances first; the search above has just looked at every idle one, so there is none.)
      if (this.liveCount >= this.maxInstances) return this.reject(now, trace);
      id = this.newInstance(now);
      cold = 1;
      // The unary plus types the cold draw as a number (a rare call, not inlined), so V8 keeps
      // `work` unboxed instead of boxing the warm draw every call.
      work = +this.coldWork();
    }
    // The watchdog takes the call, and its one job starts on the instance's virtual clock.
    this.busy[id] = 1;
    this.busyCount++;
    this.callArrive[id] = now;
    this.callTrace[id] = trace;
    this.callCold[id] = cold;
    this.vclock[id]! += (now - this.lastAdvance[id]!) * 1;
    this.lastAdvance[id] = now;
    if (this.busySince[id]! < 0) this.busySince[id] = now;
    // (The general path advances the clock again before the rate changes, by (now - now) * 1:
    // +0, which changes no value the clock can hold.)
    const target = this.vclock[id]! + work;
    const left = target - this.vclock[id]!;
    // into the calendar queue, after every entry of its slot with a time ≤ its own (its seq is
    // the newest, above every one there: on equal times those come first)
    const dt = now + (left > 0 ? left / this.rate1 : 0);
    const doneT = this.doneT;
    if (this.useHeap) {
      // onto the heap, sifted up by time (its seq is the newest: on equal times the parent is first)
      const heapId = this.heapId;
      doneT[id] = dt;
      this.doneS[id] = this.seq++;
      let i = this.doneN++;
      while (i > 0) {
        const p = (i - 1) >> 2;
        const pid = heapId[p]!;
        if (doneT[pid]! <= dt) break;
        heapId[i] = pid;
        i = p;
      }
      heapId[i] = id;
      this.minId = heapId[0]!;
      return false;
    }
    const doneNext = this.doneNext;
    let b = Math.floor(dt * this.width[INV_WIDTH]!);
    if (!(b <= MAX_BUCKET)) b = MAX_BUCKET;
    const slot = (b | 0) & (SLOTS - 1);
    doneT[id] = dt;
    this.doneS[id] = this.seq++;
    this.doneB[id] = b;
    let e = this.slotHead[slot]!;
    if (e < 0 || doneT[e]! > dt) {
      doneNext[id] = e;
      this.slotHead[slot] = id;
      this.slotBits[slot >> 5]! |= 1 << (slot & 31);
    } else {
      for (let f = doneNext[e]!; f >= 0 && doneT[f]! <= dt; f = doneNext[f]!) e = f;
      doneNext[id] = doneNext[e]!;
      doneNext[e] = id;
    }
    if (this.doneN++ === 0 || dt < doneT[this.minId]!) this.minId = id;
    return false;
  }

  /** A new instance's work: its container start, init, first call and warm call, or the
   * measured cold call that stands for them. */
  private coldWork(): number {
    return this.coldCall
      ? this.coldCall.sample(this.uCold)
      : this.containerStart.sample(this.uStart) + this.init.sample(this.uInit) + this.firstCall.sample(this.uFirst) + this.warm.sample(this.uWarm);
  }

  /** No idle instance and no room for another: 429. */
  private reject(now: number, trace: number): boolean {
    const rec = this.rec;
    rec.callOutcomes[0]![E429]!++;
    if (trace >= 0) this.span(trace, now, now, E429, 0);
    rec.outcomes[E429]!++;
    this.active--;
    return this.arrivalsDone && this.active === 0;
  }

  /** The earliest completion: the instance goes idle and its request ends; true when the run is over. */
  private complete(): boolean {
    const now = this.now;
    const id = this.minId;
    if (this.useHeap) {
      // off the heap: the root, and the last entry sifted down in its place
      const heapId = this.heapId;
      const doneT = this.doneT;
      const doneS = this.doneS;
      const n = --this.doneN;
      if (n > 0) {
        const last = heapId[n]!;
        const lt = doneT[last]!;
        const ls = doneS[last]!;
        let i = 0;
        for (;;) {
          const c0 = 4 * i + 1;
          if (c0 >= n) break;
          let c = heapId[c0]!;
          let ct = doneT[c]!;
          let ci = c0;
          const cEnd = c0 + 4 < n ? c0 + 4 : n;
          for (let k = c0 + 1; k < cEnd; k++) {
            const kid = heapId[k]!;
            const kt = doneT[kid]!;
            if (kt < ct || (kt === ct && doneS[kid]! < doneS[c]!)) {
              c = kid;
              ct = kt;
              ci = k;
            }
          }
          if (!(ct < lt || (ct === lt && doneS[c]! < ls))) break;
          heapId[i] = c;
          i = ci;
        }
        heapId[i] = last;
        this.minId = heapId[0]!;
      }
    } else {
      // off the calendar queue: the earliest entry is the head of its slot's list
      const b0 = this.doneB[id]!;
      const slot0 = (b0 | 0) & (SLOTS - 1);
      const after = this.doneNext[id]!;
      this.slotHead[slot0] = after;
      if (after < 0) this.slotBits[slot0 >> 5]! &= ~(1 << (slot0 & 31));
      // the next in its list is the earliest when it is in the same bucket (often, at λ = 90)
      if (--this.doneN > 0) {
        if (after >= 0 && this.doneB[after] === b0) this.minId = after;
        else this.findEarliest(b0, slot0);
      }
      if (++this.widthCount === this.widthDue) this.checkWidth(now);
    }
    this.vclock[id]! += (now - this.lastAdvance[id]!) * this.rate1;
    this.lastAdvance[id] = now; // (and the general path's second advance: +0, as in arrive)
    this.busy[id] = 0;
    this.busyCount--;
    const tArrive = this.callArrive[id]!;
    this.gbs[INVOCATION]! += (now - tArrive) * this.gb;
    if (this.busySince[id]! >= 0) {
      this.busyTime[id]! += now - this.busySince[id]!;
      this.busySince[id] = -1;
    }
    this.lastDeparture[id] = now;
    const w = id >> 5;
    this.idleBits[w]! |= 1 << (id & 31);
    if (w > this.topWord) this.topWord = w;
    this.ok++;
    const trace = this.callTrace[id]!;
    if (trace >= 0) this.span(trace, tArrive, now, OK, this.callCold[id]!);
    this.rec.e2e.record(now - tArrive); // and the stage's, the same values: copied at the end
    this.active--;
    return this.arrivalsDone && this.active === 0;
  }

  /** Sets minId to the earliest entry, searching from bucket b, in slot `slot`:
   * the next slot with a list, through the bitmap, whose head is in the bucket that slot
   * stands for in this turn of the ring; a whole turn without one (a gap longer than the
   * ring) falls back to the earliest of all the slots' heads. */
  private findEarliest(b: number, slot: number): void {
    const bits = this.slotBits;
    const head = this.slotHead;
    const doneB = this.doneB;
    let scanned = 0;
    for (;;) {
      // the first slot with a list at or after `slot`, around the ring
      let w = slot >> 5;
      let word = bits[w]! & (-1 << (slot & 31));
      while (word === 0) {
        w = (w + 1) & ((SLOTS >> 5) - 1);
        word = bits[w]!;
      }
      const found = (w << 5) | (31 - Math.clz32(word & -word));
      const d = (found - slot) & (SLOTS - 1);
      b += d;
      scanned += d;
      const h = head[found]!;
      if (doneB[h] === b) {
        this.minId = h;
        return;
      }
      if (scanned >= SLOTS) break;
      b += 1;
      scanned += 1;
      slot = (found + 1) & (SLOTS - 1);
    }
    this.earliestOfAll();
  }

  private earliestOfAll(): void {
    const doneT = this.doneT;
    const doneS = this.doneS;
    let best = -1;
    for (let slot = 0; slot < SLOTS; slot++) {
      const h = this.slotHead[slot]!;
      if (h >= 0 && (best < 0 || doneT[h]! < doneT[best]! || (doneT[h] === doneT[best] && doneS[h]! < doneS[best]!))) best = h;
    }
    this.minId = best;
  }

  /** Every WIDTH_CHECK completions (the first time sooner): a bucket as wide as the mean spacing of the completions
   * since the last check, when it is off by more than 2×, and every entry moved to its new
   * slot (the same lists in the same order: the order of a slot's entries is theirs in time). */
  private checkWidth(now: number): void {
    const spacing = (now - this.width[SINCE]!) / this.widthCount;
    this.widthCount = 0;
    this.widthDue = WIDTH_CHECK;
    this.width[SINCE] = now;
    if (!(spacing > 0 && Number.isFinite(spacing))) return;
    const width = 1 / this.width[INV_WIDTH]!;
    if (spacing < 2 * width && spacing > 0.5 * width) return;
    this.width[INV_WIDTH] = 1 / spacing;
    // gather the entries in (time, seq) order: slot by slot, then merged by an insertion
    const ids: number[] = [];
    for (let slot = 0; slot < SLOTS; slot++) {
      for (let e = this.slotHead[slot]!; e >= 0; e = this.doneNext[e]!) ids.push(e);
      this.slotHead[slot] = -1;
    }
    this.slotBits.fill(0);
    const doneT = this.doneT;
    const doneS = this.doneS;
    ids.sort((x, y) => doneT[x]! - doneT[y]! || doneS[x]! - doneS[y]!);
    // appended in order, each list stays sorted; tails kept in a map for the appending
    const tail = new Int32Array(SLOTS).fill(-1);
    for (const id of ids) {
      let b = Math.floor(doneT[id]! * this.width[INV_WIDTH]!);
      if (!(b <= MAX_BUCKET)) b = MAX_BUCKET;
      const slot = (b | 0) & (SLOTS - 1);
      this.doneB[id] = b;
      this.doneNext[id] = -1;
      if (tail[slot]! < 0) {
        this.slotHead[slot] = id;
        this.slotBits[slot >> 5]! |= 1 << (slot & 31);
      } else this.doneNext[tail[slot]!] = id;
      tail[slot] = id;
    }
  }

  private span(request: number, start: number, end: number, outcome: number, cold: number): void {
    const spans = this.rec.spans;
    if (spans.length >= MAX_SPANS) return;
    spans.push({
      request,
      fn: this.rec.fnNames[0]!,
      clip: -1,
      frame: -1,
      start,
      route: start,
      end,
      outcome: OUTCOME_NAMES[outcome]!,
      cold: cold === 1,
      firstCall: cold === 1,
    });
  }

  private sample(): void {
    this.sweepExpired();
    const rec = this.rec;
    const now = this.now;
    rec.seriesT.push(now);
    const s = rec.series[0]!;
    s.ready.push(0); // Lambda instances are picked from the idle set, never marked ready
    s.replicas.push(this.liveCount);
    s.inflight.push(this.busyCount);
    s.queued.push(0);
    if (now > 0) {
      // Math.min and max rather than a test and a store: a new extreme is rare, and a store
      // that V8 has not seen made by the time it compiles the loop would discard that code.
      rec.minLive[0] = Math.min(rec.minLive[0]!, this.liveCount);
      rec.maxLive[0] = Math.max(rec.maxLive[0]!, this.liveCount);
    }
  }

  // ---- instances -------------------------------------------------------------------------

  private newInstance(now: number): number {
    if (this.count === this.createdAt.length) this.resize(2 * this.count);
    const id = this.count++;
    this.createdAt[id] = now;
    this.vclock[id] = 0;
    this.lastAdvance[id] = now;
    this.lastDeparture[id] = now;
    this.busySince[id] = -1;
    this.busyTime[id] = 0;
    this.prev[id] = this.tail;
    this.next[id] = -1;
    if (this.tail >= 0) this.next[this.tail] = id;
    else this.head = id;
    this.tail = id;
    this.liveCount++;
    this.colds++;
    return id;
  }

  /** Unloads an idle instance as of `at` (its expiry). */
  private destroy(id: number, at: number): void {
    this.idleBits[id >> 5]! &= ~(1 << (id & 31));
    const p = this.prev[id]!;
    const n = this.next[id]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.liveCount--;
    this.closeCost(id, at);
  }

  private closeCost(id: number, end: number): void {
    if (this.busySince[id]! >= 0) {
      this.busyTime[id]! += end - this.busySince[id]!;
      this.busySince[id] = -1;
    }
    this.gbs[REPLICA]! += (end - this.createdAt[id]!) * this.gb;
    this.gbs[BUSY]! += this.busyTime[id]! * this.gb;
  }

  /** Unloads every idle instance past its keep-alive, newest first (as the general path). */
  private sweepExpired(): void {
    const now = this.now;
    for (let id = this.tail; id >= 0; ) {
      const p = this.prev[id]!;
      if (this.busy[id] === 0) this.unloadIfExpired(id, now);
      id = p;
    }
  }

  /** Unloads idle instance `id` as of its expiry if it is past its keep-alive at `now`; true if
   * it was. Routing and the sweeps share this one function for V8's sake as well: optimised
   * code has nothing for a call never seen made, and is thrown away when it first makes one.
   * Routing meets an expired instance rarely and late, the sweeps meet them sooner, and what
   * either has seen, both know (in the benchmark this spares arrive's recompilation in about
   * half the runs, not all). */
  private unloadIfExpired(id: number, now: number): boolean {
    const expiry = this.lastDeparture[id]! + this.keepAlive;
    if (expiry > now) return false;
    this.destroy(id, expiry);
    return true;
  }

  /** Room for `n` instances (at least as many as there are). */
  private resize(n: number): void {
    this.createdAt = resized(this.createdAt, n);
    this.vclock = resized(this.vclock, n);
    this.lastAdvance = resized(this.lastAdvance, n);
    this.lastDeparture = resized(this.lastDeparture, n);
    this.busySince = resized(this.busySince, n);
    this.busyTime = resized(this.busyTime, n);
    this.busy = resized(this.busy, n);
    this.callArrive = resized(this.callArrive, n);
    this.callTrace = resized(this.callTrace, n);
    this.callCold = resized(this.callCold, n);
    this.prev = resized(this.prev, n);
    this.next = resized(this.next, n);
    // at most every instance is busy
    this.doneT = resized(this.doneT, n);
    this.doneS = resized(this.doneS, n);
    this.doneB = resized(this.doneB, n);
    this.doneNext = resized(this.doneNext, n);
    this.heapId = resized(this.heapId, n);
    this.idleBits = resized(this.idleBits, (n + 31) >> 5);
  }
}

type NumberArray = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** A copy of `a` with length n (n ≥ a.length). */
function resized<A extends NumberArray>(a: A, n: number): A {
  const b = new (a.constructor as new (length: number) => A)(n);
  b.set(a);
  return b;
}
