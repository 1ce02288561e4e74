import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createS3Client } from '../../stages/runtime/s3-store.ts';
import { writePlatformRecord } from '../run/platform-file.ts';
import { NoPlatformError, searchEnv } from './locate.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'fave-locate-'));
  mkdirSync(path.join(root, '.fave'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const up = (s3: string | null) => writePlatformRecord(path.join(root, '.fave'), {
  format: 'fave.platform/v1', pid: process.pid, gateway: 'http://127.0.0.1:40001', provider: 'http://127.0.0.1:40002', s3, bucket: 'videos', secretsDir: path.join(root, '.fave/secrets'),
});

describe('searchEnv', () => {
  it('searchEnv points the stages\' S3 client at the platform `live up` recorded, its bucket and its secrets folder', () => {
    up('http://127.0.0.1:40003');
    const env = searchEnv({ PATH: '/usr/bin' }, root);
    expect(env).toEqual({ PATH: '/usr/bin', S3_ENDPOINT: 'http://127.0.0.1:40003', S3_BUCKET: 'videos', SECRETS_DIR: path.join(root, '.fave/secrets') });
    // The credentials come from the secret files, as a stage's do; none is in the env.
    expect(createS3Client(env, (file) => `secret from ${path.basename(file)}`).bucket).toBe('videos');
  });

  it('searchEnv uses S3_ENDPOINT and its variables as given when set (a cluster\'s S3), over any recorded platform', () => {
    up('http://127.0.0.1:40003');
    const env = searchEnv({ S3_ENDPOINT: 'https://minio.example:9000', S3_BUCKET: 'prod', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' }, root);
    expect(env).toMatchObject({ S3_ENDPOINT: 'https://minio.example:9000', S3_BUCKET: 'prod', S3_ACCESS_KEY: 'a' });
    // Without S3_BUCKET: the stack's bucket.
    expect(searchEnv({ S3_ENDPOINT: 'https://minio.example:9000' }, root)).toMatchObject({ S3_BUCKET: 'fave' });
  });

  it('searchEnv says how to start a platform when none runs, and what to set when it runs without S3', () => {
    expect(() => searchEnv({}, root)).toThrow(NoPlatformError);
    expect(() => searchEnv({}, root)).toThrow(/no platform running: no platform is recorded in .*platform\.json\. Start one with `\.\/fave live up`/);
    expect(() => searchEnv({ S3_ENDPOINT: '  ' }, root)).toThrow(NoPlatformError);
    up(null);
    expect(() => searchEnv({}, root)).toThrow(/started with --no-s3: set S3_ENDPOINT/);
  });
});
