// `./fave search "<phrase>" [--request ID | --all] [--json] [--wide]` (live/search/command.ts).
import { colourOn } from '../../sim/terminal/colour.ts';
import { searchCommand } from './command.ts';

const code = await searchCommand(process.argv.slice(2), {
  env: process.env, root: process.cwd(), stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), colour: colourOn(),
});
process.exit(code);
