#!/usr/bin/env node
// `node bin/fave.mjs <command> [args]`: runs a command from its bundle in build/
// (scripts/build-cli.mjs), building it first when it is missing or any source it was built
// from is newer: an edit, a pull or a checkout shows in the next run, as it did with tsx.
// The check is one stat per source (~150 for sim, ~2 ms); the build, when needed, ~1 s.
// The bundle runs with V8's code cache of it (scripts/code-cache.mjs).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runWithCodeCache } from '../scripts/code-cache.mjs';

const BUILD = join(import.meta.dirname, '..', 'build');
const name = process.argv[2];

function stale(name) {
  const bundle = join(BUILD, `${name}.cjs`);
  const inputs = join(BUILD, `${name}.inputs.json`);
  if (!existsSync(bundle) || !existsSync(inputs)) return true;
  const built = statSync(bundle).mtimeMs;
  for (const file of JSON.parse(readFileSync(inputs, 'utf8'))) {
    // A source removed or renamed since the build: build again, and let esbuild say what is wrong.
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st || st.mtimeMs > built) return true;
  }
  return false;
}

const { ENTRIES, buildCli } = await import('../scripts/build-cli.mjs');
if (name === undefined || !(name in ENTRIES)) {
  console.error(`usage: node bin/fave.mjs <command> [args]   (commands: ${Object.keys(ENTRIES).join(', ')})`);
  process.exit(2);
}
if (stale(name)) await buildCli([name]);
// The command reads its arguments from process.argv.slice(2), as when run on its own.
process.argv.splice(2, 1);
runWithCodeCache(join(BUILD, `${name}.cjs`));
