import { S3Client } from '@aws-sdk/client-s3';
import { parseIntegerVar, parseS3Connection, type Env } from '../runtime/index.ts';
import { S3ObjectStore } from '../runtime/object-store.ts';

/**
 * The orchestrator's store for state.json: the stages' S3 settings plus time limits the SDK
 * does not set by default, so an S3 that accepts a request and never answers fails the
 * write (→ cause storage, after the SDK's retries) instead of holding the request forever.
 */
export function createStateStore(env: Env): S3ObjectStore {
  const conn = parseS3Connection(env);
  const requestTimeout = parseIntegerVar(env, 'STATE_REQUEST_TIMEOUT_MS', 10_000, 1);
  const client = new S3Client({
    region: conn.region,
    endpoint: conn.endpoint,
    forcePathStyle: conn.forcePathStyle,
    credentials: { accessKeyId: conn.accessKeyId, secretAccessKey: conn.secretAccessKey },
    // requestTimeout runs once a socket is assigned; no connectionTimeout, whose clock also
    // runs while a request queues for one of the agent's 50 sockets — under 50 concurrent
    // pipelines that failed healthy writes.
    requestHandler: { requestTimeout, throwOnRequestTimeout: true },
  });
  return new S3ObjectStore(client, conn.bucket);
}
