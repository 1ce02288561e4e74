// Run directories: named by time and scenario, and never shared by two runs.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../sim/scenario/types.ts';
import { createRunDir } from './run-dir.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'fave-run-dir-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = (name: string) => ({ format: 'fave.scenario/v1', name, seed: 1, horizon: 1, workload: { executor: 'burst', count: 1 } }) as Scenario;

describe('createRunDir', () => {
  it('createRunDir gives runs of one name started in the same second directories of their own', () => {
    const out = path.join(work, 'runs', 'nested');
    const now = new Date('2026-05-01T12:30:05.123Z');
    const dirs = [1, 2, 3].map((seed) => {
      const d = createRunDir(out, { ...scenario('a b'), seed }, now);
      d.appendRequest({ seed });
      return d.dir;
    });
    expect(dirs.map((d) => path.basename(d))).toEqual(['2026-05-01T12-30-05Z-a_b', '2026-05-01T12-30-05Z-a_b-2', '2026-05-01T12-30-05Z-a_b-3']);
    // Each kept its own scenario and requests: nothing written over.
    dirs.forEach((d, i) => {
      expect(JSON.parse(readFileSync(path.join(d, 'scenario.json'), 'utf8')).seed).toBe(i + 1);
      expect(readFileSync(path.join(d, 'requests.jsonl'), 'utf8')).toBe(`{"seed":${i + 1}}\n`);
    });
    expect(readdirSync(out)).toHaveLength(3);
  });
});
