// The result file (`fave.result/v1`, docs/design.md): the scenario echoed, and per variant a
// summary with confidence intervals over replications, merged latency histograms, time
// series and sampled spans of the first replication. No wall-clock fields: the same
// scenario and seed give the same file, bit for bit.
import type { Span } from '../model/recorder.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Aggregated, Histograms, ReplicationSamples, ReplicationSummary, TimeSeries } from './summarize.ts';

export const RESULT_FORMAT = 'fave.result/v1';

export interface VariantResult {
  name: string;
  overrides: Record<string, unknown>;
  seeds: number[];
  summary: Aggregated<Omit<ReplicationSummary, 'seed' | 'cutOff'>>;
  replications: ReplicationSummary[];
  histograms: Histograms;
  timeSeries: TimeSeries;
  spans: Span[];
  /** Per replication, every latency: only when the run was asked to keep them
   * (RunOptions.keepSamples, as validate does); absent from an ordinary result. */
  samples?: ReplicationSamples[];
}

export interface SimResult {
  format: typeof RESULT_FORMAT;
  kind: 'simulation';
  scenario: Scenario;
  profile: { path: string | null; source: string | null; date: string | null };
  variants: VariantResult[];
}
