// The `npm run optimize -- prewarm` command line on the shipped pre-warm scenario: the plan
// pinned (delays per edge), its predictions finite and ordered, the written scenario a valid
// one that `npm run sim` runs as is, giving the numbers the command printed for the plan;
// exit 2 on a workflow that is not a call chain and on bad arguments.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { est } from '../run/format-summary.ts';
import { runScenarioFile } from '../run/run-scenario.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { runCli } from '../test/run-cli.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
// Long lines are wrapped at 100 columns, their continuations indented by 4 (sim/terminal/table.ts,
// fitText): joined again here, so that a sentence is checked whole.
const unwrap = (text: string) => text.replace(/\n {4,}/g, ' ');
const run = async (args: string[]) => {
  const r = await runCli(cli, args, root);
  return { ...r, stdout: unwrap(r.stdout) };
};
const withoutTime = (text: string) => text.replace(/\(\d+\.\d s\)/g, '(…)');
/** The cells of the printed table's row that starts with `label`. */
const row = (stdout: string, label: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith(label));
  if (!line) throw new Error(`no row '${label}' in:\n${stdout}`);
  // Columns are two or more spaces apart; a cell holds single spaces at most ('8.5 s').
  return line.trim().split(/\s{2,}/).slice(1);
};

describe('optimize cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-optimize-'));

  it('optimize prewarm plans the delays of scenarios/prewarm.json, simulates the plans, and writes the best as a scenario that npm run sim runs as is', async () => {
    const out = join(dir, 'plan.json');
    const args = ['prewarm', 'scenarios/prewarm.json', '--out', out, '--quiet'];
    const [one, two] = [await run(args), await run(args)];
    expect(one.code, one.stderr).toBe(0);
    expect(withoutTime(two.stdout)).toBe(withoutTime(one.stdout));
    expect(one.stderr).toContain("its 3 'compare' variants are left out");
    expect(one.stdout).toContain('prewarm: call chain orchestrator → ffmpeg-0 → librosa → ffmpeg-1 → ffmpeg-2 → deepspeech → ffmpeg-3 → object-detector (7 edges)');
    expect(one.stdout).toMatch(/budget [\d.]+ idle GB-s per request \(default: the idle GB-s of every delay 0\)/);
    // The orchestrator is never worth pre-warming ahead of ffmpeg-0 (it calls it at once);
    // librosa's long run is worth waiting out before starting ffmpeg-1.
    const edges = ['orchestrator → ffmpeg-0', 'ffmpeg-0 → librosa', 'librosa → ffmpeg-1', 'ffmpeg-1 → ffmpeg-2', 'ffmpeg-2 → deepspeech', 'deepspeech → ffmpeg-3', 'ffmpeg-3 → object-detector'];
    expect(edges.map((e) => row(one.stdout, e))).toEqual(edges.map((_, k) => [['never', '0 s', '8.5 s', '0 s', '3 s', '0.5 s', '0 s'][k], '0 s', 'never']));
    const p95 = row(one.stdout, 'predicted p95 s').map(Number);
    const idle = row(one.stdout, 'predicted idle GB-s per request').map(Number);
    for (const x of [...p95, ...idle]) expect(Number.isFinite(x)).toBe(true);
    const [best, zero, never] = [0, 1, 2];
    expect(p95[best]).toBeLessThanOrEqual(p95[zero]!);
    expect(p95[zero]).toBeLessThan(p95[never]!);
    expect(idle[best]).toBeLessThanOrEqual(idle[zero]!);
    expect(idle[never]).toBe(0);
    // Pre-warming shortens the simulated p95 too, by about what was predicted.
    const simulated = row(one.stdout, 'simulated p95 s (± 95% CI)');
    const mean = simulated.map((c) => Number(c.split(' ')[0]));
    expect(mean[best]).toBeLessThan(mean[never]! - 10);
    expect(Math.abs(mean[best]! - p95[best]!)).toBeLessThan(5);
    expect(one.stdout).toContain(`plan written to ${out}`);

    const scenario = loadScenarioFile(out);
    expect(scenario).toMatchObject({ name: 'prewarm-prewarm', replications: 5 });
    expect(scenario.compare).toBeUndefined();
    const fns = scenario.platform!.functions!;
    expect(fns['orchestrator']?.policy?.prewarm).toBeUndefined();
    expect(fns['librosa']!.policy!.prewarm).toEqual({ type: 'dag', delay: 8.5 });
    expect(JSON.parse(readFileSync(out, 'utf8')).$schema).toMatch(/schemas\/scenario\.schema\.json$/);
    // Simulated alone, on the same seeds, it gives the numbers printed for the plan.
    const result = await runScenarioFile(out, { defaultProfile: join(root, 'profiles', 'default.json') });
    expect(est(result.variants[0]!.summary.latency.p95, 2, false)).toBe(simulated[best]);
  });

  it('optimize prewarm honours --budget: with none, only pre-warms that are never ready before their call', async () => {
    const r = await run(['prewarm', 'scenarios/prewarm.json', '--budget', '0', '--out', join(dir, 'none.json'), '--quiet', '--replications', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('budget 0.000 idle GB-s per request\n');
    expect(row(r.stdout, 'predicted idle GB-s per request')[0]).toBe('0.000');
    const p95 = row(r.stdout, 'predicted p95 s').map(Number);
    expect(p95[0]).toBeLessThan(p95[2]!);
  });

  it('optimize prewarm refuses a workflow with a Parallel state, a trace replay and bad arguments, exit 2', async () => {
    const parallel = await run(['prewarm', 'scenarios/image-workflow.json', '--out', join(dir, 'x.json')]);
    expect(parallel.code).toBe(2);
    expect(parallel.stderr).toContain('has a Parallel state: the pre-warm optimizer models call chains only for now (issue #19, item 4)');
    const trace = await run(['prewarm', 'scenarios/azure-keepalive.json', '--out', join(dir, 'x.json')]);
    expect(trace.code).toBe(2);
    expect(trace.stderr).toContain('replays a trace');
    for (const [args, message] of [
      [['prewarm', 'scenarios/prewarm.json', '--budget=-1'], '--budget must be a number of GB-s ≥ 0'],
      [['prewarm', 'scenarios/prewarm.json', '--budget', 'lots'], '--budget must be a number of GB-s ≥ 0'],
      [['prewarm', 'scenarios/prewarm.json', '--budget', 'Infinity'], '--budget must be a number of GB-s ≥ 0'],
      [['prewarm'], 'no scenario file given'],
      [[], 'no subcommand given'],
      [['keepalive', 'scenarios/prewarm.json'], 'unknown subcommand'],
      [['prewarm', 'scenarios/prewarm.json', '--samples', '5'], '--samples must be an integer ≥ 100'],
      [['prewarm', 'scenarios/prewarm.json', '--budgte', '1'], 'did you mean --budget?'],
      [['prewarm', 'scenarios/no-such.json'], 'no-such.json'],
    ] as const) {
      const r = await run([...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toMatch(/^optimize: /);
    }
    expect(() => readFileSync(join(dir, 'x.json'))).toThrow();
  });
});
