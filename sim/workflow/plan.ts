// A workflow compiled for the hot loop (compile.ts): states numbered, every per-state field
// in a typed array indexed by state id, transitions as ids (-1: the end of the state's
// States), error names as outcome bit masks (error-names.ts). The interpreter
// (sim/model/workflow-runner.ts) reads only this, never the ASL objects, so a step costs a
// few array loads. The plan is what later consumers build on: the live orchestrator can
// walk the same ids, and the pre-warm optimizer can take `successors` as the DAG.

export const TASK = 0;
export const PARALLEL = 1;
export const MAP = 2;
export const SUCCEED = 3;
export const FAIL = 4;
export const KIND_NAMES = ['Task', 'Parallel', 'Map', 'Succeed', 'Fail'] as const;

export interface MapInfo {
  name: string;
  path: string;
  /** Maps around it: 0 = its count is a property of the execution's input. */
  depth: number;
  /** MaxConcurrency: items at once in parallel mode, 0 = all. */
  concurrency: number;
  /** Its place among the depth-0 maps (drawn when an execution starts), else -1. */
  topSlot: number;
}

export interface Plan {
  /** By state id, ids given in walk order (compile.ts): id 0 is the machine's StartAt. */
  names: string[];
  paths: string[];
  kind: Uint8Array;
  /** The state that follows; -1 = End: its States (execution, branch or item) ends. */
  next: Int32Array;
  /** Task: index into `functions`; else -1. */
  fn: Int32Array;
  /** Task: TimeoutSeconds; NaN = the scenario's default. */
  timeout: Float64Array;
  /** Task: its retriers are [retryFrom, retryTo) of the retry arrays, in order. */
  retryFrom: Int32Array;
  retryTo: Int32Array;
  retryMask: Int32Array;
  retryMax: Int32Array;
  retryInterval: Float64Array;
  retryBackoff: Float64Array;
  /** The most retriers of any Task (each running Task keeps a count per retrier). */
  maxRetriers: number;
  /** Task: its catchers are [catchFrom, catchTo) of the catch arrays, in order. */
  catchFrom: Int32Array;
  catchTo: Int32Array;
  catchMask: Int32Array;
  catchNext: Int32Array;
  /** Parallel: its branches' start states are children[childFrom..childTo); Map: the one
   * start state of its items. */
  childFrom: Int32Array;
  childTo: Int32Array;
  children: Int32Array;
  /** Map: index into `maps`; else -1. */
  map: Int32Array;
  maps: MapInfo[];
  topMaps: number;
  /** Fail: the Error it names (the abort cause a result counts). */
  failError: string[];
  /** The functions Tasks call, in walk order, and the path of the first Task calling each. */
  functions: string[];
  functionPaths: string[];
  /** Per function: the functions a call to it can be followed by (a DAG over functions). */
  successors: number[][];
}
