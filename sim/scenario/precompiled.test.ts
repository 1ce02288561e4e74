// The bundled CLIs validate with ajv code precompiled by scripts/build-cli.mjs, which cannot
// import the TypeScript sources and so repeats their ajv options: the copies must match, or the
// bundle would accept (or word) differently from `tsx` and the tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROFILE_AJV_OPTIONS } from '../profile/load.ts';
import { AJV_OPTIONS } from './schema-validator.ts';

const build = readFileSync(fileURLToPath(new URL('../../scripts/build-cli.mjs', import.meta.url)), 'utf8');

/** The object literal `const NAME = { ... };` in build-cli.mjs, read as JSON. */
function optionsIn(name: string): unknown {
  const m = new RegExp(`^const ${name} = (\\{[^}]*\\});$`, 'm').exec(build);
  if (!m) throw new Error(`scripts/build-cli.mjs has no one-line 'const ${name} = { ... };'`);
  return JSON.parse(m[1]!.replace(/([{,]\s*)([A-Za-z]\w*)\s*:/g, '$1"$2":'));
}

describe('precompiled validators', () => {
  it("scripts/build-cli.mjs compiles with the sources' own ajv options", () => {
    expect(optionsIn('AJV_OPTIONS')).toEqual(AJV_OPTIONS);
    expect(optionsIn('PROFILE_AJV_OPTIONS')).toEqual(PROFILE_AJV_OPTIONS);
  });
});
