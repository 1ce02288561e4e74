import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../sim/scenario/errors.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { platformSettings } from './platform-settings.ts';
import { liveSettings } from './settings.ts';

const base = (over: Partial<Scenario> = {}): Scenario => ({
  format: 'fave.scenario/v1', name: 't', seed: 1, horizon: 10,
  workload: { executor: 'burst', count: 1 },
  platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed' } } },
  ...over,
});

function plan(s: Scenario, embedded = true, noAutoscale = false) {
  return platformSettings(s, liveSettings(s, 'x.json'), { embedded, noAutoscale, source: 'x.json' });
}

function problems(s: Scenario, embedded = true, noAutoscale = false): string[] {
  try {
    plan(s, embedded, noAutoscale);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe('x.json');
    return (error as ConfigError).issues.map((i) => i.path);
  }
}

describe('platformSettings', () => {
  it('platformSettings gives the embedded platform the simulator defaults for every unset field', () => {
    const p = plan(base());
    expect(p.gateway).toEqual({ community_edition: 'true', upstream_timeout: '60000ms', write_timeout: '60000ms', read_timeout: '60000ms', scale_from_zero: 'true', autoscaling: 'false' });
    expect(p.provider).toEqual({ read_timeout: '10000ms', write_timeout: '10000ms', readiness_initial_delay: '2000ms', readiness_period: '2000ms', reconcile_interval: '30000ms' });
    expect(p.functions['orchestrator']).toMatchObject({ envVars: { max_inflight: '0', exec_timeout: '60000ms', OVERLOAD_ATTEMPTS: '1', STATE_MAX_ATTEMPTS: '10', STAGE_TIMEOUT_MS: '300000' }, memory: null, labels: { 'com.openfaas.scale.min': '1' } });
    expect(p.functions['librosa']).toEqual({ envVars: { max_inflight: '0', exec_timeout: '60000ms' }, labels: { 'com.openfaas.scale.min': '1' }, memory: null });
    // Unset, the simulator's of-watchdog default: 30 s.
    const unset = plan(base({ platform: { defaults: { scaling: { mode: 'fixed' } } } }));
    expect(unset.functions['librosa']!.envVars.exec_timeout).toBe('30000ms');
    expect(p.requestOptions).toEqual({ fanout: 'sequential', stateMode: 'cas' });
  });

  it('platformSettings applies the scenario fields and lists each once', () => {
    const p = plan(base({
      platform: {
        edition: 'pro', gateway: { upstreamTimeout: 300 }, provider: { timeout: 300 },
        defaults: { execTimeout: 300, maxInflight: 2, memoryLimitMB: 512, scaling: { mode: 'fixed', min: 2 } },
      },
      pipeline: { fanout: 'parallel', stageTimeout: 120 },
      state: { mode: 'naive' },
    }));
    expect(p.gateway).toMatchObject({ community_edition: 'false', upstream_timeout: '300000ms' });
    expect(p.provider).toMatchObject({ read_timeout: '300000ms' });
    expect(p.functions['deepspeech']).toEqual({ envVars: { max_inflight: '2', exec_timeout: '300000ms' }, labels: { 'com.openfaas.scale.min': '2' }, memory: '512Mi' });
    expect(p.functions['orchestrator']!.envVars.STAGE_TIMEOUT_MS).toBe('120000');
    expect(p.functions['orchestrator']!.envVars.STAGE_RETRIES).toBe('0');
    expect(plan(base({ pipeline: { stageRetries: 2 } })).functions['orchestrator']!.envVars.STAGE_RETRIES).toBe('2');
    expect(p.requestOptions).toEqual({ fanout: 'parallel', stateMode: 'naive' });
    expect(p.applied.filter((a) => a.startsWith('$.platform.defaults.maxInflight'))).toHaveLength(1);
  });

  it.each([
    ['lambda scaling', { platform: { defaults: { execTimeout: 60, scaling: { mode: 'lambda' } } } }, ['$.platform.defaults.scaling.mode']],
    ['rps scaling', { platform: { edition: 'pro', defaults: { execTimeout: 60, scaling: { mode: 'rps' } } } }, ['$.platform.defaults.scaling.mode']],
    ['an alert scaling factor of 0 (the gateway would not scale at all)', { platform: { defaults: { execTimeout: 60, scaling: { mode: 'alert', factor: 0 } } } }, ['$.platform.defaults.scaling.factor']],
    ['a fractional alert scaling factor (the label falls back to 10)', { platform: { defaults: { execTimeout: 60, scaling: { mode: 'alert', factor: 12.5 } } } }, ['$.platform.defaults.scaling.factor']],
    ['synthetic pipeline sizes', { pipeline: { clipsPerVideo: { type: 'constant', value: 4 }, framesPerClip: { type: 'constant', value: 2 } } }, ['$.pipeline.clipsPerVideo', '$.pipeline.framesPerClip']],
    ['state off', { state: { mode: 'off' } }, ['$.state.mode']],
    ['nodes', { platform: { nodes: [{ cores: 8 }], defaults: { execTimeout: 60, scaling: { mode: 'fixed' } } } }, ['$.platform.nodes']],
    ['a poll interval OpenFaaS does not have', { platform: { gateway: { pollInterval: 0.5 }, defaults: { execTimeout: 60, scaling: { mode: 'fixed' } } } }, ['$.platform.gateway.pollInterval']],
    ['a CPU limit', { platform: { defaults: { execTimeout: 60, cpuLimit: 1, scaling: { mode: 'fixed' } } } }, ['$.platform.defaults.cpuLimit']],
    ['a schedule', { platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed', schedule: [{ from: 0, to: 5, min: 2 }] } } } }, ['$.platform.defaults.scaling.schedule']],
    ['a warm-instance policy', { platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed' }, policy: { keepAlive: { type: 'hybrid-histogram' } } } } }, ['$.platform.defaults.policy']],
  ] as [string, Partial<Scenario>, string[]][])('platformSettings refuses %s, naming the field', (_name, over, paths) => {
    expect(problems(base(over))).toEqual(paths);
  });

  it('platformSettings lets an exec timeout end calls before the provider does (the stages answer 504 at it)', () => {
    const s = base({ platform: { provider: { timeout: 300 }, gateway: { upstreamTimeout: 300 }, defaults: { execTimeout: 20, scaling: { mode: 'fixed' } }, functions: { deepspeech: { execTimeout: 5 } } } });
    const p = plan(s);
    expect(p.functions['librosa']!.envVars.exec_timeout).toBe('20000ms');
    expect(p.functions['deepspeech']!.envVars.exec_timeout).toBe('5000ms');
    expect(p.applied).toEqual(expect.arrayContaining(['$.platform.defaults.execTimeout=20', '$.platform.functions.deepspeech.execTimeout=5']));
    // A running cluster keeps its deployed exec_timeout (of-watchdog's, from stack.yml).
    const cluster = plan(s, false);
    expect(cluster.functions['librosa']!.envVars.exec_timeout).toBeUndefined();
    expect(cluster.notApplied).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\.platform\.defaults\.execTimeout=20 \(a running cluster is not reconfigured/)]));
  });

  it('platformSettings names the function whose own entry carries the refused field', () => {
    expect(problems(base({ platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed' } }, functions: { librosa: { scaling: { mode: 'lambda' } } } } }))).toEqual(['$.platform.functions.librosa.scaling.mode']);
  });

  it('platformSettings holds alert scaling at the minimum with --no-autoscale and records the approximation', () => {
    const p = plan(base({ platform: { autoscaler: { window: 20 }, defaults: { execTimeout: 60, scaling: { mode: 'alert' } } } }), true, true);
    expect(p.approximations).toEqual(['$.platform.defaults.scaling.mode="alert": replicas held at the minimum (--no-autoscale)']);
    expect(p.gateway.autoscaling).toBe('false');
    expect(p.gateway.alert_window).toBeUndefined();
    expect(p.notApplied).toContain('$.platform.autoscaler (no function scales by the alert in this run: --no-autoscale)');
  });

  it('platformSettings runs the gateway\'s in-process alert for alert scaling (the community default), with the chart\'s timing and the scaling labels', () => {
    const p = plan(base({ platform: { defaults: { execTimeout: 60 } } }));
    expect(p.gateway).toMatchObject({
      autoscaling: 'true', alert_window: '10000ms', alert_threshold: '5', alert_for: '5000ms', alert_repeat_interval: '30000ms',
      alert_scrape_interval: '5000ms', alert_evaluation_interval: '15000ms', alert_group_wait: '5000ms', alert_group_interval: '10000ms',
    });
    expect(p.functions['librosa']!.labels).toEqual({ 'com.openfaas.scale.min': '1', 'com.openfaas.scale.max': '5', 'com.openfaas.scale.factor': '10' });
    expect(p.applied).toContain('$.platform.defaults.scaling.mode="alert" (the gateway\'s in-process alert, labels com.openfaas.scale.min/max/factor)');
    // The simulator's default tick is not the chart's timing: said so, with the way out.
    expect(p.approximations).toHaveLength(1);
    expect(p.approximations[0]).toMatch(/^\$\.platform\.autoscaler\.evaluation="tick" \(the default\): the gateway times the alert as faas-netes' chart does/);
    expect(p.approximations[0]).toContain('10–25 s sooner');
    expect(p.approximations[0]).toContain('docs/openfaas-behaviour.md');
    expect(p.approximations[0]).toContain('evaluation to "chart"');
  });

  it('platformSettings maps the scenario\'s autoscaler onto the gateway\'s alert, and its labels per function', () => {
    const p = plan(base({
      platform: {
        autoscaler: { window: 20, alertThreshold: 2.5, alertFor: 0, repeatInterval: 60, interval: 2 },
        defaults: { execTimeout: 60, scaling: { mode: 'alert', min: 2, max: 4, factor: 50 } },
        functions: { deepspeech: { scaling: { mode: 'fixed', min: 3 } } },
      },
    }));
    expect(p.gateway).toMatchObject({ autoscaling: 'true', alert_window: '20000ms', alert_threshold: '2.5', alert_for: '0ms', alert_repeat_interval: '60000ms', alert_evaluation_interval: '15000ms' });
    expect(p.functions['librosa']!.labels).toEqual({ 'com.openfaas.scale.min': '2', 'com.openfaas.scale.max': '4', 'com.openfaas.scale.factor': '50' });
    // A fixed function beside alerting ones: min = max turns the gateway's alert off for it.
    expect(p.functions['deepspeech']!.labels).toEqual({ 'com.openfaas.scale.min': '3', 'com.openfaas.scale.max': '3' });
    expect(p.applied).toEqual(expect.arrayContaining(['$.platform.autoscaler.window=20 (the gateway\'s in-process alert)', '$.platform.autoscaler.alertFor=0 (the gateway\'s in-process alert)']));
    expect(p.notApplied.filter((n) => n.includes('scaling.factor'))).toEqual([]);
    // The tick's 2 s interval is the part live cannot match: in the approximation.
    expect(p.approximations[0]).toContain('checks the rule every 2 s');
  });

  it('platformSettings with evaluation "chart" gives the gateway the scenario\'s timing and notes no timing approximation', () => {
    const p = plan(base({ platform: { autoscaler: { evaluation: 'chart', evaluationInterval: 10, groupWait: 0 }, defaults: { execTimeout: 60, scaling: { mode: 'alert' } } } }));
    expect(p.gateway).toMatchObject({ autoscaling: 'true', alert_evaluation_interval: '10000ms', alert_group_wait: '0ms', alert_scrape_interval: '5000ms', alert_group_interval: '10000ms' });
    expect(p.approximations).toEqual([]);
    expect(p.applied).toContain('$.platform.autoscaler.evaluation="chart" (the gateway\'s in-process alert)');
  });

  it('platformSettings notes that the gateway\'s alert stops at 5 replicas where a Pro scenario\'s alert goes on', () => {
    const p = plan(base({ platform: { edition: 'pro', autoscaler: { evaluation: 'chart' }, defaults: { execTimeout: 60, scaling: { mode: 'alert' } } } }));
    expect(p.functions['librosa']!.labels['com.openfaas.scale.max']).toBe('20');
    expect(p.approximations).toEqual([expect.stringMatching(/^\$\.platform\.defaults\.scaling\.max=20: the gateway's alert handler stops at 5 replicas/)]);
  });

  it('platformSettings lists model parameters as measured, not applied', () => {
    const p = plan(base({ target: 'ffmpeg-0', platform: { defaults: { execTimeout: 60, warm: { type: 'constant', value: 1 }, scaling: { mode: 'fixed' } } } }));
    expect(p.notApplied).toEqual(['$.platform.defaults.warm (a model parameter: the live platform has its own, and the run measures it)']);
  });

  it('platformSettings lists the machine\'s modelled or replayed speed as measured, not applied', () => {
    const why = '(a model parameter: the live platform has its own, and the run measures it)';
    const defaults = { execTimeout: 60, scaling: { mode: 'fixed' as const } };
    expect(plan(base({ platform: { defaults, speedTrace: { at: [0, 2], speed: [1, 0.5] } } })).notApplied).toEqual([`$.platform.speedTrace ${why}`]);
    expect(plan(base({ platform: { defaults, speed: null } })).notApplied).toEqual([`$.platform.speed ${why}`]);
  });

  it('platformSettings on a real cluster records platform fields as not applied and changes nothing', () => {
    const p = plan(base({ platform: { gateway: { upstreamTimeout: 300 }, defaults: { execTimeout: 60, scaling: { mode: 'alert' } } } }), false);
    expect(p.gateway).toEqual({});
    expect(p.functions['librosa']).toEqual({ envVars: {}, labels: {} });
    expect(p.notApplied.some((n) => n.startsWith('$.platform.gateway.upstreamTimeout=300'))).toBe(true);
    expect(p.notApplied.some((n) => n.startsWith('$.platform.defaults.scaling.mode="alert"'))).toBe(true);
  });

  it('platformSettings gives a function\'s readiness to the embedded provider as its com.fave.readiness annotation', () => {
    const p = plan(base({ platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed' }, readiness: 'watchdog' } } }));
    expect(p.functions['librosa']!.annotations).toEqual({ 'com.fave.readiness': 'watchdog' });
    expect(p.applied).toContain('$.platform.defaults.readiness="watchdog"');
    expect(plan(base()).functions['librosa']!.annotations).toBeUndefined();
    const remote = plan(base({ platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed' }, readiness: 'watchdog' } } }), false);
    expect(remote.functions['librosa']!.annotations).toBeUndefined();
    expect(remote.notApplied.some((n) => n.startsWith('$.platform.defaults.readiness="watchdog"'))).toBe(true);
  });

  it('platformSettings refuses pipeline fields for a one-function target', () => {
    expect(problems(base({ target: 'ffmpeg-0', pipeline: { fanout: 'parallel' } }))).toEqual(['$.pipeline']);
  });
});
