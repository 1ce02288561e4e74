import { StageError } from './errors.ts';

export type JsonRecord = Record<string, unknown>;

/** Short rendering of a bad value for error messages (bounded so a huge body can't flood logs). */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function expectRecord(input: unknown): JsonRecord {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new StageError('bad-input', `the request body must be a JSON object, got ${show(input)}`);
  }
  return input as JsonRecord;
}

export function expectString(obj: JsonRecord, field: string): string {
  const value = obj[field];
  if (typeof value !== 'string' || value === '') {
    throw new StageError('bad-input', `field "${field}" must be a non-empty string, got ${show(value)}`);
  }
  return value;
}

export interface S3Location {
  bucket: string;
  key: string;
}

/** Parses `s3://bucket/key`; the key must be non-empty and free of `..` segments. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  if (match === null) throw new StageError('bad-input', `${show(uri)} is not an s3://bucket/key URI`);
  const key = match[2]!;
  if (key.split('/').some((part) => part === '..' || part === '')) {
    throw new StageError('bad-input', `${show(uri)} has an empty or ".." path segment`);
  }
  return { bucket: match[1]!, key };
}

export function expectS3Uri(obj: JsonRecord, field: string): string {
  const value = obj[field];
  if (typeof value !== 'string') {
    throw new StageError('bad-input', `field "${field}" must be an s3:// URI, got ${show(value)}`);
  }
  try {
    parseS3Uri(value);
  } catch (err) {
    throw new StageError('bad-input', `field "${field}": ${(err as Error).message}`);
  }
  return value;
}

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function expectNumber(obj: JsonRecord, field: string, rule: NumberRule = {}): number {
  const value = obj[field];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.integer !== true || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const kind = rule.integer === true ? 'an integer' : 'a number';
    const range = [rule.min !== undefined ? `>= ${rule.min}` : '', rule.max !== undefined ? `<= ${rule.max}` : '']
      .filter((part) => part !== '')
      .join(' and ');
    throw new StageError('bad-input', `field "${field}" must be ${kind}${range ? ` ${range}` : ''}, got ${show(value)}`);
  }
  return value as number;
}

/** Like expectNumber, but an absent field (undefined) yields `fallback`; null is still an error. */
export function optionalNumber(obj: JsonRecord, field: string, fallback: number, rule: NumberRule = {}): number {
  return obj[field] === undefined ? fallback : expectNumber(obj, field, rule);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Request ids become S3 key segments, so only a safe alphabet is accepted. */
export function readRequestId(obj: JsonRecord, fresh: () => string): string {
  const value = obj.requestId;
  if (value === undefined) return fresh();
  if (typeof value !== 'string' || !REQUEST_ID.test(value) || value === '.' || value === '..') {
    throw new StageError('bad-input', `field "requestId" must match ${REQUEST_ID.source}, got ${show(value)}`);
  }
  return value;
}
