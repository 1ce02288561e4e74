// The workflow part of resolving a scenario (resolve.ts): which machine the orchestrator
// runs, compiled to a plan, and what the scenario adds to it — each Map's count, the call
// timeout of Tasks without their own, the mode, the orchestrator's own work. The `pipeline`
// target is a shorthand: VideoSearcher's machine (sim/workflow/video-searcher.ts) with the
// `pipeline` block's settings, its two Maps counted by clipsPerVideo and framesPerClip
// (else the profile's fan-out).
import type { DistSpec, Distribution } from '../dist/spec.ts';
import { createDistribution } from '../dist/registry.ts';
import type { WorkflowConfig } from '../model/config.ts';
import type { CalibrationProfile, Fit } from '../profile/types.ts';
import { compileWorkflow } from '../workflow/compile.ts';
import { workflowIssues } from '../workflow/parse.ts';
import { TASK, type Plan } from '../workflow/plan.ts';
import { CLIPS, FRAMES, videoSearcher } from '../workflow/video-searcher.ts';
import { OVERLOAD, STAGE_RETRIES, TASK_TIMEOUT } from './defaults.ts';
import type { ConfigIssue } from './errors.ts';
import type { Scenario } from './types.ts';

/** The largest mean count of a Map's items (clips per video, frames per clip):
 * docs/input-limits.md. */
export const MAX_FANOUT = 10_000;
const DEFINITION = '$.workflow.definition';

/** The plan of the workflow a 'pipeline' or 'workflow' target runs; null (with issues) when
 * there is none to run. */
export function planOf(s: Scenario, target: string, issues: ConfigIssue[]): Plan | null {
  if (target === 'pipeline') {
    if (s.workflow) issues.push({ path: '$.workflow', message: "target 'pipeline' runs VideoSearcher: a workflow goes with target 'workflow'" });
    return compileWorkflow(videoSearcher(s.pipeline?.stageRetries ?? STAGE_RETRIES));
  }
  if (s.pipeline) issues.push({ path: '$.pipeline', message: "the pipeline block sets up target 'pipeline' only (here the target is 'workflow')" });
  const w = s.workflow;
  if (w?.definition === undefined) {
    const message = w?.file
      ? `the workflow file '${w.file}' was not read (load the scenario with loadScenarioFile, which reads it)`
      : "target 'workflow' needs a workflow: give workflow.file (or workflow.definition)";
    issues.push({ path: '$.workflow', message });
    return null;
  }
  // A scenario built in code has not been through the loader: checked here as well.
  const found = workflowIssues(w.definition, DEFINITION);
  if (found.length) {
    issues.push(...(w.file ? found.map((i) => ({ ...i, message: `${i.message} (in ${w.file})` })) : found));
    return null;
  }
  return compileWorkflow(w.definition as Parameters<typeof compileWorkflow>[0], DEFINITION);
}

/** Where a Task's Resource is, for messages: in the workflow file, or inline. */
export function resourceOf(s: Scenario, plan: Plan, fn: number): string {
  const file = s.workflow?.file;
  return `${plan.functionPaths[fn]!.replace(DEFINITION, '$')}${file ? ` of ${file}` : ''}`;
}

interface Dists {
  dist: (spec: DistSpec | undefined, path: string) => Distribution | null;
  fitDist: (fit: Fit | undefined, path: string) => Distribution | null;
}

export function workflowConfig(s: Scenario, target: string, plan: Plan, names: string[], profile: CalibrationProfile | null, d: Dists, issues: ConfigIssue[]): WorkflowConfig {
  const pipeline = target === 'pipeline';
  const w = s.workflow ?? {};
  const one = { type: 'constant', value: 1 } as const;
  // A Map's count is a count of calls: a mean past MAX_FANOUT would make every request a run
  // of its own (a parallel fan-out also holds them all at once).
  const bounded = (dist: Distribution, path: string): Distribution => {
    if (!(dist.mean() <= MAX_FANOUT)) issues.push({ path, message: `its mean (${dist.mean()}) must be at most ${MAX_FANOUT}: it counts calls per request` });
    return dist;
  };
  const fromPipeline = (key: 'clipsPerVideo' | 'framesPerClip'): Distribution => {
    const own = d.dist(s.pipeline?.[key], `$.pipeline.${key}`);
    return bounded(own ?? d.fitDist(profile?.fanout?.[key], `profile.fanout.${key}`) ?? createDistribution(one), own ? `$.pipeline.${key}` : `profile.fanout.${key}`);
  };
  const counts = plan.maps.map((m) => {
    if (pipeline) return fromPipeline(m.name === CLIPS ? 'clipsPerVideo' : m.name === FRAMES ? 'framesPerClip' : unknownMap(m.name));
    const spec = w.fanout?.[m.name];
    const path = `$.workflow.fanout${/^[A-Za-z_$][\w$-]*$/.test(m.name) ? `.${m.name}` : `[${JSON.stringify(m.name)}]`}`;
    if (spec === undefined) {
      issues.push({ path: '$.workflow.fanout', message: `the workflow's Map '${m.name}' (${m.path.replace(DEFINITION, '$')}${w.file ? ` of ${w.file}` : ''}) needs a count of its items here: ${path}` });
      return createDistribution(one);
    }
    return bounded(d.dist(spec, path) ?? createDistribution(one), path);
  });
  if (!pipeline) {
    for (const key of Object.keys(w.fanout ?? {})) {
      if (!plan.maps.some((m) => m.name === key)) issues.push({ path: '$.workflow.fanout', message: `the workflow has no Map '${key}' (its Maps: ${plan.maps.map((m) => m.name).join(', ') || 'none'})` });
    }
  }
  const fallback = pipeline ? (s.pipeline?.stageTimeout ?? TASK_TIMEOUT) : (w.taskTimeout ?? TASK_TIMEOUT);
  const n = plan.kind.length;
  const fn = new Int32Array(n).fill(-1);
  const timeout = new Float64Array(n);
  for (let st = 0; st < n; st++) {
    if (plan.kind[st] !== TASK) continue;
    fn[st] = names.indexOf(plan.functions[plan.fn[st]!]!);
    timeout[st] = Number.isNaN(plan.timeout[st]) ? fallback : plan.timeout[st]!;
  }
  const work = pipeline ? d.dist(s.pipeline?.orchestratorWork, '$.pipeline.orchestratorWork') : d.dist(w.orchestratorWork, '$.workflow.orchestratorWork');
  return {
    plan,
    orchestrator: names.indexOf('orchestrator'),
    fn,
    timeout,
    counts,
    mode: pipeline ? (s.pipeline?.fanout ?? 'sequential') : (w.mode ?? 'parallel'),
    orchestratorWork: work ?? d.fitDist(profile?.overheads?.orchestrator, 'profile.overheads.orchestrator'),
    overload: { ...OVERLOAD, attempts: (pipeline ? s.pipeline?.overloadAttempts : w.overloadAttempts) ?? OVERLOAD.attempts },
  };
}

function unknownMap(name: string): never {
  throw new Error(`VideoSearcher has no Map '${name}' (internal: video-searcher.ts and this file disagree)`);
}
