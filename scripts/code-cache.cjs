// Runs a command's bundle (build/<name>.cjs, scripts/build-cli.mjs) with V8's code cache, so
// that a start does not parse and compile the ~1.1 MB bundle again: ~20–35 ms of CPU of every
// `./fave sim` (docs/performance.md, "Start-up"). Node 20 has no compile cache for
// modules (module.enableCompileCache is Node 22), so the bundle is CommonJS, compiled as a
// vm.Script with the cache as its cachedData.
//
// The cache can only cost a compile, never run other code than the bundle's:
// - it is keyed to the bundle it was made from: the bundle's first line names a hash of its
//   content (build-cli.mjs), and the cache file starts with that line. V8's own check covers
//   its version and flags but of the source only its length;
// - a cache that is missing, made from another bundle, or rejected by V8 is ignored (the
//   bundle is compiled from source as without one) and written anew when the command ends,
//   with what the run compiled, renamed into place whole (two commands may end at once);
// - anything that fails in reading or writing it is ignored: the command runs either way.
// CommonJS, so that the launcher (scripts/fave.cjs, CommonJS to skip Node's ES module loader)
// can require it.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/** The cache file of a bundle. */
const cacheFileOf = (bundle) => bundle.replace(/\.cjs$/, '.v8-cache');

/** The line a bundle starts with, naming the hash of what follows it. */
const BUNDLE_ID = /^\/\/ fave-bundle [0-9a-f]{64}\n/;

/** Runs `bundle` (a CommonJS file) in this process as Node would run it, with its code cache. */
function runWithCodeCache(bundle) {
  const bytes = readFileSync(bundle);
  // build-cli.mjs writes ASCII, which decodes as Latin-1 into a one-byte string, ~5× faster
  // than as UTF-8; anything else is decoded as UTF-8, as Node would.
  const source = isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString('utf8');
  const id = BUNDLE_ID.exec(source)?.[0];
  const cacheFile = cacheFileOf(bundle);
  let cachedData;
  if (id !== undefined) {
    try {
      const cache = readFileSync(cacheFile);
      if (cache.subarray(0, id.length).toString('latin1') === id) cachedData = cache.subarray(id.length);
    } catch {
      // no cache yet: compiled from source, and one is written at the end
    }
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  // (FAVE_CODE_CACHE=write: written whatever was read, as build-cli.mjs's warm-up run asks.)
  if (id !== undefined && (cachedData === undefined || script.cachedDataRejected || process.env.FAVE_CODE_CACHE === 'write')) {
    // At the end, when the run has compiled the functions it needed, so they are in the cache too.
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
        renameSync(tmp, cacheFile);
      } catch {
        // a read-only install: the next start compiles from source, as this one did
      }
    });
  }
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
}

module.exports = { BUNDLE_ID, cacheFileOf, runWithCodeCache };
