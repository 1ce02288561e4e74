import type { Plan } from './plan.ts';
import type { ColdFailureRecord } from './steps.ts';
import type { WorkDir } from './work-dir.ts';

// Cold calls that failed right after the scale from zero (issue #22, point 1). Behind the
// real of-watchdog with its default lock file, a replica is ready before node listens: the
// first call gets the watchdog's 500 with an empty body, or the stage's 503 while it loads.
// Calibration must say so, in the profile's notes and on stderr, instead of failing the run
// or folding those calls into the cold-start fits. Read from the work dir, so a resumed run
// reports the failures of its earlier part too.

/** One line per stage whose cold calls failed, e.g. "ffmpeg-0: 2 of 3 cold calls failed …". */
export function coldFailureNotes(work: WorkDir, plan: Plan): string[] {
  const notes: string[] = [];
  for (const stage of plan.stages) {
    const failed = work.records<ColdFailureRecord>(`${stage}.cold-failed`);
    if (failed.length === 0) continue;
    const attempts = failed.length + work.records(`${stage}.cold`).length;
    const statuses = [...new Set(failed.map((f) => (f.detail === 'an empty answer' ? `${f.status}, empty body` : String(f.status))))].join('; ');
    notes.push(
      `${stage}: ${failed.length} of ${attempts} cold calls failed right after readiness (${statuses}) — readiness misconfigured? ` +
        'The replica was reported ready before the function could serve (of-watchdog\'s default lock file says ready before the process listens; docs/openfaas-behaviour.md, "Readiness"); ' +
        'these calls are left out of firstCall and containerStart.',
    );
  }
  return notes;
}
