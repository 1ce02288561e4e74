// The Amazon States Language subset FAVE interprets (docs/workflows.md), as it stands in a
// workflow file once schemas/workflow.schema.json has accepted it. Only the fields the
// simulator reads are typed, and the paths the live orchestrator moves data with
// (stages/orchestrator/workflow/); other data-flow fields (Parameters, ...) pass the schema
// and are ignored by the simulator, which moves no data.

export interface AslRetrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  /** Live only: where the error ({Error, Cause}) goes in the state's input. */
  ResultPath?: string | null;
}

/** JSONPath fields the live orchestrator reads (the simulator ignores them). */
export interface AslPaths {
  InputPath?: string | null;
  OutputPath?: string | null;
  ResultPath?: string | null;
}

interface Transition extends AslPaths {
  Next?: string;
  End?: true;
}

export interface AslTask extends Transition {
  Type: 'Task';
  Resource: string;
  TimeoutSeconds?: number;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
}

export interface AslScope {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface AslParallel extends Transition {
  Type: 'Parallel';
  Branches: AslScope[];
}

export interface AslMap extends Transition {
  Type: 'Map';
  Iterator?: AslScope;
  ItemProcessor?: AslScope;
  ItemsPath?: string;
  MaxConcurrency?: number;
}

export interface AslSucceed {
  Type: 'Succeed';
  InputPath?: string | null;
  OutputPath?: string | null;
}

export interface AslFail {
  Type: 'Fail';
  Error?: string;
  Cause?: string;
}

export type AslState = AslTask | AslParallel | AslMap | AslSucceed | AslFail;

/** A whole state machine: the outermost scope. */
export type AslMachine = AslScope & { Comment?: string };

/** The state types of the subset, as the schema's discriminator lists them. */
export const STATE_TYPES = ['Task', 'Parallel', 'Map', 'Succeed', 'Fail'] as const;

/** A Map's item states: ItemProcessor, or its older name Iterator. */
export function itemScope(m: AslMap): { key: 'ItemProcessor' | 'Iterator'; scope: AslScope } | null {
  if (m.ItemProcessor) return { key: 'ItemProcessor', scope: m.ItemProcessor };
  if (m.Iterator) return { key: 'Iterator', scope: m.Iterator };
  return null;
}
