// What a live run takes from a scenario: the functions it touches, the client's timeout and
// retries, the regime and each function's minimum replicas, resolved by the simulator's own
// profile-free resolution (sim/scenario/resolve-platform.ts) so both start from the same
// configuration, default for default.
import type { SimConfig } from '../../sim/model/config.ts';
import { DRAIN_LIMIT } from '../../sim/scenario/defaults.ts';
import { type ConfigIssue, ConfigError } from '../../sim/scenario/errors.ts';
import { type Edition, editionOf, functionSpec, resolveClient, resolveScaling, specPath } from '../../sim/scenario/resolve-platform.ts';
import type { Regime, Scenario } from '../../sim/scenario/types.ts';
import type { AslMachine } from '../../sim/workflow/asl.ts';
import { compileWorkflow } from '../../sim/workflow/compile.ts';
import { parseWorkflow } from '../../sim/workflow/parse.ts';
import { videoSearcher } from '../../sim/workflow/video-searcher.ts';

export type ClientSettings = SimConfig['client'];

export interface LiveSettings {
  name: string;
  /** 'pipeline', 'workflow' (the orchestrator runs the scenario's workflow), or the one function the scenario calls. */
  target: string;
  /** Every function the run involves (pipeline, workflow: orchestrator first, then the functions its Tasks call). */
  functions: string[];
  regime: Regime;
  edition: Edition;
  horizon: number;
  drainLimit: number;
  client: ClientSettings;
  /** Minimum replicas per function, Community Edition clamp applied as the simulator does. */
  minReplicas: Record<string, number>;
  /** What resolution changed as the platform would (a clamped replica range): warnings. */
  notes: string[];
}

export function liveSettings(s: Scenario, source: string): LiveSettings {
  if (s.workload.executor === 'azure-trace' || s.target === 'trace') {
    throw new ConfigError(source, [{ path: '$.workload.executor', message: 'trace replays of many functions are simulated only (a live run calls one target)', value: s.workload.executor }]);
  }
  // As the simulator resolves it (sim/scenario/resolve.ts): a scenario with a workflow runs it.
  const target = s.target ?? (s.workflow ? 'workflow' : 'pipeline');
  const machine = target === 'pipeline' ? videoSearcher() : target === 'workflow' ? workflowOf(s, source) : null;
  const functions = machine ? ['orchestrator', ...compileWorkflow(machine).functions] : [target];
  const edition = editionOf(s);
  const regime = s.regime ?? 'warm';
  const issues: ConfigIssue[] = [];
  const notes: string[] = [];
  const minReplicas: Record<string, number> = {};
  for (const name of functions) {
    const spec = functionSpec(s, name);
    if (spec.regime !== undefined && spec.regime !== regime) {
      const where = s.platform?.functions?.[name]?.regime !== undefined ? `$.platform.functions.${name}` : '$.platform.defaults';
      issues.push({ path: `${where}.regime`, message: 'a regime of its own per function is simulated only: a live run brings every function to the scenario\'s regime', value: spec.regime });
    }
    minReplicas[name] = resolveScaling(spec, edition, specPath(s, name), issues, notes).min;
  }
  if (issues.length > 0) throw new ConfigError(source, issues);
  return { name: s.name, target, functions, regime, edition, horizon: s.horizon, drainLimit: s.drainLimit ?? DRAIN_LIMIT, client: resolveClient(s), minReplicas, notes };
}

/** The scenario's workflow, read (loadScenarioFile fills `definition` from `file`) and checked
 * by the simulator's parser: a live run sends this machine to the orchestrator. */
function workflowOf(s: Scenario, source: string): AslMachine {
  const definition = s.workflow?.definition;
  if (definition === undefined) throw new ConfigError(source, [{ path: '$.workflow', message: "target 'workflow' needs a workflow: give workflow.file (or workflow.definition)" }]);
  return parseWorkflow(definition, source, '$.workflow.definition');
}
