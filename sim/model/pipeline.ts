// The VideoSearcher pipeline as the orchestrator drives it (docs/design.md): ffmpeg-0 -> librosa
// -> ffmpeg-1 -> per clip: ffmpeg-2 -> deepspeech -> ffmpeg-3 -> per frame: object-detector.
// After each stage call the orchestrator records the result in requests/<id>/metadata/
// state.json by read-modify-write against S3: `naive` overwrites whatever landed since its
// read (a lost update, counted), `cas` writes with If-Match and re-reads on conflict,
// `temp-file` is naive through one temp file per orchestrator process (the original FAVE's
// race: overlapping uploads in one process fail).
// Fan-out is `sequential` (one task walks every clip and frame, as the original) or
// `parallel` (a task per clip, and per frame). Before that write, the orchestrator may do
// work of its own on the call (overheads.orchestrator: driving it, recording it), a job on
// its replica that its other requests' work shares.
import type { Sampler } from '../dist/sampler.ts';
import type { Uniform } from '../dist/spec.ts';
import type { Engine } from '../engine/engine.ts';
import { type Call, OWNER_PIPELINE } from './call.ts';
import type { SimConfig } from './config.ts';
import { ABORTED, OK, OUTCOME_NAMES } from './outcome.ts';
import type { CallOwner, Driver, Platform } from './platform.ts';
import type { Replica } from './replica.ts';

const HEAD = 0; // ffmpeg-0, librosa, ffmpeg-1 (sequential mode: then every clip too)
const CLIP = 1; // ffmpeg-2, deepspeech, ffmpeg-3, then its frames
const FRAME = 2; // object-detector

class Run {
  gen = 0;
  call: Call | null = null;
  callGen = 0;
  clips = 0;
  pendingClips = 0;
  liveTasks = 0;
  /** Writes to state.json so far; bumps[i] is when write i landed (in time order). */
  stateVersion = 0;
  bumps = new Float64Array(16);
  done = false;
  trace = -1;
  constructor(readonly id: number) {}

  // The two below take the task and the engine rather than a time: a double passed to a
  // call V8 does not inline is boxed, an allocation per state write.

  /** A write lands now. */
  bump(engine: Engine): void {
    if (this.stateVersion === this.bumps.length) {
      const more = new Float64Array(this.bumps.length * 2);
      more.set(this.bumps);
      this.bumps = more;
    }
    this.bumps[this.stateVersion++] = engine.now;
  }

  /** How many writes landed after t's read returned (all have landed by now). */
  writesSinceRead(t: Task): number {
    const readAt = t.readAt;
    let i = this.stateVersion;
    while (i > 0 && this.bumps[i - 1]! > readAt) i--;
    return this.stateVersion - i;
  }
}

class Task {
  gen = 0;
  run: Run | null = null;
  kind = HEAD;
  step = 0; // HEAD: 0..2 (ffmpeg-0, librosa, ffmpeg-1), then 3 = walking clips; FRAME: 0..1
  clipStep = 0; // 0..2: ffmpeg-2, deepspeech, ffmpeg-3 next; 3: frames to draw; 4: frames
  clip = 0;
  frame = 0;
  frames = 0;
  pending = 0; // CLIP in parallel mode: frames not yet done
  parent: Task | null = null;
  fn = 0;
  stageAttempts = 0;
  stateAttempts = 0;
  readAt = 0; // when the state.json read of the write in flight returns
  raced = false; // temp-file: its upload began while another of the same process was under way
  /** Its outcome to come is the orchestrator's own work after a stage call, not a call. */
  working = false;
  constructor(readonly id: number) {}
}

export interface PipelineStreams {
  fanout: Uniform;
  stateGet: Sampler;
  statePut: Sampler;
  /** The orchestrator's own work after each stage call; null = none. */
  orchestratorWork: Sampler | null;
}

export class Pipeline implements CallOwner, Driver {
  private readonly runs: Run[] = [];
  private readonly freeRuns: Run[] = [];
  private readonly tasks: Task[] = [];
  private readonly freeTasks: Task[] = [];
  private readonly evStateWrite: number;
  private readonly s: SimConfig['pipeline']['stages'];
  /** temp-file: per orchestrator replica, until when its temp file is being uploaded. */
  private readonly tempFiles = new Map<Replica, { life: number; until: number }>();

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly platform: Platform,
    private readonly rnd: PipelineStreams,
  ) {
    this.s = cfg.pipeline.stages;
    this.evStateWrite = engine.on('state.json write', (id, gen) => this.onStateWrite(id, gen));
  }

  // ---- Driver: the orchestrator call starts and loses runs ---------------------------------

  begin(call: Call): void {
    const run = this.freeRuns.pop() ?? this.newRun();
    run.gen++;
    run.call = call;
    run.callGen = call.gen;
    run.clips = Math.max(0, Math.round(this.cfg.pipeline.clipsPerVideo.sample(this.rnd.fanout)));
    run.pendingClips = run.clips;
    run.liveTasks = 0;
    run.stateVersion = 0;
    run.done = false;
    run.trace = call.trace;
    const t = this.newTask(run, HEAD, null);
    this.invokeStep(t);
  }

  lost(call: Call): void {
    for (const run of this.runs) {
      if (!run.done && run.call === call && run.callGen === call.gen) {
        run.done = true; // its tasks' calls go on as orphans; their results go nowhere
        run.call = null;
        this.maybeFreeRun(run);
      }
    }
  }

  // ---- CallOwner: a stage call has an outcome ----------------------------------------------

  onOutcome(taskId: number, taskGen: number, call: Call, code: number): void {
    const t = this.tasks[taskId]!;
    if (t.gen !== taskGen) return;
    const run = t.run!;
    if (t.working) {
      t.working = false;
      // Not OK: the orchestrator's replica died, and with it the run (Driver.lost).
      if (run.done || code !== OK) return this.drop(t);
      return this.record(t);
    }
    if (run.done) return this.drop(t);
    if (code !== OK) {
      if (t.stageAttempts < this.cfg.pipeline.stageRetries) {
        t.stageAttempts++;
        return this.invoke(t, call.frame);
      }
      this.platform.rec.abort(this.cfg.functions[t.fn]!.name, OUTCOME_NAMES[code]!);
      this.finish(run, ABORTED);
      return this.drop(t);
    }
    const work = this.rnd.orchestratorWork;
    if (work && run.call) {
      t.working = true;
      return this.platform.orchestratorWork(run.call, work.next(), OWNER_PIPELINE, t.id, t.gen);
    }
    this.record(t);
  }

  /** After a stage call (and the orchestrator's own work on it): the state.json write. */
  private record(t: Task): void {
    if (this.cfg.state.mode === 'off') return this.advance(t);
    t.stateAttempts = 0;
    this.readModifyWrite(t);
  }

  /** GET state.json, then PUT it back. One event, when the PUT lands: the version the GET
   * saw is known then from when each write landed (the run's bumps), so the read needs
   * no event of its own. A write landing exactly as the read returns counts as seen. */
  private readModifyWrite(t: Task): void {
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
  private claimTempFile(t: Task, put: number): void {
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
    const t = this.tasks[id]!;
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

  // ---- the DAG -------------------------------------------------------------------------------

  /** After a stage call and its state write: the task's next step. */
  private advance(t: Task): void {
    if (t.kind === FRAME || (t.kind === HEAD && t.step < 3)) t.step++;
    this.invokeStep(t);
  }

  private invokeStep(t: Task): void {
    const s = this.s;
    if (t.kind === FRAME) return t.step === 0 ? this.stage(t, s.objectDetector, t.frame) : this.frameDone(t);
    if (t.kind === CLIP) return this.walkClip(t);
    if (t.step < 3) return this.stage(t, t.step === 0 ? s.ffmpeg0 : t.step === 1 ? s.librosa : s.ffmpeg1, -1);
    if (this.cfg.pipeline.fanout === 'sequential') return this.walkClip(t);
    // Parallel: a task per clip, and the head task is done.
    const run = t.run!;
    this.endTask(t);
    if (run.clips === 0) return this.finish(run, OK);
    // A call can fail synchronously (429, 503) and abort the run mid-loop: stop spawning then.
    for (let c = 0; c < run.clips && !run.done; c++) {
      const ct = this.newTask(run, CLIP, null);
      ct.clip = c;
      this.walkClip(ct);
    }
  }

  /** A clip's steps: ffmpeg-2, deepspeech, ffmpeg-3, then its frames. The sequential head
   * task walks every clip in turn; in parallel mode each clip has its own task. */
  private walkClip(t: Task): void {
    const run = t.run!;
    const s = this.s;
    if (t.kind === HEAD && t.clip >= run.clips) {
      this.endTask(t);
      return this.finish(run, OK);
    }
    if (t.clipStep < 3) {
      const fn = t.clipStep === 0 ? s.ffmpeg2 : t.clipStep === 1 ? s.deepspeech : s.ffmpeg3;
      t.clipStep++;
      return this.stage(t, fn, -1);
    }
    if (t.clipStep === 3) {
      t.frames = Math.max(0, Math.round(this.cfg.pipeline.framesPerClip.sample(this.rnd.fanout)));
      t.frame = 0;
      t.clipStep = 4;
    }
    if (this.cfg.pipeline.fanout === 'sequential') {
      if (t.frame < t.frames) return this.stage(t, s.objectDetector, t.frame++);
      t.clip++; // next clip
      t.clipStep = 0;
      return this.walkClip(t);
    }
    if (t.frames === 0) return this.clipDone(t);
    // One extra count guards the clip task while its frames are spawned, so a frame that
    // fails synchronously cannot end it mid-loop.
    t.pending = t.frames + 1;
    let f = 0;
    for (; f < t.frames && !run.done; f++) {
      const ft = this.newTask(run, FRAME, t);
      ft.clip = t.clip;
      ft.frame = f;
      this.invokeStep(ft);
    }
    t.pending -= t.frames - f + 1;
    if (t.pending === 0) {
      if (run.done) this.endTask(t);
      else this.clipDone(t);
    }
  }

  private frameDone(t: Task): void {
    const parent = t.parent!;
    this.endTask(t);
    if (--parent.pending === 0) this.clipDone(parent);
  }

  private clipDone(t: Task): void {
    const run = t.run!;
    this.endTask(t);
    if (--run.pendingClips === 0) this.finish(run, OK);
  }

  /** A task of a run that has ended (aborted or lost) stops; a clip waiting on frames goes too. */
  private drop(t: Task): void {
    const parent = t.parent;
    this.endTask(t);
    if (parent && parent.run && --parent.pending === 0) this.endTask(parent);
  }

  private stage(t: Task, fn: number, frame: number): void {
    t.fn = fn;
    t.stageAttempts = 0;
    this.invoke(t, frame);
  }

  private invoke(t: Task, frame: number): void {
    const run = t.run!;
    const clip = t.kind === HEAD && t.step < 3 ? -1 : t.clip;
    this.platform.invoke(t.fn, OWNER_PIPELINE, t.id, t.gen, this.cfg.pipeline.stageTimeout, run.trace, clip, frame);
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
    const r = new Run(this.runs.length);
    this.runs.push(r);
    return r;
  }

  private newTask(run: Run, kind: number, parent: Task | null): Task {
    let t = this.freeTasks.pop();
    if (!t) {
      t = new Task(this.tasks.length);
      this.tasks.push(t);
    }
    t.gen++;
    t.run = run;
    t.kind = kind;
    t.step = 0;
    t.clipStep = 0;
    t.clip = 0;
    t.frame = 0;
    t.frames = 0;
    t.pending = 0;
    t.working = false;
    t.raced = false;
    t.parent = parent;
    run.liveTasks++;
    return t;
  }

  private endTask(t: Task): void {
    if (t.run === null) return;
    const run = t.run;
    t.run = null;
    t.gen++;
    this.freeTasks.push(t);
    run.liveTasks--;
    this.maybeFreeRun(run);
  }

  private maybeFreeRun(run: Run): void {
    if (run.done && run.liveTasks === 0 && run.call === null) {
      run.gen++;
      this.freeRuns.push(run);
    }
  }
}
