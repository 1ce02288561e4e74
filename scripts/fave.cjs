#!/usr/bin/env node
// `./fave <command> [args]` (the repository's `fave`, a shell script that runs this file, as
// `npm run <command>` does): every command of FAVE in one process.
// - The simulator's commands, validate, report and notebook run from their bundle in build/
//   (scripts/build-cli.mjs) with V8's code cache of it (scripts/code-cache.cjs), built (and its
//   cache warmed, as `prepare` does) first when it is missing or a source it was built from
//   is newer than it: an edit, a pull or a checkout shows in the next run. The check is one
//   stat per source (~150 for sim).
// - live, search, calibrate, the fixtures and three benchmarks run their TypeScript through
//   tsx, registered in this process as `node --import tsx` would: no second Node process, so
//   Ctrl-C, a kill and the exit code reach the command itself, with nothing to relay.
// CommonJS, and nothing loaded that a run does not need (the build script and esbuild only
// when a bundle is stale, the typo hint only for an unknown command): a start of the launcher
// through Node's ES module loader, with the build script imported, was ~8 ms of CPU of
// every `sim` (docs/performance.md, "Fast start, fourth pass").
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const BUILD = join(ROOT, 'build');

/** The bundled commands and their entries (scripts/build-cli.mjs builds these). */
const BUNDLED = {
  sim: 'sim/cli.ts',
  sweep: 'sim/sweep/cli.ts',
  recommend: 'sim/recommend/cli.ts',
  optimize: 'sim/optimize/cli.ts',
  golden: 'sim/golden/cli.ts',
  bench: 'sim/bench/run.ts',
  validate: 'calibrate/validate-cli.ts',
  report: 'notebooks/cli/report.ts',
  notebook: 'notebooks/cli/notebook.ts',
};

/** The commands that stay on tsx: they start servers and function processes that load
 * TypeScript themselves (tsx is needed anyway), and they run for minutes, not milliseconds. */
const ON_TSX = {
  live: 'live/cli.ts',
  search: 'live/search/cli.ts',
  calibrate: 'calibrate/cli.ts',
  fixtures: 'stages/fixtures/cli.ts',
  'bench:start': 'sim/bench/start-up.ts',
  'bench:stages': 'live/bench/stages/run.ts',
  'bench:live': 'live/bench/run.ts',
};

const NAMES = [...Object.keys(BUNDLED), ...Object.keys(ON_TSX)];

/** Whether a bundle (build/<name>.cjs) must be built: missing, or older than a file it was
 * built from (its `inputsFile`, build/<name>.inputs.json, written before it), or one gone. */
function stale(bundle, inputsFile) {
  const built = statSync(bundle, { throwIfNoEntry: false });
  if (built === undefined) return true;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return true;
  }
  for (const file of inputs) {
    // A source removed or renamed since the build: build again, and let esbuild say what is wrong.
    const st = statSync(file, { throwIfNoEntry: false });
    if (st === undefined || st.mtimeMs > built.mtimeMs) return true;
  }
  return false;
}

/** The nearest command to a mistyped one, by sim/input/did-you-mean.ts's rule (within a third
 * of its length, at most 3 edits; launcher.test.ts checks its answers), or null. */
function nearest(given) {
  const most = Math.min(3, Math.ceil(given.length / 3));
  let best = null;
  let bestDistance = Infinity;
  for (const name of NAMES) {
    // Levenshtein distance, one row at a time.
    let row = Array.from({ length: name.length + 1 }, (_, j) => j);
    for (let i = 1; i <= given.length; i++) {
      const next = [i];
      for (let j = 1; j <= name.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (given[i - 1] === name[j - 1] ? 0 : 1));
      row = next;
    }
    if (row[name.length] < bestDistance) [best, bestDistance] = [name, row[name.length]];
  }
  return bestDistance > 0 && bestDistance <= most ? best : null;
}

const USAGE = [
  'usage: ./fave <command> [args]   (or: npm run <command> -- [args])',
  `commands: ${NAMES.join(', ')}`,
  "each command's own flags: ./fave <command> --help",
].join('\n');

async function main() {
  const name = process.argv[2];
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return;
  }
  if (!Object.hasOwn(BUNDLED, name ?? '') && !Object.hasOwn(ON_TSX, name ?? '')) {
    const near = name === undefined ? null : nearest(name);
    console.error(`${name === undefined ? 'no command given' : `unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ''}`}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  // The command reads its arguments from process.argv.slice(2), as when run on its own.
  process.argv.splice(2, 1);
  if (Object.hasOwn(ON_TSX, name)) {
    await import('tsx'); // registers tsx's hooks, as `node --import tsx` does
    await import(require('node:url').pathToFileURL(join(ROOT, ON_TSX[name])).href);
    return;
  }
  const bundle = join(BUILD, `${name}.cjs`);
  if (stale(bundle, join(BUILD, `${name}.inputs.json`))) {
    // Built and warmed as `prepare` does: the code cache then holds what a typical run
    // compiles (sim: a small scenario), not only what this run happens to (a --help).
    const { buildCli, warmCodeCaches } = await import('./build-cli.mjs');
    await buildCli([name]);
    warmCodeCaches([name]);
  }
  require('./code-cache.cjs').runWithCodeCache(bundle);
}

module.exports = { BUNDLED, ON_TSX, nearest, stale };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
