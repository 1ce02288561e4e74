// Whether the live runs ran on the machine the profile was measured on. A profile from
// another host can score "right for the wrong reasons" (a host that runs ffmpeg 2.5x faster
// and librosa slower cancels end to end), so validate says so before its verdict.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HOST_FILE } from '../../live/machine/recorder.ts';
import { hostDifferences, type HostInfo } from '../../sim/profile/host.ts';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { InputError } from '../errors.ts';
import type { RunData } from './run-dir.ts';

function readHost(dir: string): HostInfo | null {
  const file = path.join(dir, HOST_FILE);
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const h = json as Partial<HostInfo> | null;
  const ok = h !== null && typeof h === 'object' && typeof h.cpuModel === 'string' && Array.isArray(h.cpuFlags) && typeof h.cores === 'number' &&
    typeof h.memoryMB === 'number' && typeof h.kernel === 'string' && typeof h.platform === 'string';
  if (!ok) throw new InputError(`${file}: must hold cpuModel, cpuFlags, cores, memoryMB, kernel and platform (live/machine/recorder.ts writes it)`);
  return h as HostInfo;
}

/** One note per run whose host differs from the profile's, or that cannot be compared. */
export function hostNotes(runs: readonly RunData[], profile: CalibrationProfile): string[] {
  const notes: string[] = [];
  for (const run of runs) {
    const host = readHost(run.dir);
    if (!profile.host) {
      notes.push(`host: the profile does not record the host it was measured on, so ${run.dir} cannot be checked against it`);
      break;
    }
    if (!host) {
      notes.push(`host: ${run.dir} has no ${HOST_FILE}, so its host cannot be checked against the profile's`);
      continue;
    }
    const diff = hostDifferences(profile.host, host);
    if (diff.length > 0) notes.push(`host: ${run.dir} ran on another host than the profile was measured on (profile vs run: ${diff.join('; ')}): per-function errors may be the hosts', not the model's`);
  }
  return notes;
}
