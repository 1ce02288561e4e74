// What each request sends. The pipeline (orchestrator) and ffmpeg-0 take `{requestId, video}`:
// the video is a local file uploaded once to the bucket, or an s3:// URI used as it is. A
// workflow sends the orchestrator `{requestId, workflow, input, options}`: the scenario's
// machine, and the execution's input from --body (default `{}`). Any other target needs a
// JSON body template (--body); its requestId is set per request.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureBucket } from '../../stages/runtime/ensure-bucket.ts';
import { UsageError } from '../../sim/process/errors.ts';

/** Targets whose input is `{requestId, video}`. */
const VIDEO_TARGETS = new Set(['pipeline', 'orchestrator', 'ffmpeg-0']);

export interface InputSpec {
  target: string;
  /** --video: a local file or s3://bucket/key. */
  video?: string;
  /** --body: a JSON file with the request body for other targets. */
  body?: string;
  /** Orchestrator request options from the scenario (fanout or mode, stateMode). */
  options: Record<string, string>;
  /** Target 'workflow': the machine the orchestrator runs. */
  workflow?: unknown;
}

export interface S3Access {
  endpoint: string;
  region?: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** A checked input, not yet uploaded: fails before any platform starts. */
export interface CheckedInput {
  /** Local video to upload, or undefined (s3:// given, or a body template). */
  localVideo?: string;
  videoUri?: string;
  template?: Record<string, unknown>;
  target: string;
  options: Record<string, string>;
  workflow?: unknown;
}

/** The orchestrator's default MAX_BODY_BYTES: a larger workflow request would be refused by it (413). */
const ORCHESTRATOR_BODY_LIMIT = 1024 * 1024;

export async function checkInput(spec: InputSpec, defaultVideo: () => Promise<string>): Promise<CheckedInput> {
  if (spec.target === 'workflow') return checkWorkflowInput(spec);
  const needsVideo = VIDEO_TARGETS.has(spec.target);
  if (!needsVideo) {
    if (spec.video !== undefined) throw new UsageError(`--video: the target '${spec.target}' does not take a video; give its request body with --body <file.json>`);
    if (spec.body === undefined) throw new UsageError(`--body: the target '${spec.target}' needs a request body (a JSON object; its requestId is set per request)`);
    return { template: readBody(spec.body), target: spec.target, options: {} };
  }
  if (spec.body !== undefined) throw new UsageError(`--body: the target '${spec.target}' takes {requestId, video}; use --video`);
  const video = spec.video ?? (await defaultVideo());
  if (video.startsWith('s3://')) {
    if (!/^s3:\/\/[^/]+\/.+/.test(video)) throw new UsageError(`--video ${video}: expected s3://<bucket>/<key>`);
    return { videoUri: video, target: spec.target, options: spec.options };
  }
  if (!existsSync(video)) throw new UsageError(`--video ${video}: no such file`);
  return { localVideo: path.resolve(video), target: spec.target, options: spec.options };
}

function readBody(file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--body ${file}: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`--body ${file}: must hold a JSON object`);
  return json as Record<string, unknown>;
}

/** A workflow's execution input (--body, default `{}`); no video. */
function checkWorkflowInput(spec: InputSpec): CheckedInput {
  if (spec.video !== undefined) throw new UsageError("--video: a workflow takes its execution's input as a JSON object: give it with --body <input.json>");
  const input = spec.body === undefined ? {} : readBody(spec.body);
  const size = Buffer.byteLength(JSON.stringify({ requestId: 'x'.repeat(64), workflow: spec.workflow, input, options: spec.options }));
  if (size > ORCHESTRATOR_BODY_LIMIT) {
    throw new UsageError(`${spec.body ? `--body ${spec.body}: ` : ''}the workflow and its input make a request of ${size} bytes; the orchestrator takes at most ${ORCHESTRATOR_BODY_LIMIT} (its MAX_BODY_BYTES)`);
  }
  return { template: input, target: spec.target, options: spec.options, workflow: spec.workflow };
}

/** Uploads a local video once (to `inputs/<file name>`); returns the body of request `requestId`. */
export async function prepareInput(input: CheckedInput, s3: S3Access | undefined): Promise<(requestId: string) => string> {
  let video = input.videoUri;
  if (input.localVideo) {
    if (!s3) throw new UsageError('--video: uploading a local file needs S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY (or pass an s3:// URI)');
    const client = new S3Client({ endpoint: s3.endpoint, region: s3.region ?? 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    const key = `inputs/${path.basename(input.localVideo)}`;
    try {
      await ensureBucket(client, s3.bucket);
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: readFileSync(input.localVideo) }));
    } finally {
      client.destroy();
    }
    video = `s3://${s3.bucket}/${key}`;
  }
  if (input.workflow !== undefined) {
    // The same machine and input in every request; only the id changes.
    const rest = JSON.stringify({ workflow: input.workflow, input: input.template ?? {}, options: input.options });
    return (requestId) => `{"requestId":${JSON.stringify(requestId)},${rest.slice(1)}`;
  }
  if (input.template) {
    const template = input.template;
    return (requestId) => JSON.stringify({ ...template, requestId });
  }
  const options = input.target === 'ffmpeg-0' || Object.keys(input.options).length === 0 ? undefined : input.options;
  return (requestId) => JSON.stringify({ requestId, video, ...(options ? { options } : {}) });
}
