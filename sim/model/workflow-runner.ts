// The orchestrator running a workflow (a compiled plan, sim/workflow/plan.ts): any ASL
// machine of the subset docs/workflows.md describes, the VideoSearcher pipeline among them.
// Each Task is a call through the gateway with its own timeout; a failed call is retried by
// the Task's first matching retrier (after IntervalSeconds × BackoffRate^(n-1), or at once
// when that is 0), else caught by its first matching catcher (on to the catcher's Next),
// else it aborts the execution with its cause. After each successful call the orchestrator
// may do work of its own (overheads.orchestrator), a job on its replica that its other
// requests' work shares, then records the result in requests/<id>/metadata/state.json by
// read-modify-write against S3: `naive` overwrites whatever landed since its read (a lost
// update, counted), `cas` writes with If-Match and re-reads on conflict, `temp-file` is
// naive through one temp file per orchestrator process (the original FAVE's race:
// overlapping uploads in one process fail).
// Parallel branches and Map items are child tokens joined when all have ended. In
// `sequential` mode one runs at a time (the original FAVE walked clips and frames so); in
// `parallel` mode all at once, or up to a Map's MaxConcurrency.
// Random draws come in the order the hard-wired pipeline made them, which is what keeps
// every pinned result bit for bit: the counts of top-level Maps when the run begins (they
// are a property of the execution's input), a nested Map's when it is entered, then per
// call the orchestrator's work, the state.json read and write.
import type { Sampler } from '../dist/sampler.ts';
import type { Uniform } from '../dist/spec.ts';
import type { Engine } from '../engine/engine.ts';
import { matches } from '../workflow/error-names.ts';
import { FAIL, MAP, PARALLEL, type Plan, SUCCEED, TASK } from '../workflow/plan.ts';
import { type Call, OWNER_WORKFLOW } from './call.ts';
import type { SimConfig, WorkflowConfig } from './config.ts';
import { ABORTED, E429, OK, OUTCOME_NAMES } from './outcome.ts';
import type { CallOwner, Driver, Platform } from './platform.ts';
import type { Replica } from './replica.ts';
import { Run, Token } from './workflow-token.ts';
import { type JobSink, type QueueWorker, SINK_WORKFLOW } from './queue-worker.ts';

export interface WorkflowStreams {
  fanout: Uniform;
  /** The jitter of the waits between a 429's retries (drawn only when one happens). */
  overloadJitter: Uniform;
  stateGet: Sampler;
  statePut: Sampler;
  /** The orchestrator's own work after each Task's call; null = none. */
  orchestratorWork: Sampler | null;
}

export class WorkflowRunner implements CallOwner, Driver, JobSink {
  private readonly runs: Run[] = [];
  private readonly freeRuns: Run[] = [];
  private readonly tokens: Token[] = [];
  private readonly freeTokens: Token[] = [];
  private readonly evStateWrite: number;
  private readonly evRetry: number;
  private readonly w: WorkflowConfig;
  private readonly plan: Plan;
  private readonly sequential: boolean;
  /** The queue-worker its asynchronous steps go to, and per function whether a Task calls
   * it so (AsyncConfig.steps); null when no step is asynchronous. */
  queue: QueueWorker | null = null;
  private readonly asyncStep: Uint8Array | null;
  /** temp-file: per orchestrator replica, until when its temp file is being uploaded. */
  private readonly tempFiles = new Map<Replica, { life: number; until: number }>();

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly platform: Platform,
    private readonly rnd: WorkflowStreams,
  ) {
    this.w = cfg.workflow!;
    this.plan = this.w.plan;
    this.sequential = this.w.mode === 'sequential';
    this.asyncStep = cfg.async?.steps ?? null;
    this.evStateWrite = engine.on('state.json write', (id, gen) => this.onStateWrite(id, gen));
    this.evRetry = engine.on('task retry', (id, gen) => this.onRetry(id, gen));
  }

  // ---- Driver: the orchestrator call starts and loses runs ---------------------------------

  begin(call: Call): void {
    const run = this.freeRuns.pop() ?? this.newRun();
    run.gen++;
    run.call = call;
    run.callGen = call.gen;
    const maps = this.plan.maps;
    for (let m = 0; m < maps.length; m++) {
      const slot = maps[m]!.topSlot;
      if (slot >= 0) run.counts[slot] = this.drawCount(m);
    }
    run.liveTokens = 0;
    run.stateVersion = 0;
    run.done = false;
    run.trace = call.trace;
    this.enter(this.newToken(run, null, 0, -1, -1));
  }

  lost(call: Call): void {
    for (const run of this.runs) {
      if (!run.done && run.call === call && run.callGen === call.gen) {
        run.done = true; // its tokens' calls go on as orphans; their results go nowhere
        run.call = null;
        this.maybeFreeRun(run);
      }
    }
  }

  // ---- CallOwner: a Task's call has an outcome ----------------------------------------------

  onOutcome(tokenId: number, tokenGen: number, _call: Call | null, code: number): void {
    const t = this.tokens[tokenId]!;
    if (t.gen !== tokenGen) return;
    const run = t.run!;
    if (t.working) {
      t.working = false;
      // Not OK: the orchestrator's replica died, and with it the run (Driver.lost).
      if (run.done || code !== OK) return this.drop(t);
      return this.record(t);
    }
    if (run.done) return this.drop(t);
    if (code !== OK) return this.failed(t, code);
    const work = this.rnd.orchestratorWork;
    if (work && run.call) {
      t.working = true;
      return this.platform.orchestratorWork(run.call, work, OWNER_WORKFLOW, t.id, t.gen);
    }
    this.record(t);
  }

  /** A Task's call failed: its first matching retrier decides (ASL: an exhausted one passes
   * the error to Catch, not to the next retrier), then its first matching catcher. */
  private failed(t: Token, code: number): void {
    // The orchestrator's own answer to a 429 comes first: it calls again after a short
    // random wait, below ASL's retriers (stages/orchestrator/gateway-client.ts).
    const overload = this.w.overload;
    if (code === E429 && t.overloadTries + 1 < overload.attempts) {
      const bound = Math.min(overload.backoffMax, overload.backoff * Math.pow(2, Math.min(t.overloadTries++, 16)));
      return this.engine.after(this.rnd.overloadJitter() * bound, this.evRetry, t.id, t.gen);
    }
    const p = this.plan;
    const s = t.state;
    const from = p.retryFrom[s]!;
    for (let r = from; r < p.retryTo[s]!; r++) {
      if (!matches(p.retryMask[r]!, code)) continue;
      if (t.attempts[r - from]! < p.retryMax[r]!) {
        const n = ++t.attempts[r - from]!;
        t.overloadTries = 0; // a new call: the orchestrator's 429 budget starts again
        const wait = p.retryInterval[r]! * Math.pow(p.retryBackoff[r]!, n - 1);
        if (wait > 0) return this.engine.after(wait, this.evRetry, t.id, t.gen);
        return this.invoke(t);
      }
      break;
    }
    for (let c = p.catchFrom[s]!; c < p.catchTo[s]!; c++) {
      if (!matches(p.catchMask[c]!, code)) continue;
      t.state = p.catchNext[c]!;
      return this.enter(t);
    }
    const run = t.run!;
    this.platform.rec.abort(this.cfg.functions[t.fn]!.name, OUTCOME_NAMES[code]!);
    this.finish(run, ABORTED);
    this.drop(t);
  }

  private onRetry(id: number, gen: number): void {
    const t = this.tokens[id]!;
    if (t.gen !== gen) return;
    if (t.run!.done) return this.drop(t);
    this.invoke(t);
  }

  /** After a Task's call (and the orchestrator's own work on it): the state.json write. */
  private record(t: Token): void {
    if (this.cfg.state.mode === 'off') return this.advance(t);
    t.stateAttempts = 0;
    this.readModifyWrite(t);
  }

  /** GET state.json, then PUT it back. One event, when the PUT lands: the version the GET
   * saw is known then from when each write landed (the run's bumps), so the read needs
   * no event of its own. A write landing exactly as the read returns counts as seen. */
  private readModifyWrite(t: Token): void {
    const get = this.rnd.stateGet.next();
    const put = this.rnd.statePut.next();
    const now = this.engine.now;
    t.readAt = now + get;
    if (this.cfg.state.mode === 'temp-file') this.claimTempFile(t, put);
    this.engine.at(t.readAt + put, this.evStateWrite, t.id, t.gen);
  }

  /**
   * The original FAVE wrote each state.json through one temp file per orchestrator process
   * (write it, upload it, delete it). Two uploads at once in one process collide: the later
   * one rewrites the file under the earlier's upload (a checksum mismatch) or finds it
   * deleted by it. Modelled as: an upload that starts while another of the same process is
   * under way fails its request (the model's one simplification: which of the two fails).
   */
  private claimTempFile(t: Token, put: number): void {
    const r = t.run!.call?.replica;
    if (!r) return;
    const held = this.tempFiles.get(r);
    if (held && held.life === r.lifeGen && t.readAt < held.until) {
      t.raced = true;
      return;
    }
    this.tempFiles.set(r, { life: r.lifeGen, until: t.readAt + put });
  }

  private onStateWrite(id: number, gen: number): void {
    const t = this.tokens[id]!;
    if (t.gen !== gen) return;
    const run = t.run!;
    const rec = this.platform.rec;
    if (t.raced) {
      t.raced = false;
      rec.abort('state.json', 'temp-file-race');
      this.finish(run, ABORTED);
      return this.drop(t);
    }
    const behind = run.writesSinceRead(t);
    if (behind > 0 && this.cfg.state.mode === 'cas') {
      // If-Match fails (412): read again and retry.
      rec.stateConflicts++;
      if (++t.stateAttempts >= this.cfg.state.maxAttempts) {
        rec.abort('state.json', 'cas-conflict');
        this.finish(run, ABORTED);
        return this.drop(t);
      }
      return this.readModifyWrite(t);
    }
    rec.stateWrites++;
    if (behind > 0) rec.lostUpdates += behind; // naive: overwrote what landed since the read
    run.bump(this.engine);
    if (run.done) return this.drop(t);
    this.advance(t);
  }

  // ---- walking the plan ---------------------------------------------------------------------

  /** The token's state is done: on to its Next, or the end of its States. */
  private advance(t: Token): void {
    const next = this.plan.next[t.state]!;
    if (next < 0) return this.scopeEnd(t);
    t.state = next;
    this.enter(t);
  }

  private enter(t: Token): void {
    const p = this.plan;
    const s = t.state;
    switch (p.kind[s]) {
      case TASK: {
        t.fn = this.w.fn[s]!;
        for (let k = p.retryTo[s]! - p.retryFrom[s]! - 1; k >= 0; k--) t.attempts[k] = 0;
        t.overloadTries = 0;
        return this.invoke(t);
      }
      case PARALLEL: {
        t.items = p.childTo[s]! - p.childFrom[s]!;
        return this.join(t, this.sequential ? 1 : t.items);
      }
      case MAP: {
        const m = p.map[s]!;
        const info = p.maps[m]!;
        t.items = info.topSlot >= 0 ? t.run!.counts[info.topSlot]! : this.drawCount(m);
        return this.join(t, this.sequential ? 1 : info.concurrency > 0 ? info.concurrency : t.items);
      }
      case SUCCEED:
        return this.scopeEnd(t);
      case FAIL: {
        this.platform.rec.abort(p.names[s]!, p.failError[s]!);
        this.finish(t.run!, ABORTED);
        return this.drop(t);
      }
    }
  }

  /** A Parallel's branches or a Map's items: `limit` at a time, the token waiting for all. */
  private join(t: Token, limit: number): void {
    t.nextItem = 0;
    t.running = 0;
    t.limit = limit;
    this.fill(t);
  }

  /**
   * Starts branches or items while there are some left and room for them. A child that ends
   * at once (a Map of no items, a call refused on the spot) only counts down while this loop
   * runs, so a long run of such children is a loop here, not a recursion. A call can fail
   * synchronously (429, 503) and abort the run mid-loop: spawning stops then.
   */
  private fill(t: Token): void {
    const run = t.run!;
    const p = this.plan;
    const s = t.state;
    t.spawning = true;
    while (t.nextItem < t.items && t.running < t.limit && !run.done) {
      const i = t.nextItem++;
      t.running++;
      let child: Token;
      if (p.kind[s] === PARALLEL) {
        child = this.newToken(run, t, p.children[p.childFrom[s]! + i]!, t.clip, t.frame);
      } else {
        // Spans name a call's item at the first two Map levels (VideoSearcher's clip, frame).
        const depth = p.maps[p.map[s]!]!.depth;
        const start = p.children[p.childFrom[s]!]!;
        child = depth === 0 ? this.newToken(run, t, start, i, t.frame) : depth === 1 ? this.newToken(run, t, start, t.clip, i) : this.newToken(run, t, start, t.clip, t.frame);
      }
      this.enter(child);
    }
    t.spawning = false;
    if (t.running > 0) return;
    if (run.done) return this.drop(t);
    this.advance(t);
  }

  /** The token reached the end of its States: the execution succeeds, or a branch or an
   * item is done and its join may go on. */
  private scopeEnd(t: Token): void {
    const parent = t.parent;
    const run = t.run!;
    this.endToken(t);
    if (parent === null) return this.finish(run, OK);
    parent.running--;
    if (!parent.spawning) this.fill(parent);
  }

  /** A token of a run that has ended (aborted or lost) stops; a join left waiting on no one goes too. */
  private drop(t: Token): void {
    const parent = t.parent;
    this.endToken(t);
    if (parent !== null && parent.run !== null && --parent.running === 0 && !parent.spawning) this.drop(parent);
  }

  /** A Task's function answered through the queue-worker: its callback, as a call's outcome. */
  jobEnded(tokenId: number, tokenGen: number, code: number): void {
    this.onOutcome(tokenId, tokenGen, null, code);
  }

  private invoke(t: Token): void {
    // An asynchronous step: 202, then the orchestrator waits for the callback (the Task's
    // timeout does not apply to a queued call; the queue-worker's and gateway's do).
    if (this.asyncStep !== null && this.asyncStep[t.fn] === 1) return this.queue!.submit(t.fn, SINK_WORKFLOW, t.id, t.gen, t.run!.trace);
    this.platform.invoke(t.fn, OWNER_WORKFLOW, t.id, t.gen, this.w.timeout[t.state]!, t.run!.trace, t.clip, t.frame);
  }

  private drawCount(m: number): number {
    return Math.max(0, Math.round(this.w.counts[m]!.sample(this.rnd.fanout)));
  }

  // ---- bookkeeping -----------------------------------------------------------------------------

  private finish(run: Run, code: number): void {
    if (run.done) return;
    run.done = true;
    const call = run.call;
    run.call = null;
    if (call && call.gen === run.callGen) this.platform.finishDriven(call, code);
    this.maybeFreeRun(run);
  }

  private newRun(): Run {
    const r = new Run(this.runs.length, this.plan.topMaps);
    this.runs.push(r);
    return r;
  }

  private newToken(run: Run, parent: Token | null, state: number, clip: number, frame: number): Token {
    let t = this.freeTokens.pop();
    if (!t) {
      t = new Token(this.tokens.length, this.plan.maxRetriers);
      this.tokens.push(t);
    }
    t.gen++;
    t.run = run;
    t.parent = parent;
    t.state = state;
    t.clip = clip;
    t.frame = frame;
    t.items = 0;
    t.nextItem = 0;
    t.running = 0;
    t.spawning = false;
    t.working = false;
    t.raced = false;
    run.liveTokens++;
    return t;
  }

  private endToken(t: Token): void {
    if (t.run === null) return;
    const run = t.run;
    t.run = null;
    t.parent = null;
    t.gen++;
    this.freeTokens.push(t);
    run.liveTokens--;
    this.maybeFreeRun(run);
  }

  private maybeFreeRun(run: Run): void {
    if (run.done && run.liveTokens === 0 && run.call === null) {
      run.gen++;
      this.freeRuns.push(run);
    }
  }
}
