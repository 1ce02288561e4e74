import { StageError } from '../runtime/index.ts';
import type { StateMode } from '../runtime/state-store.ts';
import { FANOUT_MODES, STATE_MODES, VAD_METHODS, type FanoutMode, type OrchestratorConfig, type VadMethod } from './config.ts';

export interface RequestOptions {
  fanout: FanoutMode;
  fps: number | undefined;
  vadMethod: VadMethod | undefined;
  stateMode: StateMode;
}

const KEYS = ['fanout', 'fps', 'vadMethod', 'stateMode'] as const;

function oneOf<T extends string>(obj: Record<string, unknown>, field: string, allowed: readonly T[], fallback: T): T;
function oneOf<T extends string>(obj: Record<string, unknown>, field: string, allowed: readonly T[], fallback: T | undefined): T | undefined;
function oneOf<T extends string>(obj: Record<string, unknown>, field: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
  const value = obj[field];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StageError('bad-input', `field "options.${field}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

/** A request's `options`, strictly: unknown keys and bad values are `bad-input`; absent ones come from env. */
export function parseRequestOptions(raw: unknown, config: OrchestratorConfig): RequestOptions {
  if (raw === undefined) return { fanout: config.fanout, fps: config.fps, vadMethod: config.vadMethod, stateMode: config.stateMode };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new StageError('bad-input', `field "options" must be an object, got ${JSON.stringify(raw)}`);
  }
  const obj = raw as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new StageError('bad-input', `field "options" has unknown keys ${unknown.join(', ')} (expected ${KEYS.join(', ')})`);
  const fps = obj.fps;
  if (fps !== undefined && !(typeof fps === 'number' && Number.isFinite(fps) && fps > 0 && fps <= 30)) {
    throw new StageError('bad-input', `field "options.fps" must be a number > 0 and <= 30, got ${JSON.stringify(fps)}`);
  }
  return {
    fanout: oneOf(obj, 'fanout', FANOUT_MODES, config.fanout),
    fps: (fps as number | undefined) ?? config.fps,
    vadMethod: oneOf(obj, 'vadMethod', VAD_METHODS, config.vadMethod),
    stateMode: oneOf(obj, 'stateMode', STATE_MODES, config.stateMode),
  };
}
