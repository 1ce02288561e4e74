import { describe, expect, it } from 'vitest';
import { s3ServerOptionsFromEnv, S3ServerEnvError } from './s3ServerConfig.ts';

const noFiles = (path: string): string => {
  throw new Error(`no such file ${path}`);
};

describe('s3ServerOptionsFromEnv', () => {
  it('s3ServerOptionsFromEnv fills host, port and region defaults', () => {
    expect(s3ServerOptionsFromEnv({ S3_DATA_DIR: '/d', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 's' }, noFiles)).toEqual({
      dataDir: '/d',
      host: '127.0.0.1',
      port: 9000,
      accessKeyId: 'a',
      secretAccessKey: 's',
      region: 'us-east-1',
    });
  });

  it('s3ServerOptionsFromEnv reads secrets from the files *_FILE names, trimmed', () => {
    const files: Record<string, string> = { '/s/ak': 'key\n', '/s/sk': 'secret\n' };
    const options = s3ServerOptionsFromEnv(
      { S3_DATA_DIR: '/d', S3_ACCESS_KEY_FILE: '/s/ak', S3_SECRET_KEY_FILE: '/s/sk' },
      (path) => files[path]!,
    );
    expect([options.accessKeyId, options.secretAccessKey]).toEqual(['key', 'secret']);
  });

  it('s3ServerOptionsFromEnv collects every problem in one error', () => {
    try {
      s3ServerOptionsFromEnv({ S3_PORT: 'http', S3_SECRET_KEY: 'x', S3_SECRET_KEY_FILE: '/f' }, noFiles);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(S3ServerEnvError);
      expect((error as S3ServerEnvError).problems).toEqual([
        'S3_DATA_DIR is required',
        'S3_PORT must be an integer in 0..65535, got "http"',
        'S3_ACCESS_KEY (or S3_ACCESS_KEY_FILE) is required',
        'set S3_SECRET_KEY or S3_SECRET_KEY_FILE, not both',
      ]);
    }
  });
});
