// --older-than: an age as a number and a unit, s m h or d ("90m", "12h", "1d", "0s").
import { UsageError } from '../../sim/process/errors.ts';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseAge(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m) throw new UsageError(`--older-than ${JSON.stringify(text)}: expected a number and a unit, s m h or d ("12h", "1d", "0s")`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
