// A LogHistogram that also keeps every value it records, in order. Only for runs that ask
// for raw samples (validate's two-sample tests need the simulated latencies themselves, not
// buckets): the default recorder keeps plain LogHistograms, so the hot loop and its memory
// are unchanged unless a caller opts in.
import { LogHistogram } from './log-histogram.ts';

export class SampleKeepingHistogram extends LogHistogram {
  readonly values: number[] = [];

  override record(x: number): void {
    super.record(x);
    this.values.push(x);
  }

  override merge(other: LogHistogram): void {
    super.merge(other);
    if (other instanceof SampleKeepingHistogram) for (const v of other.values) this.values.push(v);
  }
}
