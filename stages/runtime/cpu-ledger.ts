import { type CpuSnapshot, cpuSecondsBetween, cpuSnapshot } from './resources.ts';

/** One call's running total, kept by the ledger. */
export interface CpuShare {
  seconds: number;
}

/**
 * The process's CPU (its children's included) shared among the calls it serves. Between two
 * moments a call starts or ends, what the process used is split equally among the calls
 * running then. A call alone gets all of it, as a before/after difference would give; calls
 * that overlap no longer each count the others' CPU, so the records add up to what the
 * process used while it served calls. Equal shares are an approximation: the process cannot
 * tell which call its time went to (one call's ffmpeg against another's wait on S3).
 */
export class CpuLedger {
  readonly #snapshot: () => CpuSnapshot;
  #last: CpuSnapshot;
  readonly #open = new Set<CpuShare>();

  /** `snapshot` is injected by tests; it reads /proc by default. */
  constructor(snapshot: () => CpuSnapshot = cpuSnapshot) {
    this.#snapshot = snapshot;
    this.#last = snapshot();
  }

  /** A call starts: its share runs from now. */
  open(): CpuShare {
    this.#settle();
    const share = { seconds: 0 };
    this.#open.add(share);
    return share;
  }

  /** The call ends: its CPU seconds. */
  close(share: CpuShare): number {
    this.#settle();
    this.#open.delete(share);
    return share.seconds;
  }

  /** Hands what was used since the last start or end to the calls running in between. */
  #settle(): void {
    const now = this.#snapshot();
    const used = cpuSecondsBetween(this.#last, now);
    this.#last = now;
    if (this.#open.size === 0) return;
    const each = used / this.#open.size;
    for (const share of this.#open) share.seconds += each;
  }
}
