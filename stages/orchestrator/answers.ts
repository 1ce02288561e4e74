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
