// `./fave calibrate` against a gateway: inputs from the fixture videos, then per stage warm,
// contention and cold steps, then S3; the work dir holds every raw record, and the profile
// is built from whatever is there (so an interrupted run still yields what it measured).
import os from 'node:os';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import type { Env } from '../../live/openfaas/env.ts';
import { buildProfile } from '../profile/build-profile.ts';
import { collect, s3BySize } from './collect.ts';
import { fixtureVideos, prepareInputs, stagesNeeded, type StageInputs } from './inputs.ts';
import { driftTurns, type Plan, planUnits } from './plan.ts';
import { createProgress } from './progress.ts';
import { coldStep, contentionStep, type StepContext, s3Step, warmSteps, Interrupted } from './steps.ts';
import { openTarget, type Target } from './target.ts';
import { neighbourStep, type NeighbourRecord } from './neighbour.ts';
import { driftProbe } from './drift-probe.ts';
import { openWorkDir, type WorkDir } from './work-dir.ts';
import { InputError } from '../errors.ts';
import type { FunctionSpec } from './functions.ts';
import { describeHost } from '../../sim/profile/host.ts';
import type { Judge } from '../machine/busy.ts';
import { profileNode } from './node-size.ts';
import { type MachineWatch, startMachineWatch } from '../machine/watch.ts';
import { coldFailureNotes } from './cold-failures.ts';

export interface LiveCalibration {
  root: string;
  env: Env;
  workDir: string;
  plan: Plan;
  quiet: boolean;
  signal: AbortSignal;
  versions: Record<string, string>;
  /** Called after every measured call (tests use it to interrupt a run part-way). */
  onCall?: (label: string) => void;
  /** Calibrate on a busy machine anyway (--force). */
  force?: boolean;
  /** Loud lines (a busy machine); stderr by default, even when quiet. */
  warn?: (line: string) => void;
  /** The pre-check's judgement and length (tests inject them: never the real load). */
  machine?: { judgeIdle?: Judge; judgeDuringRun?: Judge; precheckSeconds?: number };
  /**
   * --function mode: the functions of `plan.stages` (same names, same order) with the body
   * each call sends. No fixture videos, no inputs, no fan-out.
   */
  functions?: readonly FunctionSpec[];
  /** The stack the embedded platform deploys (--stack; default live/openfaas/stack.yml). */
  stackFile?: string;
  /** The node size the profile records (--cores, --memory-mb): a cluster's nodes are not this machine. */
  node?: { cores?: number; memoryMB?: number };
}

export interface LiveOutcome {
  profile: CalibrationProfile | undefined;
  interrupted: boolean;
  error?: unknown;
  seconds: number;
  target: string;
  s3: { bytes: number; put: number; get: number; n: number }[];
  /** Cold calls that failed right after readiness, one line per stage (cold-failures.ts): also in the profile's notes. */
  coldFailures: string[];
}

export async function calibrateLive(o: LiveCalibration): Promise<LiveOutcome> {
  const started = Date.now();
  const work = openWorkDir(o.workDir);
  // The machine first, before the platform or the fixtures load it: the pre-check refuses a
  // busy machine (BusyMachineError, exit 2) unless forced; the recorder then runs to the end.
  const machine: MachineWatch = await startMachineWatch({
    dir: o.workDir, cores: os.availableParallelism(), force: o.force ?? false, signal: o.signal,
    warn: o.warn ?? ((line) => process.stderr.write(`${line}\n`)), ...o.machine,
  });
  try {
    return await measure(o, started, work, machine);
  } finally {
    await machine.stop();
  }
}

async function measure(o: LiveCalibration, started: number, work: WorkDir, machine: MachineWatch): Promise<LiveOutcome> {
  const notes: string[] = [];
  const functions = o.functions && o.functions.length > 0 ? o.functions : undefined;
  if (functions && functions.map((f) => f.name).join(',') !== o.plan.stages.join(',')) throw new Error('calibrateLive: functions and plan.stages differ'); // a caller's bug
  // The stages are fed the fixture videos run through the pipeline; a function its --body.
  const videos = functions ? undefined : await fixtureVideos(o.root);
  const deploy = functions ? o.plan.stages : stagesNeeded(o.plan.stages, o.plan.fanout);
  const doneBefore = countDone(work, o.plan);
  const progress = createProgress(o.plan, planUnits(o.plan), doneBefore, o.quiet, os.availableParallelism());
  let target: Target | undefined;
  let inputs: StageInputs | undefined;
  let interrupted = false;
  let error: unknown;
  try {
    if (o.signal.aborted) throw new Interrupted();
    if (functions) sameBodies(work, functions);
    target = await openTarget({
      root: o.root, env: o.env, workDir: o.workDir, stages: deploy, log: progress.log,
      ...(functions ? { functions: true } : {}), ...(o.stackFile ? { stackFile: o.stackFile } : {}),
    });
    sameTarget(work, target);
    if (videos) inputs = await prepareInputs(target, work, [videos.speech, videos.noAudio], o.plan.stages, o.plan.fanout, progress.log);
    const bodies = new Map(functions?.map((f) => [f.name, f.body]));
    const c: StepContext = {
      t: target, work, plan: o.plan, notes, signal: o.signal,
      telemetry: functions ? 'optional' : 'required',
      tick: (label) => {
        progress.tick(label);
        o.onCall?.(label);
      },
      // A function's input is its body, sent as it is on every call.
      body: functions ? (stage) => bodies.get(stage)! : (stage, step, i) => {
        const mix = inputs!.variants?.[stage] ?? [];
        return { requestId: `calibrate-${stage}-${step}-${i}-${Date.now()}`, ...(mix.length > 0 ? mix[i % mix.length] : inputs!.bodies[stage]) };
      },
    };
    progress.begin();
    await warmSteps(c, o.plan.stages);
    // Right after the warm calls, while every stage still has its one warm replica.
    await driftProbe(c, o.plan.stages);
    for (const stage of o.plan.stages) {
      await contentionStep(c, stage);
      await neighbourStep(c, stage);
      // Cold last: the stage ends at zero replicas, freeing the machine for the next one.
      await coldStep(c, stage);
      if (o.plan.cold === 0) await target.api.scale(stage, 0).catch(() => undefined);
    }
    await s3Step(c);
  } catch (e) {
    if (e instanceof Interrupted) interrupted = true;
    else error = e;
  } finally {
    progress.stop();
    await target?.close();
  }
  const m = collect(work, o.plan, inputs);
  const targetName = target ? (target.kind === 'embedded' ? 'embedded' : target.url) : o.env.OPENFAAS_URL ?? 'embedded';
  const s3 = s3BySize(work, o.plan);
  const coldFailures = coldFailureNotes(work, o.plan);
  let profile: CalibrationProfile | undefined;
  if (Object.keys(m.stages).length > 0) {
    const what = functions
      ? `functions ${functions.map((f) => `${f.name} (body ${f.bodyFile ?? '{}'}, ${f.bytes} B, sha256 ${f.sha256.slice(0, 12)}…)`).join(', ')}`
      : `stages ${o.plan.stages.join(', ')}`;
    const { node, note: nodeNote, guessed } = profileNode(targetName === 'embedded', o.node, { cores: os.availableParallelism(), memoryMB: Math.round(os.totalmem() / 2 ** 20) });
    if (guessed) (o.warn ?? ((line: string) => process.stderr.write(`${line}\n`)))(`warning: ${nodeNote}`);
    const planNotes = [
      nodeNote,
      `plan: ${what}; per ${functions ? 'function' : 'stage'} ${o.plan.warm} warm (in turns, ${o.plan.warmGap} s idle between turns), ${driftTurns(o.plan)} drift-probe calls (a turn every ${o.plan.driftPeriod} s for ${o.plan.driftMinutes} min), ${o.plan.cold} cold, ${o.plan.contentionCalls} calls at each of concurrency ${o.plan.concurrency.join(', ')}, ${o.plan.neighbour} pairs alone / beside a neighbour; ${functions ? 'each call sends the function its body, unchanged (no fan-out, no chaining of outputs).' : 'inputs from the fixture videos run through the stages in order.'}`,
      `target: ${target?.readinessNote ?? targetName}.`,
      functions
        ? 'warm: sequential calls into one replica, each timed by the function\'s FAVE telemetry (durationSeconds, cpuSeconds, rssMB) when it sends one, else by X-Duration-Seconds (the time in the function, from of-watchdog or the gateway), else by the client\'s latency; without telemetry the first call of each run is an unrecorded warm-up, and cpu, memory and init are not measured (the simulator then takes a call as CPU-bound).'
        : 'warm: telemetry durationSeconds (download + compute + upload in the handler) of sequential calls into one replica; cpu: cpuSeconds of the same calls.',
      functions
        ? 'cold: scale to zero, wait until gone, invoke (scale from zero); firstCall = that call\'s duration − warm median; init = its telemetry\'s phases.init where it sends one; containerStart = client latency − X-Duration-Seconds − median gateway overhead − init (without telemetry init is not told apart, and containerStart includes it).'
        : 'cold: scale to zero, wait until gone, invoke (scale from zero); firstCall = that call\'s duration − warm median; init = its phases.init; containerStart = client latency − X-Duration-Seconds − median gateway overhead − init.',
      `s3 by size (median seconds): ${s3.filter((r) => r.n > 0).map((r) => `${r.bytes} B put ${r.put.toFixed(4)} get ${r.get.toFixed(4)}`).join('; ') || 'not measured'}.`,
      ...notes,
      ...coldFailures,
      ...(interrupted || error ? [`incomplete: the run stopped early (${interrupted ? 'interrupted' : (error as Error).message}); fits use the calls finished by then.`] : []),
    ];
    const conditions = machine.conditions();
    profile = buildProfile(m, {
      cores: node.cores,
      // VideoSearcher's fan-out is counted on the fixture videos; other functions have none.
      fanout: !functions,
      memoryMB: node.memoryMB,
      measured: {
        source: 'live',
        target: targetName,
        host: `${os.hostname()} (${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores, ${os.platform()} ${os.release()})`,
        date: new Date().toISOString(),
        versions: o.versions,
        plan: o.plan,
        notes: planNotes,
      },
    });
    const { format, ...rest } = profile;
    profile = {
      format,
      // Never complete when stopped early: the CLI writes it as <name>.partial.json.
      status: interrupted || error ? 'incomplete' : 'complete',
      ...rest,
      host: describeHost(),
      ...(conditions ? { conditions } : {}),
    };
  }
  return { profile, interrupted, ...(error ? { error } : {}), seconds: (Date.now() - started) / 1000, target: targetName, s3, coldFailures };
}

/**
 * A function's samples in the work dir were measured with one body: resuming with another
 * would mix two inputs' times. The bodies are recorded by sha256 the first time.
 */
function sameBodies(work: WorkDir, functions: readonly FunctionSpec[]): void {
  const before = work.read<{ functions: { name: string; sha256: string; body: string | null }[] }>('functions')?.functions ?? [];
  for (const f of functions) {
    const was = before.find((b) => b.name === f.name);
    if (was && was.sha256 !== f.sha256) {
      throw new InputError(`${work.dir} holds ${f.name}'s calls measured with another body (${was.body ?? '{}'}, sha256 ${was.sha256.slice(0, 12)}…), not ${f.bodyFile ?? '{}'} (sha256 ${f.sha256.slice(0, 12)}…): use --fresh or another --work-dir`);
    }
  }
  const merged = [...before.filter((b) => !functions.some((f) => f.name === b.name)), ...functions.map((f) => ({ name: f.name, sha256: f.sha256, body: f.bodyFile ?? null }))];
  work.write('functions', { functions: merged });
}

/** A work dir holds the samples of one target: resuming against another would mix them. */
function sameTarget(work: WorkDir, t: Target): void {
  const id = t.kind === 'embedded' ? 'embedded' : t.url;
  const before = work.read<{ target: string }>('target');
  if (before && before.target !== id) {
    throw new InputError(`${work.dir} holds samples measured on ${before.target}, not ${id}: use --fresh or another --work-dir`);
  }
  if (!before) work.write('target', { target: id });
}

function countDone(work: WorkDir, plan: Plan): number {
  let n = 0;
  for (const s of plan.stages) {
    n += Math.min(plan.warm, work.records(`${s}.warm`).length) + Math.min(plan.cold, work.records(`${s}.cold`).length + work.records(`${s}.cold-failed`).length);
    n += Math.min(plan.neighbour, work.records<NeighbourRecord>(`${s}.neighbour`).length);
    n += Math.min(driftTurns(plan), work.records(`${s}.drift`).length);
    for (const c of plan.concurrency) n += work.records(`${s}.contention.${c}`).length;
  }
  for (const b of plan.s3Sizes) n += work.records(`s3.${b}`).length;
  return n;
}
