// Types of decide.js (a browser module the study page imports, tested in node).
/** One variant of a result file: its scenario as echoed in the result, its name, its
 * JSON-pointer overrides and its aggregated summary. */
export interface VariantIn {
  scenario: { name: string; platform?: { edition?: string; async?: { queues?: Record<string, { ackWait?: number; extendLease?: boolean }> } } };
  name: string;
  overrides: Record<string, unknown>;
  summary: any;
}
export interface LongJobRow {
  name: string;
  invoke: 'sync' | 'async';
  defaultTimeouts: boolean;
  success: number;
  resultP50: number;
  resultP95: number;
  connectionP95: number;
  workGBs: number;
  replicaGBs: number;
  duplicates: number;
}
export interface AckRow {
  name: string;
  ackWait: number;
  extendLease: boolean;
  jobP99: number;
  jobs: number;
  duplicates: number;
  extraWorkGBs: number;
}
export interface RetryRow {
  name: string;
  requests: number;
  success: number;
  retries: number;
  giveUps: number;
  resultP95: number;
}
export interface Decision {
  longJob: { rows: LongJobRow[]; best: LongJobRow | null; bestSync: LongJobRow | null; bestAsync: LongJobRow | null; choice: 'sync' | 'async' | null; text: string[] };
  ackWait: { rows: AckRow[]; jobP99: number; removes: AckRow[]; text: string[] };
  retries: { rows: RetryRow[]; best: RetryRow | null; text: string[] };
}
export function decide(variants: VariantIn[]): Decision;
