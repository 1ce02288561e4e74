import { describe, expect, it } from 'vitest';
import { RequestError } from '../openfaas/errors.ts';
import { checkDeployEnv, refusedReason } from './deploy-env.ts';

describe('deploy env', () => {
  it.each([
    'NODE_OPTIONS', 'node_options', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES',
    'PATH', 'Path', 'BASH_ENV', 'ENV', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5OPT', 'PERLLIB', 'RUBYOPT', 'OPENSSL_CONF', 'GCONV_PATH',
    'TSX_TSCONFIG_PATH', 'ESBUILD_BINARY_PATH', 'NPM_CONFIG_NODE_OPTIONS', 'JAVA_TOOL_OPTIONS', 'BASH_FUNC_ls%%',
  ])('refuses %s, which changes how a process loads or runs', (key) => {
    expect(refusedReason(key)).toBeDefined();
  });

  it.each(['PORT', 'HOST', 'HOSTNAME', 'SECRETS_DIR', 'LOCAL_ONLY'])('refuses %s, which the provider sets', (key) => {
    expect(refusedReason(key)).toBe('is set by the provider for each replica');
  });

  it('allows what the stack and the tests set', () => {
    for (const key of ['NODE_ENV', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'OPENFAAS_URL', 'exec_timeout', 'read_timeout', 'write_timeout', 'max_inflight',
      'MAX_BODY_BYTES', 'STAGE_TIMEOUT_MS', 'TMPDIR', 'HOME', 'TZ', 'fave_entry', 'memory_limit_mb', 'FAKE_STAGE']) {
      expect(refusedReason(key), key).toBeUndefined();
    }
  });

  it('checkDeployEnv() answers 400 naming the key and why, and refuses NUL bytes and bad names', () => {
    const attempt = () => checkDeployEnv({ S3_BUCKET: 'fave', LD_PRELOAD: '/tmp/x.so' });
    expect(attempt).toThrow(RequestError);
    expect(attempt).toThrow('validation failed: envVars: LD_PRELOAD changes how the replica process is loaded or run');
    expect(() => checkDeployEnv({ A: 'x\0y' })).toThrow('A contains a NUL byte');
    expect(() => checkDeployEnv({ 'A=B': 'x' })).toThrow('A=B is not a valid environment variable name');
    expect(() => checkDeployEnv({ S3_BUCKET: 'fave' })).not.toThrow();
  });
});
