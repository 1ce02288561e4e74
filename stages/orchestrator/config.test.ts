import { describe, expect, it } from 'vitest';
import { StageConfigError } from '../runtime/index.ts';
import { parseOrchestratorConfig } from './config.ts';

describe('parseOrchestratorConfig', () => {
  it('parseOrchestratorConfig({}) gives the documented defaults', () => {
    expect(parseOrchestratorConfig({})).toEqual({
      gatewayUrl: 'http://127.0.0.1:8080', stageTimeoutMs: 300_000, fanout: 'sequential', maxParallelCalls: 4,
      fps: undefined, vadMethod: undefined, stateMode: 'cas', stateMaxAttempts: 50, stateOutcomeRetryMs: 30_000,
      overloadAttempts: 1, overloadBackoffMs: 20, overloadBackoffMaxMs: 250, stageRetries: 0,
    });
  });

  it('parseOrchestratorConfig() reads every variable and trims the gateway URL', () => {
    const config = parseOrchestratorConfig({
      OPENFAAS_URL: 'http://gateway.openfaas:8080/', STAGE_TIMEOUT_MS: '5000', FANOUT: 'parallel', MAX_PARALLEL_CALLS: '8',
      FRAME_FPS: '0.5', SPEECH_METHOD: 'vad', STATE_MODE: 'naive', STATE_OUTCOME_RETRY_MS: '0', STAGE_RETRIES: '2',
    });
    expect(config).toMatchObject({ stateOutcomeRetryMs: 0, stageRetries: 2 });
    expect(config).toMatchObject({
      gatewayUrl: 'http://gateway.openfaas:8080', stageTimeoutMs: 5000, fanout: 'parallel', maxParallelCalls: 8, fps: 0.5, vadMethod: 'vad', stateMode: 'naive',
    });
  });

  it.each([
    ['OPENFAAS_URL', 'gateway:8080'],
    ['OPENFAAS_URL', 'ftp://gateway'],
    ['STAGE_TIMEOUT_MS', '0'],
    ['STAGE_TIMEOUT_MS', '1.5'],
    ['FANOUT', 'wide'],
    ['MAX_PARALLEL_CALLS', '0'],
    ['FRAME_FPS', '31'],
    ['SPEECH_METHOD', 'webrtc'],
    ['STATE_MODE', 'lww'],
    ['STATE_OUTCOME_RETRY_MS', '-1'],
    ['STAGE_RETRIES', '-1'],
    ['STAGE_RETRIES', 'twice'],
  ])('parseOrchestratorConfig() rejects %s=%s naming the variable', (name, value) => {
    expect(() => parseOrchestratorConfig({ [name]: value })).toThrow(StageConfigError);
    expect(() => parseOrchestratorConfig({ [name]: value })).toThrow(name);
  });
});
