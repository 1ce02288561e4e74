// `./fave live clean [--older-than 1d] [--dry-run]`: removes requests (requests/<id>/,
// all their artifacts) from the embedded S3; without --older-than, every request. Inputs
// are kept. Exit 0 done (also when nothing was old enough), 2 bad input, 1 otherwise.
import path from 'node:path';
import { parseCommandLine } from '../../sim/process/command-line.ts';
import { UsageError } from '../../sim/process/errors.ts';
import { parseAge } from './age.ts';
import { cleanRequests } from './clean.ts';
import { NoStorageError, openEmbeddedS3 } from './embedded-s3.ts';
import { formatBytes, type RequestUsage } from './usage.ts';

export const CLEAN_USAGE = 'usage: ./fave live clean [--older-than 1d] [--dry-run]';

export interface CleanIo {
  root: string;
  now: Date;
  stdout(text: string): void;
  stderr(text: string): void;
}

const total = (rs: RequestUsage[]) => formatBytes(rs.reduce((sum, r) => sum + r.bytes, 0));
const requests = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

export async function cleanCommand(args: string[], io: CleanIo): Promise<number> {
  let olderThanMs: number;
  let dryRun: boolean;
  let age: string | undefined;
  try {
    const { values, positionals } = parseCommandLine(args, { 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } });
    if (positionals.length > 0) throw new UsageError(`clean takes options only, got '${positionals[0]}'`);
    age = values['older-than'];
    olderThanMs = age === undefined ? 0 : parseAge(age);
    dryRun = values['dry-run'];
  } catch (error) {
    io.stderr(`clean: ${(error as Error).message}\n${CLEAN_USAGE}\n`);
    return 2;
  }
  let s3;
  try {
    s3 = await openEmbeddedS3(path.join(io.root, '.fave'));
  } catch (error) {
    if (error instanceof NoStorageError) {
      io.stdout(`clean: ${error.message}\n`);
      return 0;
    }
    io.stderr(`clean: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    for (const bucket of s3.buckets) {
      const { removed, kept } = await cleanRequests(s3.client, bucket, { olderThanMs, now: io.now, dryRun });
      const which = age === undefined ? '' : ` last written more than ${age} ago`;
      const verb = dryRun ? 'would remove' : 'removed';
      io.stdout(`${s3.where}: bucket ${bucket}: ${verb} ${requests(removed.length)}${which} (${total(removed)}); kept ${requests(kept.length)} (${total(kept)})\n`);
      for (const r of removed) io.stdout(`  ${dryRun ? 'would remove' : 'removed'} requests/${r.id}/  ${r.objects} objects, ${formatBytes(r.bytes)}, last written ${r.newest.toISOString()}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr(`clean: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await s3.close();
  }
}
