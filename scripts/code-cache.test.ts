// The code cache can cost a compile, never change what runs: a bundle runs the same with its
// cache, without one, with a cache V8 rejects, and with the cache of another bundle, and a
// cache that was not used is written anew, keyed to the bundle it was made from.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain CommonJS module without types (it runs before anything is built)
import codeCache from './code-cache.cjs';

const { BUNDLE_ID, cacheFileOf } = codeCache as { BUNDLE_ID: RegExp; cacheFileOf: (bundle: string) => string };
const runner = new URL('./code-cache.cjs', import.meta.url).pathname;

/** A bundle as build-cli.mjs writes one: the line naming its hash, then CommonJS code. */
function bundle(dir: string, name: string, body: string, hash: string): string {
  const file = join(dir, `${name}.cjs`);
  writeFileSync(file, `// fave-bundle ${hash.repeat(64).slice(0, 64)}\n"use strict";\n${body}\n`);
  return file;
}

/** Runs `file` through runWithCodeCache in a fresh Node, as the launcher (scripts/fave.cjs) does; its stdout. */
function run(file: string): string {
  return execFileSync(process.execPath, ['-e', `require(${JSON.stringify(runner)}).runWithCodeCache(${JSON.stringify(file)});`], { encoding: 'utf8' });
}

const BODY = `const { basename } = require('node:path'); function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2); } console.log(basename(__filename), f(20), typeof module.exports);`;

describe('runWithCodeCache', () => {
  it('runWithCodeCache runs a bundle as CommonJS and writes its cache, keyed to the bundle, when it ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-cache-'));
    const file = bundle(dir, 'a', BODY, 'a');
    expect(run(file)).toBe('a.cjs 6765 object\n');
    const cache = readFileSync(cacheFileOf(file));
    const id = BUNDLE_ID.exec(readFileSync(file, 'utf8'))![0] as string;
    expect(cache.subarray(0, id.length).toString('latin1')).toBe(id);
    expect(cache.length).toBeGreaterThan(id.length + 100); // V8's data follows
    expect(run(file)).toBe('a.cjs 6765 object\n'); // and with it
  });

  it('runWithCodeCache ignores a cache V8 rejects and one made from another bundle, and writes its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-cache-'));
    const file = bundle(dir, 'b', BODY, 'b');
    const id = BUNDLE_ID.exec(readFileSync(file, 'utf8'))![0] as string;
    writeFileSync(cacheFileOf(file), Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from('not a code cache'.repeat(20))]));
    expect(run(file)).toBe('b.cjs 6765 object\n');
    const rewritten = readFileSync(cacheFileOf(file));
    expect(rewritten.subarray(id.length).toString('latin1')).not.toContain('not a code cache');
    // Another bundle of the same length (all V8 checks of the source): its cache is not used.
    const other = bundle(dir, 'c', BODY.replace('f(20)', 'f(21)'), 'c');
    writeFileSync(cacheFileOf(other), rewritten);
    expect(run(other)).toBe('c.cjs 10946 object\n');
    expect(readFileSync(cacheFileOf(other)).subarray(0, id.length).toString('latin1')).toBe(BUNDLE_ID.exec(readFileSync(other, 'utf8'))![0]);
  });

  it('runWithCodeCache runs a bundle without the line naming its hash, and writes no cache for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-cache-'));
    const file = join(dir, 'd.cjs');
    writeFileSync(file, `${BODY}\n`);
    expect(run(file)).toBe('d.cjs 6765 object\n');
    expect(existsSync(cacheFileOf(file))).toBe(false);
  });
});
