import { isStandIn, type StandIn } from '../runtime/stand-in.ts';
import { PipelineStageError } from './errors.ts';
import type { StageCallResult } from './gateway-client.ts';

// Reading fields of a stage's 200 answer. A missing or mistyped field is the stage breaking
// its contract, so the error names the call and the field (cause `internal`).

function broken(result: StageCallResult, field: string, expected: string, value: unknown): never {
  throw new PipelineStageError({
    stage: result.stage, callKey: result.callKey, httpStatus: 200, cause: 'internal',
    detail: `answer field "${field}" must be ${expected}, got ${JSON.stringify(value)?.slice(0, 200)}`,
  });
}

export function uriField(result: StageCallResult, field: string): string {
  const value = result.body[field];
  return typeof value === 'string' && value.startsWith('s3://') ? value : broken(result, field, 'an s3:// URI', value);
}

export function stringField(result: StageCallResult, field: string): string {
  const value = result.body[field];
  return typeof value === 'string' ? value : broken(result, field, 'a string', value);
}

export function arrayField(result: StageCallResult, field: string): unknown[] {
  const value = result.body[field];
  return Array.isArray(value) ? value : broken(result, field, 'an array', value);
}

/** `[{index, uri, …}]` lists (ffmpeg-1 clips, ffmpeg-3 frames), each checked. */
export function indexedUris(result: StageCallResult, field: string): Array<{ index: number; uri: string; item: Record<string, unknown> }> {
  return arrayField(result, field).map((raw, i) => {
    const item = raw as Record<string, unknown> | null;
    const ok = item !== null && typeof item === 'object' && Number.isInteger(item.index) && typeof item.uri === 'string' && item.uri.startsWith('s3://');
    if (!ok) broken(result, `${field}[${i}]`, '{index: integer, uri: s3:// URI}', raw);
    return { index: item!.index as number, uri: item!.uri as string, item: item! };
  });
}

export function numberField(result: StageCallResult, field: string): number {
  const value = result.body[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : broken(result, field, 'a finite number', value);
}

export function booleanField(result: StageCallResult, field: string): boolean {
  const value = result.body[field];
  return typeof value === 'boolean' ? value : broken(result, field, 'true or false', value);
}

/** A stage's `standIn`: the note of what ran instead of the original's model, or null; absent (stages that run no model) is null. */
export function standInField(result: StageCallResult): StandIn {
  const value = result.body.standIn;
  if (value === undefined) return null;
  return isStandIn(value) ? value : broken(result, 'standIn', 'null or a note saying what stands in', value);
}

/** A text box the object detector found and read. */
export interface FoundBox {
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
  text: string;
  confidence: number;
}

/** object-detector's `boxes`, each checked: the index is built from them. */
export function boxesField(result: StageCallResult): FoundBox[] {
  return arrayField(result, 'boxes').map((raw, i) => {
    const b = raw as Record<string, unknown> | null;
    const finite = (k: string) => typeof b?.[k] === 'number' && Number.isFinite(b[k]);
    const ok = b !== null && typeof b === 'object' && ['x', 'y', 'w', 'h', 'score', 'confidence'].every(finite) && typeof b.text === 'string';
    if (!ok) broken(result, `boxes[${i}]`, '{x, y, w, h, score, text, confidence}', raw);
    const { x, y, w, h, score, text, confidence } = b as unknown as FoundBox;
    return { x, y, w, h, score, text, confidence };
  });
}
