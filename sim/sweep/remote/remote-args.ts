// The sweep CLI's remote options: `--gateway <url>` (or OPENFAAS_URL) turns remote mode
// on; the rest tune it. Also the progress lines remote mode writes to stderr — one per
// finished, retried or failed shard, since a remote sweep can run for hours and a log
// line survives where a redrawn bar does not.
import { UsageError } from '../../process/errors.ts';
import { intFlag } from '../../process/command-line.ts';
import { describeShard, type RemotePoolOptions, type ShardEvent } from './remote-pool.ts';

export const REMOTE_USAGE =
  '[--gateway URL | --local] [--function NAME] [--shard-seeds N] [--shard-timeout SECONDS] [--retries N] [--inflight N] [--callback-url URL] [--callback-port N]';

export const REMOTE_OPTIONS = {
  gateway: { type: 'string' },
  local: { type: 'boolean', default: false },
  function: { type: 'string' },
  'shard-seeds': { type: 'string' },
  'shard-timeout': { type: 'string' },
  retries: { type: 'string' },
  inflight: { type: 'string' },
  'callback-url': { type: 'string' },
  'callback-port': { type: 'string' },
} as const;

export interface RemoteArgs {
  gateway?: string;
  local?: boolean;
  function?: string;
  'shard-seeds'?: string;
  'shard-timeout'?: string;
  retries?: string;
  inflight?: string;
  'callback-url'?: string;
  'callback-port'?: string;
}

function httpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${what} must be an http(s) URL (got '${value}')`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${what} must be an http(s) URL (got '${value}')`);
  return value.replace(/\/+$/, '');
}

// OpenFaaS function names: DNS-1123 labels.
function functionName(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) throw new UsageError(`--function must be an OpenFaaS function name (a-z, 0-9, '-'; got '${value}')`);
  return value;
}

/** Remote pool options from the CLI's values and env, or null for a local run. */
export function remoteOptionsOf(values: RemoteArgs, env: Readonly<Record<string, string | undefined>>): (RemotePoolOptions & { via: string }) | null {
  if (values.local && values.gateway !== undefined) throw new UsageError('--local and --gateway contradict each other');
  const fromEnv = env.OPENFAAS_URL?.trim() || undefined;
  const gateway = values.local ? undefined : (values.gateway ?? fromEnv);
  const remoteOnly = (['function', 'shard-seeds', 'shard-timeout', 'retries', 'inflight', 'callback-url', 'callback-port'] as const).filter((k) => values[k] !== undefined);
  if (gateway === undefined) {
    if (remoteOnly.length) throw new UsageError(`--${remoteOnly[0]} needs a gateway (--gateway URL or OPENFAAS_URL)`);
    return null;
  }
  const timeout = intFlag(values['shard-timeout'], 'shard-timeout', 1, 86_400);
  return {
    via: values.gateway !== undefined ? '--gateway' : 'OPENFAAS_URL',
    gatewayUrl: httpUrl(gateway, values.gateway !== undefined ? '--gateway' : 'OPENFAAS_URL'),
    ...(values.function !== undefined ? { functionName: functionName(values.function) } : {}),
    seedsPerShard: intFlag(values['shard-seeds'], 'shard-seeds', 1),
    ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
    retries: intFlag(values.retries, 'retries', 0, 100),
    inflight: intFlag(values.inflight, 'inflight', 1, 10_000),
    ...(values['callback-url'] !== undefined ? { callbackUrl: httpUrl(values['callback-url'], '--callback-url') } : {}),
    callbackPort: intFlag(values['callback-port'], 'callback-port', 0, 65_535),
  };
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, '; ');

/** One stderr line per shard event worth a line. */
export function formatShardEvent(e: ShardEvent): string | null {
  switch (e.kind) {
    case 'start':
      return `sweep: ${e.shards} shard${e.shards === 1 ? '' : 's'} → POST ${e.gateway}, callbacks to ${e.callback}`;
    case 'sent':
      return null;
    case 'done':
      return `shard ${e.shard.id} done [${e.done}/${e.total}] (${describeShard(e.shard)}) in ${e.seconds.toFixed(1)} s${e.attempt > 1 ? `, attempt ${e.attempt}` : ''}`;
    case 'retry':
      return `shard ${e.shard.id}: attempt ${e.attempt} failed, retrying: ${oneLine(e.reason)}`;
    case 'failed':
      return `shard ${e.shard.id} FAILED (${describeShard(e.shard)}): ${oneLine(e.reason)}`;
  }
}
