import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../sim/profile/load.ts';
import { loadScenarioFile } from '../sim/scenario/load.ts';
import { writeSyntheticRun } from './validate/synthetic-run.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { cwd: ROOT });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('npm run calibrate / validate', () => {
  it('calibrate --stages with an unknown stage exits 2 naming it', async () => {
    const r = await cli('calibrate/cli.ts', ['--stages', 'ffmpeg-1,whisper']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stages: unknown stage 'whisper' \(valid: ffmpeg-0/);
  }, 30_000);

  it('validate writes a scorecard JSON of kind validation, judging two repeats against each other', async () => {
    const profile = await loadProfile(path.join(ROOT, 'profiles/default.json'));
    const steady = { ...loadScenarioFile(path.join(ROOT, 'scenarios/steady.json')), horizon: 120 };
    const dirs = [3, 4].map((seed) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'fave-cli-'));
      writeSyntheticRun(dir, { ...steady, seed }, profile, seed);
      return dir;
    });
    const r = await cli('calibrate/validate-cli.ts', [...dirs, '--replications', '2', '--profile', path.join(ROOT, 'profiles/default.json'), '--quiet']);
    expect(r.code).toBe(0);
    const card = JSON.parse(readFileSync(path.join(dirs[0]!, 'validation.json'), 'utf8')) as { format: string; kind: string; runs: string[]; method: { floor: { method: string } } };
    expect(card).toMatchObject({ format: 'fave.validation/v2', kind: 'validation', runs: dirs, method: { floor: { method: 'bootstrap-repeats' } } });
  }, 60_000);

  it('validate refuses run dirs of different scenarios with exit 2, naming the field', async () => {
    const profile = await loadProfile(path.join(ROOT, 'profiles/default.json'));
    const steady = { ...loadScenarioFile(path.join(ROOT, 'scenarios/steady.json')), horizon: 60 };
    const a = mkdtempSync(path.join(tmpdir(), 'fave-cli-'));
    const b = mkdtempSync(path.join(tmpdir(), 'fave-cli-'));
    writeSyntheticRun(a, steady, profile, 3);
    writeSyntheticRun(b, { ...steady, horizon: 90 }, profile, 3);
    const r = await cli('calibrate/validate-cli.ts', [a, b, '--profile', path.join(ROOT, 'profiles/default.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`validate: ${a}/scenario.json and ${b}/scenario.json differ at /horizon (60 against 90)`);
  }, 30_000);
});
