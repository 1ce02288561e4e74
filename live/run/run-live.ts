// One live run of a scenario file, from parsing to result.json: the simulator's checks (so a
// file the simulator refuses is refused with the same message), the live platform's own
// limits, the platform (the embedded one, or OPENFAAS_URL), the regime, the arrivals, and
// the run directory. Everything recorded is written even when the run is stopped. A scenario
// whose requests are asynchronous (workload.invoke) runs on the embedded platform with the
// queue: async-settings.ts, async-runner.ts, async-result.ts; its requests are written once
// the platform is quiet, so that a late duplicate callback is counted.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { loadProfile } from '../../sim/profile/load.ts';
import type { SimResult } from '../../sim/run/result.ts';
import { loadScenarioFile, profilePathOf, variantsOf } from '../../sim/scenario/load.ts';
import { ConfigError as ScenarioError } from '../../sim/scenario/errors.ts';
import { resolveScenario } from '../../sim/scenario/resolve.ts';
import { validateAgainst } from '../../sim/scenario/schema-validator.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import type { Env } from '../openfaas/env.ts';
import type { RunningProvider } from '../provider/provider.ts';
import { LiveError } from '../openfaas/errors.ts';
import { liveArrivals } from './arrivals.ts';
import { asyncPlan } from './async-settings.ts';
import { liveAsyncSummary } from './async-result.ts';
import { type AsyncRequestRecord, runAsyncRequests } from './async-runner.ts';
import { type EmbeddedPlatform, startEmbedded } from './embedded.ts';
import { GatewayApi } from './gateway-api.ts';
import { checkGateway, clientSecretsDir, remoteGatewayApi } from './remote-gateway.ts';
import { type LiveResult, buildLiveResult } from './live-result.ts';
import { platformSettings } from './platform-settings.ts';
import { createProgress } from './progress.ts';
import { applyRegime, type RegimeOptions } from './regime.ts';
import { type S3Access, checkInput, prepareInput } from './request-input.ts';
import { createRunDir } from './run-dir.ts';
import { UsageError } from '../../sim/process/errors.ts';
import { type RequestRecord, runRequests } from './runner.ts';
import { startSampler } from './sampler.ts';
import { type WarmUpReport, warmUp } from './warm-up.ts';
import { liveSettings } from './settings.ts';
import { telemetryOfLogLine } from './telemetry.ts';
import { startMachineRecorder } from '../machine/recorder.ts';
import { checkStackDefines } from './stack-check.ts';

export interface LiveRunOptions {
  scenarioPath: string;
  /** Run directories go under it; default `<root>/runs`. */
  outDir?: string;
  root: string;
  env: Env;
  /** Local file or s3:// URI (pipeline, orchestrator, ffmpeg-0); default: the 30 s fixture. */
  video?: string;
  /** JSON body template for other targets. */
  body?: string;
  seed?: number;
  /** The `compare` variant to run (required when the scenario has variants). */
  variant?: string;
  /** Accept 'alert' scaling with replicas held at min. */
  noAutoscale?: boolean;
  /** Ctrl-C: arrivals stop, in-flight requests get `graceSeconds` (default 10), then are cut. */
  signal?: AbortSignal;
  graceSeconds?: number;
  /** The embedded platform's data dir (S3 data, secrets); default `<root>/.fave`. */
  dataDir?: string;
  /** The embedded platform's stack (default live/openfaas/stack.yml); it must define every function the run involves. */
  stackFile?: string;
  regime?: RegimeOptions;
  /** The local video when none is given (the CLI passes the 30 s fixture). */
  defaultVideo?: () => Promise<string>;
  log?: (line: string) => void;
  progress?: { write(text: string): void; tty: boolean };
}

export interface LiveRunReport {
  dir: string;
  result: LiveResult;
  /** Ctrl-C stopped it: arrivals not yet due were not sent. */
  stopped: boolean;
  /** The result's first schema problem, or null (a bug if not null). */
  schemaProblem: string | null;
  /** Where the requests' artifacts are: every request id starts with the run's prefix. */
  artifacts: RunArtifacts;
}

export interface RunArtifacts {
  /** `requests/<run id>-`: each request's folder is `<prefix><index>-<attempt>/`, a warm-up one's `<prefix>warmup-<n>/`. */
  prefix: string;
  /** null: a remote gateway whose S3 this process was not told (S3_BUCKET unset). */
  bucket: string | null;
  /** The embedded S3's data folder, or the S3 endpoint; null when not known. */
  store: string | null;
}

/**
 * The scenario, checked as the simulator checks it, then against what live can run. A
 * scenario with `compare` variants runs one of them (`variant`), as the simulator builds it.
 */
export async function checkScenario(scenarioPath: string, root: string, embedded: boolean, noAutoscale: boolean, variant?: string) {
  const file = loadScenarioFile(scenarioPath);
  liveSettings(file, scenarioPath); // refuses trace replays before the simulator asks for their files
  const profilePath = profilePathOf(file, scenarioPath, path.join(root, 'profiles', 'default.json'));
  // The profile is only checked here (a live run measures, it does not model), so an
  // incomplete one is no reason to refuse the run.
  const profile = profilePath ? await loadProfile(profilePath, { allowIncomplete: true }) : null;
  const variants = variantsOf(file, scenarioPath);
  for (const v of variants) resolveScenario(v.scenario, profile, scenarioPath);
  let scenario = file;
  if (file.compare?.length) {
    const names = variants.map((v) => v.name);
    if (variant === undefined) {
      throw new ScenarioError(scenarioPath, [{ path: '$.compare', message: `a live run runs one configuration: pick a variant with --variant (${names.join(', ')}), or run each in turn with --all-variants` }]);
    }
    const chosen = variants.find((v) => v.name === variant);
    if (!chosen) throw new UsageError(`--variant ${variant}: no such variant in ${scenarioPath} (${names.join(', ')})`);
    scenario = { ...chosen.scenario, name: `${file.name}-${variant}` };
  } else if (variant !== undefined) throw new UsageError(`--variant ${variant}: ${scenarioPath} has no compare variants`);
  const settings = liveSettings(scenario, scenarioPath);
  const plan = platformSettings(scenario, settings, { embedded, noAutoscale, source: scenarioPath });
  // `workload.invoke: "async"`: the queue-worker's settings, and what of them live cannot set.
  const async = asyncPlan(scenario, settings, scenarioPath, embedded);
  if (async) {
    plan.applied.push(...async.applied);
    plan.notApplied.push(...async.notApplied);
    plan.approximations.push(...async.approximations);
  }
  return { scenario, settings, plan, async };
}

/** The scenario's `compare` variant names, for --all-variants (a UsageError when it has none). */
export function variantNamesOf(scenarioPath: string): string[] {
  const file = loadScenarioFile(scenarioPath);
  if (!file.compare?.length) throw new UsageError(`--all-variants: ${scenarioPath} has no compare variants`);
  return variantsOf(file, scenarioPath).map((v) => v.name);
}

function notesOf(s: Scenario): string[] {
  const notes: string[] = [];
  if ((s.replications ?? 1) > 1) notes.push(`$.replications=${s.replications}: a live run is one replication`);
  if (s.profile) notes.push(`$.profile=${JSON.stringify(s.profile)}: not used (the live platform is measured, not modelled)`);
  return notes;
}

export async function runLive(o: LiveRunOptions): Promise<LiveRunReport> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = o.env;
  const embedded = !env.OPENFAAS_URL;
  const checked = await checkScenario(o.scenarioPath, o.root, embedded, o.noAutoscale ?? false, o.variant);
  const { settings, plan, async } = checked;
  const input = await checkInput({ target: settings.target, video: o.video, body: o.body, options: plan.requestOptions, workflow: checked.scenario.workflow?.definition }, o.defaultVideo ?? (() => {
    throw new UsageError('--video: no video given');
  }));
  const stackFile = o.stackFile ?? path.join(o.root, 'live/openfaas/stack.yml');
  if (embedded) checkStackDefines(stackFile, settings.functions, env);
  for (const line of plan.notApplied) log(`warning: not applied: ${line}`);
  for (const line of plan.approximations) log(`warning: approximated: ${line}`);
  for (const line of settings.notes) log(`warning: ${line}`);
  // --seed replaces the scenario's, in scenario.json too, so a replay of the run directory
  // (./fave validate) draws the same arrivals.
  const seed = o.seed ?? checked.scenario.seed;
  const scenario: Scenario = { ...checked.scenario, seed };
  const arrivals = liveArrivals(scenario, seed);

  // A real gateway is asked first, so a wrong URL or password stops the run before its folder
  // exists: nothing half-written to clean up.
  const remoteApi = embedded ? undefined : remoteGatewayApi(env.OPENFAAS_URL!, env, o.root);
  if (remoteApi) await checkGateway(remoteApi, clientSecretsDir(env, o.root));

  const runDir = createRunDir(o.outDir ?? path.join(o.root, 'runs'), scenario);
  // Embedded: the stages' own telemetry lines, for the requests of this run (not the warm-up).
  const requestIds = new Map<string, number>();
  const telemetry: TelemetryRecord[] = [];
  const platformLog = (line: string) => {
    appendFileSync(path.join(runDir.dir, 'platform.log'), `${line}\n`);
    const record = telemetryOfLogLine(line);
    if (record && requestIds.has(record.requestId)) {
      telemetry.push(record);
      runDir.appendTelemetry(record);
    }
  };
  // The machine's speed, load and steal beside the run (machine.jsonl, host.json), so a
  // mismatch with the simulator can be told from the machine's own noise; it runs from the
  // platform's start to its end, and is stopped however the run ends.
  const machine = startMachineRecorder({ dir: runDir.dir });
  let platform: EmbeddedPlatform | undefined;
  try {
    let api: GatewayApi;
    let s3: S3Access | undefined;
    if (embedded) {
      platform = await startEmbedded({
        root: o.root, stackFile, env, dataDir: o.dataDir,
        port: '0', provider: { port: '0', ...plan.provider }, gateway: plan.gateway, functions: plan.functions,
        only: settings.functions, log: platformLog, platformLog,
        ...(async ? { queue: true, queueSettings: async.queueSettings } : {}),
      });
      const missing = settings.functions.filter((f) => !platform!.deployed.includes(f));
      if (missing.length) throw new LiveError(`could not deploy ${missing.join(', ')} on the embedded platform (see ${path.join(runDir.dir, 'platform.log')})`);
      api = new GatewayApi(platform.gateway.url, platform.authorization);
      if (platform.s3) s3 = { ...platform.s3, bucket: platform.bucket };
    } else {
      api = remoteApi!;
      if (env.S3_ENDPOINT && env.S3_ACCESS_KEY && env.S3_SECRET_KEY) {
        s3 = { endpoint: env.S3_ENDPOINT, region: env.S3_REGION, bucket: env.S3_BUCKET ?? 'fave', accessKeyId: env.S3_ACCESS_KEY, secretAccessKey: env.S3_SECRET_KEY };
      }
    }
    const bodyOf = await prepareInput(input, s3);
    const providerUrl = platform?.provider.url;
    log(`${scenario.name}: ${arrivals.length} ${async ? 'asynchronous ' : ''}requests to ${settings.target} over ${scenario.horizon} s, regime ${settings.regime}, on ${embedded ? 'the embedded platform' : api.url}`);
    const regime = await applyRegime(api, settings.regime, settings.minReplicas, {
      ...o.regime,
      ...(providerUrl ? { zero: (name: string) => scaleDirect(providerUrl, api.authorization, name, 0) } : {}),
    });

    const fn = settings.target === 'pipeline' || settings.target === 'workflow' ? 'orchestrator' : settings.target;
    const url = new URL(`${api.url}/function/${fn}`);
    const signal = o.signal ?? new AbortController().signal;
    const idBase = `live-${Date.now().toString(36)}`;
    const artifacts: RunArtifacts = platform
      ? { prefix: `requests/${idBase}-`, bucket: platform.bucket, store: path.join(o.dataDir ?? path.join(o.root, '.fave'), 's3') }
      : { prefix: `requests/${idBase}-`, bucket: s3?.bucket ?? env.S3_BUCKET ?? null, store: s3?.endpoint ?? env.S3_ENDPOINT ?? null };
    let warm: WarmUpReport | undefined;
    if (settings.regime === 'warm') {
      const n = Math.max(...Object.values(settings.minReplicas));
      log(`warm-up: ${n} request(s) through ${fn} before the clock starts`);
      warm = await warmUp(url, Array.from({ length: n }, (_, i) => bodyOf(`${idBase}-warmup-${i}`)), settings.client.timeout, signal);
    }

    const startedAt = new Date();
    const t0 = performance.now();
    const sampler = startSampler(api.url, api.authorization, settings.functions, scenario.output?.timeSeriesStep ?? 1, t0);
    const requests: RequestRecord[] = [];
    const progress = o.progress ? createProgress(arrivals, (t) => o.progress!.write(t), o.progress.tty) : undefined;
    progress?.start();
    // Ids unique across runs (a persistent bucket keeps earlier runs' requests/<id>/) and per attempt.
    const bodyOfAttempt = (index: number, attempt: number) => {
      const requestId = `${idBase}-${index}-${attempt}`;
      requestIds.set(requestId, index);
      return { requestId, text: bodyOf(requestId) };
    };
    // machine.jsonl's samples carry the arrivals' clock from here (validate aligns the trace by it).
    const onClockStart = (t: number) => machine.startRunClock(t);
    const asyncRun = async
      ? await runAsyncRequests({
        fn,
        url: new URL(`${api.url}/async-function/${fn}`),
        arrivals,
        timeout: settings.client.timeout,
        cutOffAt: scenario.horizon + settings.drainLimit,
        body: bodyOfAttempt,
        callId: (index) => `${idBase}-${index}`,
        retryCodes: new Set(async.queueSettings.retry_http_codes?.split(',').map(Number) ?? []),
        signal,
        graceSeconds: o.graceSeconds ?? 10,
        onClockStart,
        onResult: (latency) => progress?.done(latency),
      })
      : null;
    const run = asyncRun ? asyncRun.outcome : await runRequests({
      fn,
      pipeline: fn === 'orchestrator',
      url,
      arrivals,
      seed,
      client: settings.client,
      cutOffAt: scenario.horizon + settings.drainLimit,
      body: bodyOfAttempt,
      signal,
      graceSeconds: o.graceSeconds ?? 10,
      onClockStart,
      onRequest: (record, records) => {
        requests.push(record);
        runDir.appendRequest(record);
        // A real cluster's telemetry is what the answers carry; the embedded platform's comes from its log.
        if (!embedded) {
          telemetry.push(...records);
          for (const r of records) runDir.appendTelemetry(r);
        }
        progress?.done(record.latency);
      },
    });
    progress?.stop();
    // Work whose caller timed out runs on, on a real cluster and in the simulator (orphaned
    // work): keep the platform up until it is done, within the run's drain limit.
    const orphans = platform && !run.stopped
      ? await waitForOrphans(platform.provider, t0 + (scenario.horizon + settings.drainLimit) * 1000, log)
      : null;
    // A stage writes its telemetry line as it answers: let the last lines reach the log.
    if (embedded) await new Promise((r) => setTimeout(r, 500));
    await sampler.stop();
    // Asynchronous: the records are final only now, the platform quiet (a redelivery's second
    // callback counted) and the stage's telemetry in (each execution's start: queue wait).
    let asyncRecords: AsyncRequestRecord[] | null = null;
    if (asyncRun) {
      asyncRecords = asyncRun.finish(telemetry);
      await asyncRun.close();
      for (const r of asyncRecords) {
        requests.push(r);
        runDir.appendRequest(r);
      }
      if (asyncRun.refused() > 0) log(`warning: ${asyncRun.refused()} callback(s) refused (not this run's call ids)`);
    }
    requests.sort((a, b) => a.index - b.index);
    const result = buildLiveResult({
      scenario, seed, target: settings.target, fn, functions: settings.functions, requests, telemetry, requestIds,
      startedAtMs: startedAt.getTime(), samples: sampler.samples, memoryMB: sampler.memoryMB, run,
      ...(asyncRecords ? { async: liveAsyncSummary(asyncRecords, embedded ? telemetry.filter((t) => t.stage === fn).length : null) } : {}),
      info: {
        gateway: embedded ? 'embedded' : api.url, embedded, startedAt: startedAt.toISOString(), regime, ...(warm ? { warmUp: warm } : {}),
        settings: { applied: plan.applied, notApplied: plan.notApplied, approximations: plan.approximations },
        notes: [
          ...notesOf(scenario),
          ...(run.sent < arrivals.length ? [`stopped: ${arrivals.length - run.sent} of ${arrivals.length} planned arrivals were not sent`] : []),
          ...(orphans && orphans.seconds > 0 ? [`orphaned work: the platform ran ${orphans.seconds.toFixed(1)} s past the last answer for calls still in flight${orphans.cut ? ', and was stopped at the drain limit with some still running' : ''}`] : []),
        ],
      },
    });
    runDir.writeResult(result);
    const issues = validateAgainst('result.schema.json', JSON.parse(JSON.stringify(result)));
    const schemaProblem = issues.length ? `${issues[0]!.path}: ${issues[0]!.message}` : null;
    return { dir: runDir.dir, result, stopped: run.stopped, schemaProblem, artifacts };
  } finally {
    await platform?.close();
    await machine.stop();
    const failure = machine.failure();
    if (failure) log(`warning: ${failure}; ${path.join(runDir.dir, 'machine.jsonl')} stops there`);
  }
}

/** Quiet this long (no call in flight at the provider) means no orphaned pipeline is left. */
const ORPHAN_QUIET_MS = 3_000;

/**
 * Waits until no call is in flight at the provider, and no stage process is still working on
 * one (an answered 504, a dropped caller), for ORPHAN_QUIET_MS, or until `deadline`
 * (performance.now() ms). The quiet period covers the orchestrator's gaps between the stage
 * calls of an orphaned pipeline.
 */
async function waitForOrphans(provider: RunningProvider, deadline: number, log: (line: string) => void): Promise<{ seconds: number; cut: boolean }> {
  const busy = async () => {
    const fns = [...provider.functions.values()];
    const running = await Promise.all(fns.map((f) => f.running()));
    return fns.reduce((n, f, i) => n + Math.max(f.inflight, running[i]!), 0);
  };
  const start = performance.now();
  const first = await busy();
  let lastBusy = first > 0 ? start : -Infinity;
  if (first > 0) log(`orphaned work: ${first} call(s) still running after the last answer; waiting for them (drain limit)`);
  while (performance.now() - lastBusy < ORPHAN_QUIET_MS) {
    if (performance.now() >= deadline) return { seconds: (performance.now() - start) / 1000, cut: true };
    await new Promise((r) => setTimeout(r, 100));
    if ((await busy()) > 0) lastBusy = performance.now();
  }
  return { seconds: lastBusy === -Infinity ? 0 : (lastBusy - start) / 1000, cut: false };
}

/** The cold regime's zero on the embedded provider: the `kubectl scale` path, past the CE gateway's clamp. */
async function scaleDirect(providerUrl: string, authorization: string | undefined, name: string, replicas: number): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) };
  const res = await fetch(`${providerUrl}/system/scale-function/${name}`, { method: 'POST', headers, body: JSON.stringify({ serviceName: name, replicas }) });
  if (res.status !== 200 && res.status !== 202) throw new LiveError(`scaling ${name} to ${replicas} on the provider: ${res.status} ${(await res.text()).trim()}`);
}

/** The result as the simulator's summary printer takes it (the shapes agree; only `kind` differs). */
export function asSimResult(result: LiveResult): SimResult {
  return result as unknown as SimResult;
}
