import { describe, expect, it } from 'vitest';
import { parseS3Connection, parseStageConfig, parsePositiveNumberVar, parseEnumVar } from './config.ts';
import { StageConfigError } from './errors.ts';

const base = { S3_BUCKET: 'fave' };

describe('parseStageConfig', () => {
  it('parseStageConfig gives the documented defaults', () => {
    expect(parseStageConfig(base)).toEqual({
      host: '127.0.0.1', port: 3000, maxInflight: 0, execTimeoutMs: 0, maxBodyBytes: 1048576,
      maxInputBytes: 536870912, bucket: 'fave', memoryLimitMB: undefined, localOnly: false,
      readyLockFile: undefined, readyLockWhen: 'init',
    });
  });

  it('parseStageConfig reads every variable', () => {
    const config = parseStageConfig({
      ...base, PORT: '8081', HOST: '0.0.0.0', max_inflight: '4', exec_timeout: '300s', MAX_BODY_BYTES: '10', MAX_INPUT_BYTES: '99', memory_limit_mb: '256',
      LOCAL_ONLY: 'true', READY_LOCK_FILE: '/tmp/.lock',
    });
    expect(config).toMatchObject({ port: 8081, host: '0.0.0.0', maxInflight: 4, execTimeoutMs: 300_000, maxBodyBytes: 10, maxInputBytes: 99, memoryLimitMB: 256, localOnly: true, readyLockFile: '/tmp/.lock' });
  });

  // of-watchdog's forms: whole seconds, or a Go duration; "0" turns the limit off.
  it.each([
    ['10', 10_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['0', 0],
    [' 600s ', 600_000],
  ])('parseStageConfig reads exec_timeout=%j as %d ms', (value, ms) => {
    expect(parseStageConfig({ ...base, exec_timeout: value }).execTimeoutMs).toBe(ms);
  });

  it.each([
    [{ S3_BUCKET: undefined }, 'S3_BUCKET'],
    [{ S3_BUCKET: 'Bad_Bucket' }, 'S3_BUCKET'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ LOCAL_ONLY: 'yes' }, 'LOCAL_ONLY'],
    [{ READY_LOCK_FILE: 'tmp/.lock' }, 'READY_LOCK_FILE'],
    [{ READY_LOCK_WHEN: 'ready' }, 'READY_LOCK_WHEN'],
    [{ PORT: '70000' }, 'PORT'],
    [{ max_inflight: '-1' }, 'max_inflight'],
    [{ max_inflight: '2.5' }, 'max_inflight'],
    [{ MAX_BODY_BYTES: '0' }, 'MAX_BODY_BYTES'],
    [{ memory_limit_mb: '1g' }, 'memory_limit_mb'],
    // of-watchdog would quietly take its 10 s default for these; a stage refuses to start.
    [{ exec_timeout: 'ten' }, 'exec_timeout'],
    [{ exec_timeout: '-5s' }, 'exec_timeout'],
    [{ exec_timeout: '30 s' }, 'exec_timeout'],
  ])('parseStageConfig rejects %j naming %s', (patch, variable) => {
    try {
      parseStageConfig({ ...base, ...patch });
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(StageConfigError);
      expect((err as StageConfigError).variable).toBe(variable);
      expect((err as Error).message).toContain(variable);
    }
  });
});

describe('parseS3Connection', () => {
  const noSecrets = (): undefined => undefined;

  it('parseS3Connection takes credentials from env and uses path style with an endpoint', () => {
    const conn = parseS3Connection({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY: 'ak', S3_SECRET_KEY: 'sk' }, noSecrets);
    expect(conn).toEqual({
      bucket: 'fave', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, accessKeyId: 'ak', secretAccessKey: 'sk',
    });
  });

  it('parseS3Connection falls back to OpenFaaS secret files under SECRETS_DIR', () => {
    const files: Record<string, string> = { '/s/s3-access-key': 'file-ak', '/s/s3-secret-key': 'file-sk' };
    const conn = parseS3Connection({ ...base, SECRETS_DIR: '/s', S3_REGION: 'eu-west-1' }, (p) => files[p]);
    expect(conn).toMatchObject({ accessKeyId: 'file-ak', secretAccessKey: 'file-sk', region: 'eu-west-1', endpoint: undefined, forcePathStyle: false });
  });

  it('parseS3Connection names the missing credential and where it looked, without values', () => {
    expect(() => parseS3Connection({ ...base, S3_ACCESS_KEY: 'ak' }, noSecrets)).toThrow(/S3_SECRET_KEY.*\/var\/openfaas\/secrets\/s3-secret-key/);
  });

  it('parseS3Connection rejects an endpoint that is not a URL', () => {
    expect(() => parseS3Connection({ ...base, S3_ENDPOINT: 'minio:9000', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' }, noSecrets)).toThrow(/S3_ENDPOINT/);
  });
});

describe('variable parsers', () => {
  it('parsePositiveNumberVar accepts decimals and rejects zero and text', () => {
    expect(parsePositiveNumberVar({ X: '0.5' }, 'X', 1)).toBe(0.5);
    expect(parsePositiveNumberVar({}, 'X', 1)).toBe(1);
    expect(() => parsePositiveNumberVar({ X: '0' }, 'X', 1)).toThrow(StageConfigError);
    expect(() => parsePositiveNumberVar({ X: 'fast' }, 'X', 1)).toThrow(/X="fast"/);
  });

  it('parseEnumVar lists the valid values when given another', () => {
    expect(parseEnumVar({ F: 'png' }, 'F', ['jpg', 'png'], 'jpg')).toBe('png');
    expect(() => parseEnumVar({ F: 'gif' }, 'F', ['jpg', 'png'], 'jpg')).toThrow(/one of jpg, png/);
  });
});
