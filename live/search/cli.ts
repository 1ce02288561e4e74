// `npm run search -- "<phrase>" [--request ID | --all] [--json]` (live/search/command.ts).
import { searchCommand } from './command.ts';

const code = await searchCommand(process.argv.slice(2), {
  env: process.env, root: process.cwd(), stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t),
});
process.exit(code);
