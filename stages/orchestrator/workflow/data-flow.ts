// How JSON moves through a state, live, by ASL's rules for the paths the interpreter supports
// (json-paths.ts): InputPath picks the state's input (null: `{}`), a Task sends that to its
// function and a Parallel or Map gives it to its branches or reads its items from it;
// ResultPath places the result in the state's raw input (`$`, the default, replaces it; null
// discards the result and passes the input on); OutputPath picks what goes to the next state
// (null: `{}`). A path that selects nothing is a run-time error (the interpreter aborts the
// execution with States.Runtime), as in Step Functions. Parameters, ResultSelector and
// ItemSelector are refused before a run starts (request.ts): they are not interpreted live.
import type { AslPaths as Paths } from '../../../sim/workflow/asl.ts';
import { type FieldPath, parseFieldPath, place, select } from './json-paths.ts';

function parsed(field: string, path: string): FieldPath {
  const p = parseFieldPath(path);
  if (!p) throw new Error(`${field} '${path}' is not a path the live orchestrator supports`);
  return p;
}

function pick(field: string, path: string | null | undefined, value: unknown): unknown {
  if (path === null) return {};
  if (path === undefined) return value;
  const found = select(value, parsed(field, path));
  if (!found.found) throw new Error(`${field} '${path}' selects nothing: no ${found.at} in ${describe(value)}`);
  return found.value;
}

/** The state's input after InputPath: what a Task sends, what branches and items start from. */
export function effectiveInput(s: Paths, input: unknown): unknown {
  return pick('InputPath', s.InputPath, input);
}

/** The state's output: the result placed by ResultPath in its raw input, then OutputPath. */
export function stateOutput(s: Paths, input: unknown, result: unknown): unknown {
  let combined: unknown;
  if (s.ResultPath === null) combined = input;
  else if (s.ResultPath === undefined) combined = result;
  else {
    combined = place(input, parsed('ResultPath', s.ResultPath), result);
    if (combined === undefined) throw new Error(`ResultPath '${s.ResultPath}' cannot be placed in ${describe(input)}: a step along it is not an object`);
  }
  return pick('OutputPath', s.OutputPath, combined);
}

/** A Map's items: the array at ItemsPath (default `$`) of its effective input. */
export function itemsOf(s: { ItemsPath?: string }, given: unknown): unknown[] {
  const items = pick('ItemsPath', s.ItemsPath ?? '$', given);
  if (!Array.isArray(items)) throw new Error(`ItemsPath '${s.ItemsPath ?? '$'}' must select an array, got ${describe(items)}`);
  return items;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
