import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
  it('calibrate interrupted (SIGINT) writes only <name>.partial.json, status incomplete, and says how to resume', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'fave-cal-int-'));
    const out = path.join(work, 'profiles', 'mine.json');
    const workDir = path.join(work, 'w');
    // --force: whatever the pre-check makes of this shared machine, the calibration goes on.
    const args = ['--stages', 'ffmpeg-0', '--warm', '20', '--drift-minutes', '0', '--cold', '0', '--contention-calls', '0', '--neighbour-calls', '0', '--no-fanout', '--s3-reps', '0', '--force', '--quiet', '--out', out, '--work-dir', workDir];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'calibrate/cli.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Stop it once its first warm calls are on disk.
    const warm = path.join(workDir, 'steps', 'ffmpeg-0.warm.json');
    const warmCalls = () => (existsSync(warm) ? (JSON.parse(readFileSync(warm, 'utf8')) as { records: unknown[] }).records.length : 0);
    while (warmCalls() < 2 && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(readdirSync(path.dirname(out))).toEqual(['mine.partial.json']);
    const partial = await loadProfile(path.join(work, 'profiles', 'mine.partial.json'), { allowIncomplete: true });
    expect(partial.status).toBe('incomplete');
    expect(partial.stages['ffmpeg-0']!.warm.n).toBeGreaterThanOrEqual(2);
    expect(partial.stages['ffmpeg-0']!.warm.n).toBeLessThan(20);
    expect(partial.conditions).toMatchObject({ forced: expect.any(Boolean) });
    expect(stderr).toContain(`INCOMPLETE: the calibration was interrupted before it finished. What it measured is in ${path.join(work, 'profiles', 'mine.partial.json')}`);
    expect(stderr).toContain(`${out} was not written`);
    expect(stderr).toMatch(/Resume with the same work dir .*: \.\/fave calibrate --stages ffmpeg-0 /);
    // The machine was recorded beside it, and the simulator would refuse the profile.
    expect(readFileSync(path.join(workDir, 'machine.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(1);
    await expect(loadProfile(path.join(work, 'profiles', 'mine.partial.json'))).rejects.toThrow(/--allow-incomplete/);
  }, 120_000);

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
