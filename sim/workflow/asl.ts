// The Amazon States Language subset FAVE interprets (docs/workflows.md), as it stands in a
// workflow file once schemas/workflow.schema.json has accepted it. Only the fields the
// simulator reads are typed; data-flow fields (InputPath, Parameters, ...) pass the schema
// and are ignored, since the simulator moves no data.

export interface AslRetrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
}

interface Transition {
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
}

export interface AslFail {
  Type: 'Fail';
  Error?: string;
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
