import type { S3ServerOptions } from './startS3Server.ts';

/**
 * The standalone server's settings, from an env map. Every variable is in README.md.
 * A secret comes from its variable or from the file its `_FILE` variable names
 * (e.g. /var/openfaas/secrets/s3-secret-key), never both.
 */
export class S3ServerEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid S3 server environment:\n  ${problems.join('\n  ')}`);
    this.name = 'S3ServerEnvError';
  }
}

export const S3_ENV_DEFAULTS = { S3_HOST: '127.0.0.1', S3_PORT: '9000', S3_REGION: 'us-east-1' } as const;

export function s3ServerOptionsFromEnv(
  env: Record<string, string | undefined>,
  readSecretFile: (path: string) => string,
): Omit<S3ServerOptions, 'log'> {
  const problems: string[] = [];
  const secret = (name: string): string => {
    const direct = env[name];
    const file = env[`${name}_FILE`];
    if (direct !== undefined && file !== undefined) problems.push(`set ${name} or ${name}_FILE, not both`);
    if (direct !== undefined) return direct;
    if (file === undefined) {
      problems.push(`${name} (or ${name}_FILE) is required`);
      return '';
    }
    try {
      return readSecretFile(file).trim();
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file}: ${(error as Error).message}`);
      return '';
    }
  };
  const dataDir = env.S3_DATA_DIR ?? '';
  if (dataDir === '') problems.push('S3_DATA_DIR is required');
  const portText = env.S3_PORT ?? S3_ENV_DEFAULTS.S3_PORT;
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`S3_PORT must be an integer in 0..65535, got "${portText}"`);
  const accessKeyId = secret('S3_ACCESS_KEY');
  const secretAccessKey = secret('S3_SECRET_KEY');
  const options: Omit<S3ServerOptions, 'log'> = {
    dataDir,
    host: env.S3_HOST ?? S3_ENV_DEFAULTS.S3_HOST,
    port,
    accessKeyId,
    secretAccessKey,
    region: env.S3_REGION ?? S3_ENV_DEFAULTS.S3_REGION,
  };
  if (env.S3_MAX_OBJECT_BYTES !== undefined) {
    const max = Number(env.S3_MAX_OBJECT_BYTES);
    if (!/^\d+$/.test(env.S3_MAX_OBJECT_BYTES)) problems.push(`S3_MAX_OBJECT_BYTES must be a whole number, got "${env.S3_MAX_OBJECT_BYTES}"`);
    options.maxObjectBytes = max;
  }
  if (problems.length > 0) throw new S3ServerEnvError(problems);
  return options;
}
