// A workflow request to the orchestrator: `{requestId?, workflow: <ASL machine>, input?,
// options?: {mode?, stateMode?}}`. The machine is checked by the simulator's own parser and
// graph checks (sim/workflow/parse.ts), then by what live adds (live-checks.ts); a bad one is
// answered 400 with every problem by JSON path (`$.workflow.States.Resize.Next: ...`).
// Security (docs/security.md): a workflow only names functions to call through the gateway,
// as any gateway caller can; nothing in it is a file, a module or a command, and a Task's
// Resource is a DNS-1123 name (the schema), so it cannot reach past `/function/<name>`.
import { checkValue } from '../../../sim/input/check-value.ts';
import { ConfigError, type ConfigIssue } from '../../../sim/scenario/errors.ts';
import type { AslMachine } from '../../../sim/workflow/asl.ts';
import { compileWorkflow } from '../../../sim/workflow/compile.ts';
import { workflowIssues } from '../../../sim/workflow/parse.ts';
import { StageError, type JsonRecord } from '../../runtime/index.ts';
import type { StateMode } from '../../runtime/state-store.ts';
import { FANOUT_MODES, STATE_MODES, type FanoutMode, type OrchestratorConfig } from '../config.ts';
import { liveIssues } from './live-checks.ts';

export interface WorkflowRequest {
  machine: AslMachine;
  input: unknown;
  /** The functions its Tasks call, in the simulator's walk order (compile.ts). */
  functions: string[];
  /** parallel: branches and items at once (up to MaxConcurrency); sequential: one call at a time. */
  mode: FanoutMode;
  stateMode: StateMode;
}

const KEYS = ['requestId', 'workflow', 'input', 'options'];
const OPTION_KEYS = ['mode', 'stateMode'];

/** A request that has a `workflow` field, checked; 400 (cause bad-input) naming every problem. */
export function parseWorkflowRequest(body: JsonRecord, config: OrchestratorConfig): WorkflowRequest {
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(body)) {
    if (!KEYS.includes(key)) issues.push({ path: `$.${key}`, message: `unknown field (a workflow request has ${KEYS.join(', ')})` });
  }
  const options = body.options ?? {};
  let mode: FanoutMode = 'parallel';
  let stateMode = config.stateMode;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) issues.push({ path: '$.options', message: 'must be an object', value: options });
  else {
    const o = options as JsonRecord;
    for (const key of Object.keys(o)) if (!OPTION_KEYS.includes(key)) issues.push({ path: `$.options.${key}`, message: `unknown option (${OPTION_KEYS.join(', ')})` });
    if (o.mode !== undefined) {
      if ((FANOUT_MODES as readonly unknown[]).includes(o.mode)) mode = o.mode as FanoutMode;
      else issues.push({ path: '$.options.mode', message: `must be one of ${FANOUT_MODES.join(', ')}`, value: o.mode });
    }
    if (o.stateMode !== undefined) {
      if ((STATE_MODES as readonly unknown[]).includes(o.stateMode)) stateMode = o.stateMode as StateMode;
      else issues.push({ path: '$.options.stateMode', message: `must be one of ${STATE_MODES.join(', ')}`, value: o.stateMode });
    }
  }
  // The input's depth and numbers, as every input's (sim/input): it is walked and re-sent.
  issues.push(...checkValue(body.input ?? {}).issues.map((i) => ({ ...i, path: `$.input${i.path.slice(1)}` })));
  const found = workflowIssues(body.workflow, '$.workflow');
  issues.push(...found);
  // Live checks walk the machine, which only a machine the simulator accepted is safe for.
  if (found.length === 0) issues.push(...liveIssues(body.workflow as AslMachine, '$.workflow'));
  if (issues.length) {
    const shown = issues.slice(0, 50).map(({ path, message }) => ({ path, message }));
    throw new StageError('bad-input', new ConfigError('workflow request', issues).message, { replyStatus: 400, answer: { issues: shown } });
  }
  const machine = body.workflow as AslMachine;
  // An absent input is `{}`, as Step Functions starts an execution given none.
  return { machine, input: body.input ?? {}, functions: compileWorkflow(machine).functions, mode, stateMode };
}
