// `npm run report [-- <result files or dirs>] [--port N] [--host H] [--studies DIR]`: serves
// the report viewer over the given results (default results/) until interrupted; study pages
// read what `npm run notebook` wrote under --studies (default results/studies).
// Exit codes: 0 stopped, 2 bad arguments, 1 anything else (a port in use, ...).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { onStop } from '../../sim/process/on-stop.ts';
import { serveReport } from '../server/serve.ts';

const USAGE = 'usage: npm run report [-- <result files or directories>] [--port 8080] [--host 127.0.0.1] [--studies results/studies]';

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, studies: { type: 'string', default: join('results', 'studies') }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return console.log(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: --port must be an integer 0–65535 (got '${values.port}')\n${USAGE}`);
    process.exit(2);
  }
  const paths = positionals.length ? positionals : ['results'];
  let report;
  try {
    report = await serveReport({ paths, studyResults: values.studies }, { port, host: values.host });
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  }
  console.log(`FAVE report on ${report.url}/ serving ${paths.join(', ')} (Ctrl-C stops)`);
  // Ctrl-C, SIGTERM, SIGHUP or the launcher gone; a second stop does not wait for open connections.
  onStop(({ count }) => (count > 1 ? process.exit(0) : void report.close().then(() => process.exit(0))));
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  console.error(`error: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
