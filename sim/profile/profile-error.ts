import { MAX_ISSUES_SHOWN } from '../input/limits.ts';
import { FaveError } from '../process/errors.ts';

/** One problem in a profile: where (JSON path like `$.stages.librosa.warm.n`) and what. */
export interface ProfileIssue {
  path: string;
  message: string;
}

/** A calibration profile that cannot be used; carries every problem found, not just the first. */
export class ProfileError extends FaveError {
  constructor(
    readonly source: string,
    readonly issues: ProfileIssue[],
  ) {
    const n = issues.length;
    super(`${source}: invalid calibration profile (${n} problem${n === 1 ? '' : 's'}):\n` +
      issues.slice(0, MAX_ISSUES_SHOWN).map((i) => `  ${i.path}: ${i.message}`).join('\n') +
      (n > MAX_ISSUES_SHOWN ? `\n  ... and ${n - MAX_ISSUES_SHOWN} more` : ''));
    this.name = 'ProfileError';
  }
}
