// Builds FAVE's command lines into one CommonJS file each under build/ (gitignored), so that they
// start in one Node process without tsx compiling the TypeScript on each run: `npm run sim`
// on a small scenario spent half its second in tsx (docs/performance.md, "Start-up").
// Runs at install (`prepare`, so `npm ci` builds them; skipped where scripts/ is not there,
// as in the function images' `npm ci`, live/openfaas/Dockerfile) and from the launcher
// (scripts/fave.cjs, `./fave`) whenever a source, a schema or this file is newer than its build. Packages stay external (Node loads them from
// node_modules as before: onnxruntime-node's native binding, ffmpeg-installer's paths).
// Each source's `import.meta.url` is replaced by its own file's URL, so paths resolved
// from it (schemas/, profiles/, the sweep's worker, a study's folder) still point into the
// source tree, not into build/.
// CommonJS rather than an ES module so that scripts/fave.cjs can run it with V8's code cache
// (scripts/code-cache.cjs): Node 20 caches no module's compiled code. Each file starts with
// a line naming a hash of its content, which the cache is keyed to; run as a script (as
// `prepare` does), this also runs each command once so that its cache exists before first use.
// Usage: node scripts/build-cli.mjs [name ...]   (no name: every entry)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import codeCache from './code-cache.cjs';
import launcher from './fave.cjs';

const { cacheFileOf } = codeCache;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_DIR = join(ROOT, 'build');

/** Each bundled command's entry: the launcher's list (scripts/fave.cjs), which it reads without
 * loading this file. live, search, calibrate and the stage fixtures stay on tsx there. */
export const ENTRIES = launcher.BUNDLED;

/** The schemas the CLIs validate their input files against, compiled into the bundle. */
const SCHEMAS = ['scenario', 'workflow', 'sweep'];
// The options of sim/scenario/schema-validator.ts (AJV_OPTIONS) and of sim/profile/load.ts
// (PROFILE_AJV_OPTIONS); sim/scenario/precompiled.test.ts checks that they match.
const AJV_OPTIONS = { allErrors: true, strict: false, discriminator: true, useDefaults: false, verbose: true };
const PROFILE_AJV_OPTIONS = { allErrors: true, strict: true, discriminator: true, verbose: true };

/** ajv's standalone code for `refs` (export name: schema $id), as an expression: an object of validators. */
async function standalone(options, schemas, refs) {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv2020({ ...options, code: { source: true } });
  for (const schema of schemas) ajv.addSchema(schema);
  const code = standaloneCode(ajv, refs)
    // ajv's one CommonJS helper, defined at the top of the module (precompiledModule).
    .replaceAll('require("ajv/dist/runtime/ucs2length").default', '__ucs2length');
  if (code.includes('require(')) throw new Error('build-cli: ajv\'s standalone code requires a helper this build does not import');
  // CommonJS code in a scope of its own, so that two sets of validators' names do not collide.
  return `(() => { const module = { exports: {} }; const exports = module.exports;\n${code}\nreturn module.exports; })()`;
}

/** The module that replaces sim/scenario/precompiled-validators.ts in the bundles. */
export async function precompiledModule() {
  const read = (name) => JSON.parse(readFileSync(join(ROOT, 'schemas', `${name}.schema.json`), 'utf8'));
  const inputs = await standalone(AJV_OPTIONS, ['distribution', ...SCHEMAS].map(read), Object.fromEntries(SCHEMAS.map((n) => [n, read(n).$id])));
  const profile = await standalone(PROFILE_AJV_OPTIONS, [read('distribution'), read('calibration')], { calibration: read('calibration').$id });
  // ajv's helper's own file, inlined rather than imported: loading one CommonJS file through
  // Node's resolver cost ~3 ms of every start (docs/performance.md, "Start-up").
  const ucs2length = readFileSync(createRequire(import.meta.url).resolve('ajv/dist/runtime/ucs2length.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  return [
    `const __ucs2length = (() => { const exports = {};\n${ucs2length}\nreturn exports.default; })();`,
    `const inputs = ${inputs};`,
    `export const PRECOMPILED = { ${SCHEMAS.map((n) => `'${n}.schema.json': inputs.${n}`).join(', ')} };`,
    `export const PRECOMPILED_PROFILE = (${profile}).calibration;`,
  ].join('\n');
}

/** import.meta.url (and .dirname, .filename) of each source as its own file's, not the bundle's. */
const sourceUrls = {
  name: 'source-import-meta',
  setup(build) {
    build.onLoad({ filter: /precompiled-validators\.ts$/ }, async () => ({ contents: await precompiledModule(), loader: 'js', resolveDir: ROOT }));
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

/** Builds the named entries (all by default); writes build/<name>.cjs and build/<name>.inputs.json. */
export async function buildCli(names = Object.keys(ENTRIES)) {
  const { build } = await import('esbuild');
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const name of names) {
    const entry = ENTRIES[name];
    if (!entry) throw new Error(`build-cli: no entry '${name}' (entries: ${Object.keys(ENTRIES).join(', ')})`);
    const result = await build({
      entryPoints: [join(ROOT, entry)],
      outfile: join(BUILD_DIR, `${name}.cjs`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // The sources are ES modules, strict by definition; a CommonJS file is strict only when it says so.
      banner: { js: '"use strict";' },
      target: 'node20',
      charset: 'ascii',
      packages: 'external',
      metafile: true,
      write: false,
      logLevel: 'warning',
      plugins: [sourceUrls],
    });
    // What scripts/fave.cjs compares against the bundle's time to know it is stale: written
    // first, and each file renamed into place, so a command started meanwhile reads a
    // whole bundle, old or new (two launchers may build at once).
    // This file too: a change to how bundles are built shows in the next run, as an edit does.
    const inputs = [...Object.keys(result.metafile.inputs).map((p) => join(ROOT, p)), ...['distribution', 'calibration', ...SCHEMAS].map((n) => join(ROOT, 'schemas', `${n}.schema.json`)), fileURLToPath(import.meta.url)];
    const put = (file, text) => {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    };
    put(join(BUILD_DIR, `${name}.inputs.json`), `${JSON.stringify(inputs)}\n`);
    // The cache of the bundle before would be ignored (keyed to its hash), but need not linger.
    for (const f of result.outputFiles) rmSync(cacheFileOf(f.path), { force: true });
    for (const f of result.outputFiles) {
      // ASCII only, so that the launcher decodes it as Latin-1 (~0.6 ms for the sim bundle)
      // rather than UTF-8 into a two-byte string (~3 ms). esbuild escapes what is not ASCII in
      // code (charset: 'ascii'), but not in the comments it keeps; there, and anywhere, a
      // \u escape reads as the character it stands for.
      const text = f.text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      put(f.path, `// fave-bundle ${createHash('sha256').update(text).digest('hex')}\n${text}`);
    }
  }
}

/** Runs each named command once through the launcher (scripts/fave.cjs), which writes its code cache as it ends:
 * sim on a small scenario (a run compiles more of the bundle than --help, and all it compiled
 * goes into the cache), the others with --help. A command that fails here only warns: the
 * cache is an optimisation, and the next run writes it. */
export function warmCodeCaches(names = Object.keys(ENTRIES)) {
  const dir = mkdtempSync(join(tmpdir(), 'fave-warm-'));
  for (const name of names) {
    const args = name === 'sim' ? [join(ROOT, 'scenarios', 'steady.json'), '--quiet', '--out', join(dir, 'steady.json')] : ['--help'];
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'fave.cjs'), name, ...args], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, FAVE_CODE_CACHE: 'write' } });
    } catch (e) {
      console.warn(`build-cli: warning: ${name} ${args.join(' ')} failed (${e.message.split('\n')[0]}); its code cache is written on its first run instead`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : undefined;
  await buildCli(names);
  warmCodeCaches(names);
}
