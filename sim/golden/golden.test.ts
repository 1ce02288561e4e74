// Golden results: every shipped scenario, run with its own seed as golden.json says, gives
// exactly the numbers pinned there; and every shipped scenario is pinned or excluded with a
// reason. A failure lists each number that moved: scenario, variant, number, pinned → now.
// If the move is meant: `npm run golden -- --update`, and the reason in the commit message.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  coverageProblems,
  differences,
  emptyGolden,
  formatGolden,
  type GoldenEntry,
  readGolden,
  round,
  runPinned,
  shippedScenarios,
  updatedGolden,
  type VariantPin,
} from './golden.ts';

const HOW = 'pinned → now; if meant: ./fave golden --update, and say why in the commit message';

const pin = (over: Partial<VariantPin> = {}): VariantPin => ({
  requests: 5,
  successRate: 1,
  latency: { mean: 10.5, p50: 10, p95: 12.25 },
  failures: {},
  aborts: {},
  coldStarts: 7,
  cost: { replicaGBs: 100, idleGBs: 80 },
  ...over,
});
const entry = (variants: Record<string, VariantPin>, over: Partial<GoldenEntry> = {}): GoldenEntry => ({ seed: 1, replications: 10, variants, ...over });

describe('golden results: the pins', () => {
  const golden = readGolden();
  const shipped = shippedScenarios();

  it('coverageProblems finds every shipped scenario pinned or excluded in golden.json, each run setting and exclusion with its reason', () => {
    expect(shipped.length).toBeGreaterThan(0);
    expect(coverageProblems(golden, shipped)).toEqual([]);
  });

  it.each(Object.keys(golden.scenarios).filter((f) => shipped.includes(f)))('runPinned of %s gives exactly its pinned numbers', async (file) => {
    const pinned = golden.scenarios[file]!;
    const now = await runPinned(file, pinned.run, golden.digits);
    expect(differences(file, pinned, now), HOW).toEqual([]);
    // A cap, not a timing: the slowest pin, azure-keepalive-1000, takes ~7 s alone (50 s before
    // 2026-12-08's sweep fix) and far longer on a loaded machine.
  }, 300_000);
});

describe('golden results: the machinery', () => {
  it('differences names the scenario, the variant and each number that moved, pinned → now', () => {
    const before = entry({ a: pin(), b: pin({ failures: { '502': 1 } }) });
    const after = entry({ a: pin({ latency: { mean: 10.5, p50: 10, p95: 12.5 } }), b: pin({ failures: { '502': 1, '504': 0.5 }, lostUpdates: 2 }) });
    expect(differences('scenarios/x.json', before, after)).toEqual([
      'scenarios/x.json, variant "a": latency.p95 12.25 → 12.5',
      'scenarios/x.json, variant "b": failures["504"] (absent) → 0.5',
      'scenarios/x.json, variant "b": lostUpdates (absent) → 2',
    ]);
    expect(differences('scenarios/x.json', before, before)).toEqual([]);
  });

  it('differences reports a changed seed or replication count, a variant added or gone, and a scenario never pinned', () => {
    const before = entry({ a: pin(), gone: pin() });
    const after = entry({ a: pin(), added: pin() }, { seed: 2, replications: 5 });
    expect(differences('s.json', before, after)).toEqual([
      's.json: seed 1 → 2',
      's.json: replications 10 → 5',
      's.json, variant "gone": pinned but no longer run',
      's.json, variant "added": run but not pinned',
    ]);
    expect(differences('s.json', undefined, after)).toEqual(['s.json: not pinned']);
  });

  it('round keeps 9 significant digits, which survive JSON exactly, and writes a non-finite number as null', () => {
    expect(round(123.456789012345)).toBe(123.456789);
    expect(round(0.000123456789012)).toBe(0.000123456789);
    expect(round(15)).toBe(15);
    expect(round(NaN)).toBeNull();
    const x = round(Math.PI * 1e7)!;
    expect(JSON.parse(JSON.stringify(x))).toBe(x);
  });

  it('shippedScenarios lists every JSON file under scenarios/ and only the scenario files under sweeps/ and notebooks/studies/', () => {
    const root = mkdtempSync(join(tmpdir(), 'fave-golden-'));
    const put = (path: string, json: unknown) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), JSON.stringify(json));
    };
    const scenario = { format: 'fave.scenario/v1' };
    put('scenarios/a.json', scenario);
    put('scenarios/deeper/b.json', {});
    put('scenarios/README.md', 'not json');
    put('sweeps/s.json', { format: 'fave.sweep/v1' });
    put('sweeps/base/c.json', scenario);
    put('notebooks/studies/x/study.json', { scenarios: [] });
    put('notebooks/studies/x/d.json', scenario);
    expect(shippedScenarios(root)).toEqual(['notebooks/studies/x/d.json', 'scenarios/a.json', 'scenarios/deeper/b.json', 'sweeps/base/c.json']);
  });

  it('coverageProblems reports a new scenario file neither pinned nor excluded, a pin whose file is gone, and settings or exclusions without a reason', () => {
    const golden = emptyGolden();
    golden.scenarios['scenarios/a.json'] = entry({ a: pin() }, { run: { replications: 2, why: ' ' } });
    golden.scenarios['scenarios/gone.json'] = entry({ a: pin() });
    golden.excluded['scenarios/b.json'] = '';
    expect(coverageProblems(golden, ['scenarios/a.json', 'scenarios/b.json', 'scenarios/new.json'])).toEqual([
      'scenarios/new.json: a shipped scenario neither pinned nor excluded (pin it with `./fave golden --update`, or add it to "excluded" with the reason)',
      'scenarios/gone.json: listed in the golden file but not a shipped scenario (gone or renamed?)',
      'scenarios/a.json: its run settings give no reason ("why")',
      'scenarios/b.json: excluded without a reason',
    ]);
  });

  it('updatedGolden takes the new runs, keeps the other pins and the exclusions, and drops files no longer shipped', () => {
    const golden = emptyGolden();
    const kept = entry({ a: pin() });
    golden.scenarios['scenarios/kept.json'] = kept;
    golden.scenarios['scenarios/gone.json'] = entry({ a: pin() });
    golden.excluded['scenarios/heavy.json'] = 'too slow';
    const ran = entry({ a: pin({ coldStarts: 8 }) }, { run: { set: { '/horizon': 60 }, why: 'shorter' } });
    const next = updatedGolden(golden, { 'scenarios/new.json': ran }, ['scenarios/heavy.json', 'scenarios/kept.json', 'scenarios/new.json']);
    expect(Object.keys(next.scenarios)).toEqual(['scenarios/kept.json', 'scenarios/new.json']);
    expect(next.scenarios['scenarios/kept.json']).toBe(kept);
    expect(next.scenarios['scenarios/new.json']).toBe(ran);
    expect(next.excluded).toEqual({ 'scenarios/heavy.json': 'too slow' });
  });

  it('formatGolden writes an object of plain values on one line and reads back as the same value', () => {
    const value = { digits: 9, scenarios: { 's.json': entry({ a: pin() }) }, excluded: {} };
    const text = formatGolden(value);
    expect(text).toContain('\n          "latency": { "mean": 10.5, "p50": 10, "p95": 12.25 },\n');
    expect(text).toContain('"excluded": {}');
    expect(JSON.parse(text)).toEqual(value);
  });
});
