import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import parseStack from '../openfaas/stack.ts';
import { stackTimeouts } from './stack-timeouts.ts';

const stackYml = readFileSync(path.join(import.meta.dirname, '../openfaas/stack.yml'), 'utf8');

describe('stackTimeouts', () => {
  it('raises the gateway, provider and queue-worker timeouts to the shipped stack\'s longest call, the orchestrator\'s 600 s', () => {
    const t = stackTimeouts(parseStack(stackYml, 'stack.yml', {}).functions, {});
    expect(t.longestMs).toBe(600_000);
    expect(t.gateway).toEqual({ upstream_timeout: '600000ms', read_timeout: '605000ms', write_timeout: '605000ms' });
    expect(t.provider).toEqual({ read_timeout: '605000ms', write_timeout: '605000ms' });
    expect(t.queue).toEqual({ upstream_timeout: '600000ms' });
  });

  it('leaves a timeout the environment sets to the environment', () => {
    const t = stackTimeouts(parseStack(stackYml, 'stack.yml', {}).functions, { gateway_upstream_timeout: '30s', provider_write_timeout: '40s', queue_upstream_timeout: '50s' });
    expect(t.gateway).not.toHaveProperty('upstream_timeout');
    expect(t.queue).toEqual({});
    expect(t.provider).toEqual({ read_timeout: '605000ms' });
  });

  it('sets nothing for a stack without exec_timeouts', () => {
    const fn = parseStack(stackYml, 'stack.yml', {}).functions[0]!;
    expect(stackTimeouts([{ ...fn, environment: {} }], {})).toEqual({ longestMs: 0, gateway: {}, provider: {}, queue: {} });
  });
});
