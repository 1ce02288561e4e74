// Builds FAVE's command lines into one ES module each under build/ (gitignored), so that they
// start in one Node process without tsx compiling the TypeScript on each run: `npm run sim`
// on a small scenario spent half its second in tsx (docs/performance.md, "Start-up").
// Runs at install (`prepare`, so `npm ci` builds them) and from bin/fave.mjs whenever a
// source is newer than its build. Packages stay external (Node loads them from
// node_modules as before: onnxruntime-node's native binding, ffmpeg-installer's paths).
// Each source's `import.meta.url` is replaced by its own file's URL, so paths resolved
// from it (schemas/, profiles/, the sweep's worker, a study's folder) still point into the
// source tree, not into build/.
// Usage: node scripts/build-cli.mjs [name ...]   (no name: every entry)
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_DIR = join(ROOT, 'build');

/** Each command's entry. live, search, calibrate and the stage fixtures stay on tsx: they
 * start servers and function processes that load TypeScript themselves (tsx is needed
 * anyway), and their run times are minutes, not the half second tsx costs. */
export const ENTRIES = {
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

/** import.meta.url (and .dirname, .filename) of each source as its own file's, not the bundle's. */
const sourceUrls = {
  name: 'source-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/** Builds the named entries (all by default); writes build/<name>.mjs and build/<name>.inputs.json. */
export async function buildCli(names = Object.keys(ENTRIES)) {
  const { build } = await import('esbuild');
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const name of names) {
    const entry = ENTRIES[name];
    if (!entry) throw new Error(`build-cli: no entry '${name}' (entries: ${Object.keys(ENTRIES).join(', ')})`);
    const result = await build({
      entryPoints: [join(ROOT, entry)],
      outfile: join(BUILD_DIR, `${name}.mjs`),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      metafile: true,
      write: false,
      logLevel: 'warning',
      plugins: [sourceUrls],
    });
    // What bin/fave.mjs compares against the bundle's time to know it is stale: written
    // first, and each file renamed into place, so a command started meanwhile reads a
    // whole bundle, old or new (two launchers may build at once).
    const inputs = Object.keys(result.metafile.inputs).map((p) => join(ROOT, p));
    const put = (file, text) => {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    };
    put(join(BUILD_DIR, `${name}.inputs.json`), `${JSON.stringify(inputs)}\n`);
    for (const f of result.outputFiles) put(f.path, f.contents);
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await buildCli(process.argv.length > 2 ? process.argv.slice(2) : undefined);
}
