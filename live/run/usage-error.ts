// A bad command line for `live run` (a missing file, a flag that does not fit the target):
// the CLI prints the message and exits 2, as for a bad scenario.
import { LiveError } from '../openfaas/errors.ts';

export class UsageError extends LiveError {}
