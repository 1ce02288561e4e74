// `./fave report [<result files or dirs>] [--port N] [--host H] [--studies DIR]`: serves
// the report viewer over the given results (default results/) until interrupted; study pages
// read what `./fave notebook` wrote under --studies (default results/studies).
// Exit codes: 0 stopped, 2 bad arguments, 1 anything else (a port in use, ...).
import { join } from 'node:path';
import { intFlag, parseCommandLine } from '../../sim/process/command-line.ts';
import { onStop } from '../../sim/process/on-stop.ts';
import { FaveError, RunError } from '../../sim/process/errors.ts';
import { runMain } from '../../sim/process/run-main.ts';
import { serveReport } from '../server/serve.ts';
import { fitText } from '../../sim/terminal/table.ts';

const USAGE = 'usage: ./fave report [<result files or directories>] [--port 8080] [--host 127.0.0.1] [--studies results/studies]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, studies: { type: 'string', default: join('results', 'studies') }, help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  const port = intFlag(values.port, 'port', 0, 65535)!;
  const paths = positionals.length ? positionals : ['results'];
  const report = await serveReport({ paths, studyResults: values.studies }, { port, host: values.host }).catch((e: unknown) => {
    if (e instanceof FaveError) throw e;
    // A listen error already names host:port and what to do (local-listen.ts).
    throw new RunError(`report viewer: ${(e as Error).message}`);
  });
  console.log(`FAVE report on ${report.url}/ serving ${paths.join(', ')} (Ctrl-C stops)`);
  // Ctrl-C, SIGTERM, SIGHUP or the launcher gone; a second stop does not wait for open connections.
  onStop(({ count }) => (count > 1 ? process.exit(0) : void report.close().then(() => process.exit(0))));
  return new Promise<number>(() => undefined);
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE });
