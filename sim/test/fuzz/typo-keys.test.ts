// Fuzzing "did you mean" for keys: a shipped scenario, sweep, workflow or profile with one key
// mistyped by one edit fails naming the file and the JSON path of the object holding the key,
// and, where the loader calls the key unknown, suggests a key one edit from the typo.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../input/edit-distance.ts';
import { parseProfile, ProfileError } from '../../profile/load.ts';
import { ConfigError } from '../../scenario/errors.ts';
import { parseScenario } from '../../scenario/load.ts';
import { parseSweep } from '../../sweep/load.ts';
import { parseWorkflow } from '../../workflow/parse.ts';

const root = new URL('../../../', import.meta.url);
const json = (path: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(path, root)), 'utf8'));

type Holder = { at: string[]; object: Record<string, unknown>; key: string };

/** Every key of every object in `value`, with the path of the object holding it. */
function keysIn(value: unknown, at: string[] = []): Holder[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysIn(v, [...at, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  return Object.entries(object).flatMap(([key, v]) => [{ at, object, key }, ...keysIn(v, [...at, key])]);
}

/** The JSON path the loaders print: `$.a.b[0]`, odd names as `["ffmpeg-0"]` (the profile) or `.ffmpeg-0` (the rest). */
function paths(at: string[]): string[] {
  const step = (hyphen: boolean) => (s: string) =>
    /^\d+$/.test(s) ? `[${s}]` : (hyphen ? /^[A-Za-z_$][\w$-]*$/ : /^[A-Za-z_$][\w$]*$/).test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  return [true, false].map((hyphen) => '$' + at.map(step(hyphen)).join(''));
}

/** `key` with one letter replaced, inserted or removed. */
const typo = (key: string, at: number, kind: number, letter: string): string => {
  const i = at % key.length;
  return [key.slice(0, i) + letter + key.slice(i + 1), key.slice(0, i) + letter + key.slice(i), key.slice(0, i) + key.slice(i + 1)][kind]!;
};

interface Case {
  file: string;
  load: (json: unknown) => unknown;
}

const CASES: Case[] = [
  ...['scenarios/warm-burst.json', 'scenarios/prewarm.json', 'scenarios/async/retries-429.json', 'scenarios/image-workflow.json'].map((file) => ({ file, load: (j: unknown) => parseScenario(j, 'fuzz.json') })),
  ...['sweeps/min-replicas.json', 'sweeps/timeouts.json'].map((file) => ({ file, load: (j: unknown) => parseSweep(j, 'fuzz.json') })),
  { file: 'workflows/video-searcher.asl.json', load: (j) => parseWorkflow(j, 'fuzz.json') },
  { file: 'profiles/default.json', load: (j) => parseProfile(j, 'fuzz.json') },
];

describe('a mistyped key', () => {
  it.each(CASES.map((c) => [c.file, c] as const))('in %s fails naming the file and the object, and suggests a key one edit away', (_file, c) => {
    const base = json(c.file);
    // Keys of four letters or more: one edit is then within the bound didYouMean allows.
    const holders = keysIn(base).filter((h) => [...h.key].length >= 4);
    let suggested = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...'abcdeimnorstuxz_'), (pick, at, kind, letter) => {
        const h = holders[pick % holders.length]!;
        const given = typo(h.key, at, kind, letter);
        fc.pre(given !== '' && !(given in h.object));
        runs++;
        const copy = structuredClone(base) as Record<string, unknown>;
        let object: Record<string, unknown> = copy;
        for (const s of h.at) object = object[s] as Record<string, unknown>;
        // The key renamed where it stood, so the rest of the file is unchanged.
        const renamed = Object.fromEntries(Object.entries(object).map(([k, v]) => [k === h.key ? given : k, v]));
        for (const k of Object.keys(object)) delete object[k];
        Object.assign(object, renamed);
        let error: unknown;
        try {
          c.load(h.at.length === 0 ? renamed : copy);
        } catch (e) {
          error = e;
        }
        // A renamed key may be another key the object takes (then the file can be valid), or
        // a name in a map of names (a function, a state): only an unknown key is checked here.
        if (error === undefined) return;
        if (!(error instanceof ConfigError || error instanceof ProfileError)) throw error;
        expect(error.message.startsWith('fuzz.json')).toBe(true);
        const unknown = error.issues.find((i) => i.message.startsWith(`unknown key '${given}'`));
        if (!unknown) return;
        expect(paths(h.at)).toContain(unknown.path);
        const near = /did you mean '([^']+)'\?/.exec(unknown.message)?.[1];
        expect(near, unknown.message).toBeDefined();
        expect(editDistance(given, near!)).toBeLessThanOrEqual(1);
        suggested++;
      }),
      { seed: 24, numRuns: 150 },
    );
    // Most typos land in objects with a fixed set of keys: the check above is not vacuous.
    expect(suggested).toBeGreaterThan(runs / 3);
  });
});
