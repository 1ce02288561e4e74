// The `npm run optimize -- prewarm` command line on the shipped video-analytics example
// (a Map fan-out) and the image pipeline (a Parallel): the plan printed with its predicted
// p95 and idle GB-s beside the simulated ones, the written scenario a valid one that
// `npm run sim` runs as is, giving the numbers the command printed for the plan; --budget
// honoured; exit 2 on a scenario without a workflow and on bad arguments.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { est } from '../run/format-summary.ts';
import { runScenarioFile } from '../run/run-scenario.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { constant, oneFunction } from '../test/helpers.ts';
import { runCliUnwrapped } from '../test/run-cli.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (args: string[]) => runCliUnwrapped(cli, args, root);
const withoutTime = (text: string) => text.replace(/\(\d+\.\d s\)/g, '(…)');
/** The cells of the printed table's row that starts with `label`. */
const row = (stdout: string, label: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith(label));
  if (!line) throw new Error(`no row '${label}' in:\n${stdout}`);
  // Columns are two or more spaces apart; a cell, the label too, holds single spaces at most ('start + 3 s').
  return line.trim().split(/\s{2,}/).slice(1);
};

describe('optimize cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-optimize-'));

  it('optimize prewarm plans the video-analytics DAG, prints predicted and simulated p95 and idle GB-s, and writes a variant npm run sim runs as is', async () => {
    const out = join(dir, 'plan.json');
    const args = ['prewarm', 'scenarios/video-analytics.json', '--out', out, '--quiet', '--samples', '300'];
    const [one, two] = [await run(args), await run(args)];
    expect(one.code, one.stderr).toBe(0);
    expect(withoutTime(two.stdout)).toBe(withoutTime(one.stdout));
    expect(one.stdout).toContain('video-analytics: workflow of 3 functions (decode, analyse, summarize), parallel mode');
    expect(one.stdout).toMatch(/budget [\d.]+ idle GB-s per request over never \(default: what the plan zero adds\)/);
    // analyse (the fan-out, 2 instances) is pre-warmed from the start, before decode is done;
    // summarize late enough not to sit idle through analyse's 20 s.
    const [analyse, summarize] = [row(one.stdout, 'analyse (2)'), row(one.stdout, 'summarize (1)')];
    expect(analyse[0]).toMatch(/^start \+ \d+(\.\d+)? s$/);
    expect(analyse.slice(1)).toEqual(['start + 0 s', 'never']);
    expect(summarize[0]).toMatch(/^(start|analyse|decode) \+ \d+(\.\d+)? s$/);
    const delay = Number(/\+ ([\d.]+) s/.exec(summarize[0]!)![1]);
    expect(delay).toBeGreaterThan(summarize[0]!.startsWith('analyse') ? 10 : 15);
    const p95 = row(one.stdout, 'predicted p95 s').map(Number);
    const idle = row(one.stdout, 'predicted idle GB-s per request, over never').map(Number);
    const [best, zero, never] = [0, 1, 2];
    expect(p95[best]).toBeLessThan(p95[never]! - 2); // the cold starts' ~1 s sandbox + Init and the slow first calls
    expect(p95[best]).toBeLessThanOrEqual(p95[zero]! + 1e-9);
    expect(idle[best]).toBeLessThan(idle[zero]! / 2);
    expect(idle[never]).toBe(0);
    // The simulator agrees with the model: p95 within its CI's reach, idle within 25%.
    const simulated = row(one.stdout, 'simulated p95 s (± 95% CI)');
    const mean = simulated.map((c) => Number(c.split(' ')[0]));
    expect(mean[best]).toBeLessThan(mean[never]! - 2);
    expect(Math.abs(mean[best]! - p95[best]!)).toBeLessThan(1.5);
    const simIdle = row(one.stdout, 'simulated idle GB-s per request, over never').map(Number);
    expect(Math.abs(simIdle[best]! - idle[best]!)).toBeLessThan(0.25 * idle[best]!);
    expect(one.stdout).toContain(`plan written to ${out}`);

    const scenario = loadScenarioFile(out);
    expect(scenario).toMatchObject({ name: 'video-analytics-prewarm', replications: 5 });
    expect(scenario.platform!.functions!['analyse']!.policy!.prewarm).toEqual({ type: 'dag', after: 'start', delay: Number(/\+ ([\d.]+) s/.exec(analyse[0]!)![1]) });
    expect(JSON.parse(readFileSync(out, 'utf8')).$schema).toMatch(/schemas\/scenario\.schema\.json$/);
    // Simulated alone, on the same seeds, it gives the numbers printed for the plan.
    const result = await runScenarioFile(out, { defaultProfile: join(root, 'profiles', 'default.json') });
    expect(est(result.variants[0]!.summary.latency.p95, 2, false)).toBe(simulated[best]);
  });

  it('optimize prewarm plans a Parallel and honours --budget: with none, no pre-warm', async () => {
    const free = await run(['prewarm', 'scenarios/image-recognition.json', '--out', join(dir, 'image.json'), '--quiet', '--replications', '1', '--samples', '200']);
    expect(free.code, free.stderr).toBe(0);
    expect(row(free.stdout, 'recognition')[0]).toMatch(/^start \+ /); // the long branch, from the start
    const none = await run(['prewarm', 'scenarios/image-recognition.json', '--budget', '0', '--out', join(dir, 'none.json'), '--quiet', '--replications', '1', '--samples', '200']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('budget 0.000 idle GB-s per request over never\n');
    expect(row(none.stdout, 'recognition')[0]).toBe('never');
    expect(row(none.stdout, 'predicted idle GB-s per request, over never')[0]).toBe('0.000');
  });

  it('optimize prewarm refuses a scenario without a workflow and bad arguments, exit 2', async () => {
    const trace = await run(['prewarm', 'scenarios/azure-keepalive.json', '--out', join(dir, 'x.json')]);
    expect(trace.code).toBe(2);
    expect(trace.stderr).toContain('replays a trace');
    const one = join(dir, 'one-function.json');
    writeFileSync(one, JSON.stringify({ ...oneFunction({ warm: constant(1) }), $schema: undefined }));
    const single = await run(['prewarm', one, '--out', join(dir, 'x.json')]);
    expect(single.code, single.stderr).toBe(2);
    expect(single.stderr).toContain("runs no workflow (a single function or a trace replay)");
    for (const [args, message] of [
      [['prewarm', 'scenarios/prewarm.json', '--budget=-1'], '--budget must be a number of GB-s ≥ 0'],
      [['prewarm', 'scenarios/prewarm.json', '--budget', 'lots'], '--budget must be a number of GB-s ≥ 0'],
      [['prewarm', 'scenarios/prewarm.json', '--budget', 'Infinity'], '--budget must be a number of GB-s ≥ 0'],
      [['prewarm'], 'no scenario file given'],
      [[], 'no subcommand given'],
      [['keepalive', 'scenarios/prewarm.json'], "unknown subcommand 'keepalive': the one there is, is prewarm"],
      [['prewram', 'scenarios/prewarm.json'], "unknown subcommand 'prewram' (did you mean prewarm?)"],
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
