// The benchmark scenarios of the simulator issue, as plain scenario objects.
import type { Scenario } from '../scenario/types.ts';

const FAR = 1e9;

function lambda(rate: number, horizon: number): Scenario {
  return {
    format: 'fave.scenario/v1',
    name: `lambda λ=${rate}/s`,
    seed: 1,
    horizon,
    drainLimit: 60,
    target: 'fn',
    workload: { executor: 'poisson', rate },
    client: { timeout: FAR },
    platform: {
      nodes: [{ cores: null }],
      gateway: { upstreamTimeout: FAR, writeTimeout: FAR },
      provider: { timeout: FAR },
      functions: {
        fn: {
          scaling: { mode: 'lambda', keepAlive: 600 },
          execTimeout: FAR,
          warm: { type: 'exponential', mean: 1.991 },
          coldCall: { type: 'exponential', mean: 2.244 },
        },
      },
    },
    output: { spans: 0 },
  };
}

export interface BenchCase {
  name: string;
  scenario: Scenario;
  profile: 'default' | null;
  target: string;
  /**
   * Run the general model even where the Lambda fast path applies (sim/fast/): the same
   * scenario both ways measures what the fast path is worth, which is why it is kept
   * (docs/performance.md). Results are bit for bit the same (sim/fast/lambda.test.ts).
   */
  generalPath?: boolean;
}

export const CASES: BenchCase[] = [
  { name: 'lambda-0.9', scenario: lambda(0.9, 1e6), profile: null, target: '≤ 0.2 s CPU (~900k requests)' },
  { name: 'lambda-90', scenario: lambda(90, 1e4), profile: null, target: '≥ 5M events/s' },
  { name: 'lambda-0.9-general', scenario: lambda(0.9, 1e6), profile: null, target: 'lambda-0.9 on the general model', generalPath: true },
  { name: 'lambda-90-general', scenario: lambda(90, 1e4), profile: null, target: 'lambda-90 on the general model', generalPath: true },
  {
    name: 'pipeline-1M',
    profile: 'default',
    target: '≤ 10 s on one core, ≤ 500 MB',
    scenario: {
      format: 'fave.scenario/v1',
      name: '1M FAVE pipelines, parallel fan-out',
      seed: 1,
      // ~14 core-seconds of stage work per video on the default profile: 5 videos/s keep
      // 8 nodes × 16 cores about 60% busy, a loaded but stable cluster.
      horizon: 200_000,
      drainLimit: 600,
      workload: { executor: 'poisson', rate: 5 },
      client: { timeout: 600 },
      platform: {
        edition: 'pro',
        nodes: [{ cores: 16, count: 8 }],
        gateway: { upstreamTimeout: 300, writeTimeout: 305 },
        provider: { timeout: 300 },
        defaults: { execTimeout: 300, scaling: { mode: 'capacity', min: 4, max: 60, target: 4 } },
      },
      pipeline: { fanout: 'parallel', clipsPerVideo: { type: 'constant', value: 2 }, framesPerClip: { type: 'constant', value: 3 } },
      state: { mode: 'cas' },
      output: { spans: 0 },
    },
  },
];
