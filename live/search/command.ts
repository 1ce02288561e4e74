// `./fave search "<phrase>" [--request ID | --all] [--json]`: finds where a phrase is
// said or shown in the videos the pipeline indexed. Exit 0 whether or not it matched (the
// answer says "no match"), 2 for bad input (flags, an empty phrase, an unknown request, a
// bad S3_* variable), 1 for anything else (no platform, S3 unreachable, a malformed index).
import { EXIT, FaveError, UsageError } from '../../sim/process/errors.ts';
import { parseCommandLine } from '../../sim/process/command-line.ts';
import type { Env } from '../../stages/runtime/config.ts';
import { StageConfigError } from '../../stages/runtime/errors.ts';
import { S3ObjectStore } from '../../stages/runtime/object-store.ts';
import { createS3Client } from '../../stages/runtime/s3-store.ts';
import { searchEnv } from './locate.ts';
import { printResult } from './print.ts';
import { type Scope, searchBucket } from './search-bucket.ts';

export const SEARCH_USAGE = 'usage: ./fave search "<phrase>" [--request ID | --all] [--json] [--wide]';

export interface SearchIo {
  env: Env;
  /** The project root: .fave/platform.json is read from under it. */
  root: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Bold table heads (sim/terminal/colour.ts decides: a terminal, no NO_COLOR). */
  colour?: boolean;
}

function parse(args: string[]): { phrase: string; scope: Scope; json: boolean; wide: boolean } {
  const { values, positionals } = parseCommandLine(args, {
    request: { type: 'string' }, all: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, wide: { type: 'boolean', default: false },
  });
  // `./fave search serverless functions` without quotes is the same phrase.
  const phrase = positionals.join(' ');
  if (phrase.trim() === '') throw new UsageError('a phrase to search for is required');
  if (values.request !== undefined && values.all) throw new UsageError('--request and --all exclude each other');
  return { phrase, scope: values.request !== undefined ? { request: values.request } : { all: true }, json: values.json, wide: values.wide };
}

export async function searchCommand(args: string[], io: SearchIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${SEARCH_USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parse(args);
  } catch (error) {
    io.stderr(`search: ${(error as Error).message}\n${SEARCH_USAGE}\n`);
    return 2;
  }
  let client;
  try {
    const s3 = createS3Client(searchEnv(io.env, io.root));
    client = s3.client;
    const result = await searchBucket(new S3ObjectStore(s3.client, s3.bucket), s3.client, options.phrase, options.scope);
    if (options.json) io.stdout(`${JSON.stringify({ format: 'fave.search-result/v1', ...result }, null, 2)}\n`);
    else printResult(result, io.stdout, io.stderr, { wide: options.wide, colour: io.colour ?? false });
    return 0;
  } catch (error) {
    io.stderr(`search: ${(error as Error).message}\n`);
    // A FaveError knows its exit code (an empty phrase, an unknown request: 2); a bad S3_* variable is bad input too.
    if (error instanceof FaveError) return error.exitCode;
    return error instanceof StageConfigError ? EXIT.input : EXIT.failed;
  } finally {
    client?.destroy();
  }
}
