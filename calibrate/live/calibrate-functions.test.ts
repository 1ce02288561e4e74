// `npm run calibrate -- --function NAME --body FILE` on the embedded platform, end to end: two
// functions of one's own (live/testfn deployed under two names from a stack file, one body
// sleeping 30 ms, the other 120 ms), measured with tiny counts, and the profile then used by
// `npm run sim` for a workflow whose Tasks call them. Plus the refusals that need no platform.
import { execFile } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GatewayApi } from '../../live/run/gateway-api.ts';
import { parseProfile } from '../../sim/profile/load.ts';
import { TargetError } from '../errors.ts';
import { loadFunctions, planned } from './functions.ts';
import { parsePlan, planUnits } from './plan.ts';
import { calibrateLive, type LiveCalibration } from './run-live.ts';
import { checkFunctions } from './target.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A stack of live/testfn under each name (the embedded provider runs FAVE's own entry points only). */
const stackOf = (names: string[]) => `version: 1.0
provider:
  name: openfaas
  gateway: http://127.0.0.1:8080
functions:
${names.map((n) => `  ${n}:\n    lang: node\n    handler: ./live/testfn\n    image: fave/testfn:dev\n    annotations:\n      com.fave.entry: live/testfn/index.ts\n`).join('')}`;

function setUp() {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-calfn-'));
  writeFileSync(path.join(dir, 'stack.yml'), stackOf(['fast', 'slow']));
  writeFileSync(path.join(dir, 'fast.json'), '{"sleepMs": 30}\n');
  writeFileSync(path.join(dir, 'slow.json'), '{"sleepMs": 120}\n');
  const functions = loadFunctions([{ name: 'fast', bodyFile: path.join(dir, 'fast.json') }, { name: 'slow', bodyFile: path.join(dir, 'slow.json') }]);
  // Tiny counts: 2 × (3 warm + 1 cold + 2 + 2 contention) + 2 S3 = 18 calls; the drift
  // probe's 3 turns are skipped (two functions cannot tell the machine from their noise).
  const plan = parsePlan({ warm: '3', 'drift-minutes': '0.05', 'drift-period': '1', cold: '1', concurrency: '1,2', 'contention-calls': '2', 'neighbour-calls': '0', 's3-sizes': '1000', 's3-reps': '1' }, functions.map(planned));
  const options: LiveCalibration = {
    root: ROOT, env: {}, workDir: path.join(dir, 'work'), plan, quiet: true, signal: new AbortController().signal, versions: { test: '1' },
    functions, stackFile: path.join(dir, 'stack.yml'),
    // The machine is judged quiet whatever its load: the tests run beside others.
    machine: { judgeIdle: () => ({ busy: false, reasons: [] }), judgeDuringRun: () => ({ busy: false, reasons: [] }), precheckSeconds: 0.5 },
  };
  return { dir, functions, plan, options };
}

describe('calibrate --function on the embedded platform', () => {
  it('measures two functions from their bodies, keys the profile by their names, and npm run sim runs a workflow of them on it', async () => {
    const { dir, functions, plan, options } = setUp();
    let calls = 0;
    const r = await calibrateLive({ ...options, onCall: () => calls++ });
    expect(r.error).toBeUndefined();
    expect(calls).toBe(planUnits(plan)); // the skipped probe turns included
    const p = parseProfile(JSON.parse(JSON.stringify(r.profile)), 'test');
    expect(p.status).toBe('complete');
    expect(Object.keys(p.stages)).toEqual(['fast', 'slow']);
    expect(p.fanout).toBeUndefined(); // VideoSearcher's, not these functions'
    const fast = p.stages.fast!;
    const slow = p.stages.slow!;
    // Each timed by X-Duration-Seconds: about the sleep its body asked for (a timer may fire a
    // millisecond early on Node's clock against hrtime).
    expect(fast.warm.n).toBe(3);
    expect(fast.warm.samples!.every((x) => x >= 0.028), String(fast.warm.samples)).toBe(true);
    expect(slow.warm.samples!.every((x) => x >= 0.118), String(slow.warm.samples)).toBe(true);
    expect(Math.min(...slow.warm.samples!)).toBeGreaterThan(Math.max(...fast.warm.samples!));
    // Cold: scaled to zero and called once; testfn sends no telemetry, so no cpu, memory or init.
    expect(fast.containerStart.n).toBe(1);
    expect(fast.firstCall.n).toBe(1);
    expect(fast.cpu).toBeUndefined();
    expect(fast.init).toBeUndefined();
    expect(fast.memoryMB).toBeUndefined();
    expect(slow.contention!.map((c) => c.concurrency)).toEqual([1, 2]);
    expect(p.overheads!.gateway!.n).toBe(6);
    // The plan names each function's body file and its hash, not its contents.
    expect((p.measured.plan as { functions: unknown }).functions).toEqual(functions.map(planned));
    const notes = p.measured.notes!.join('\n');
    expect(notes).toMatch(/^plan: functions fast \(body .*fast\.json, 16 B, sha256 [0-9a-f]{12}…\), slow \(body .*slow\.json, 17 B/m);
    expect(notes).toMatch(/drift probe skipped: it needs 3 stages or more \(--function names 2\)/);
    expect(notes).toMatch(/functions from .*stack\.yml/);

    // The simulator: a workflow of one's own whose Tasks call them, on this profile.
    writeFileSync(path.join(dir, 'profile.json'), JSON.stringify(r.profile));
    writeFileSync(path.join(dir, 'two.asl.json'), JSON.stringify({
      StartAt: 'First',
      States: {
        First: { Type: 'Task', Resource: 'fast', Next: 'Both' },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: 'slow', End: true } } },
            { StartAt: 'Again', States: { Again: { Type: 'Task', Resource: 'fast', End: true } } },
          ],
          End: true,
        },
      },
    }));
    writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({
      format: 'fave.scenario/v1', name: 'calibrated-functions', seed: 1, replications: 2, horizon: 20, profile: 'profile.json', regime: 'warm',
      workload: { executor: 'poisson', rate: 2 }, workflow: { file: 'two.asl.json' }, state: { mode: 'off' },
    }));
    const out = path.join(dir, 'result.json');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'sim/cli.ts'), path.join(dir, 'scenario.json'), '--out', out, '--quiet'], { cwd: ROOT });
    const result = JSON.parse(readFileSync(out, 'utf8')) as { variants: { summary: { functions: Record<string, { calls: { mean: number }; latency: { p50: { mean: number } } }> } }[] };
    const simulated = result.variants[0]!.summary.functions;
    expect(simulated.fast!.calls.mean).toBeGreaterThan(0);
    expect(simulated.slow!.calls.mean).toBeGreaterThan(0);
    // Calls of fast, slow and fast per execution; slow's calibrated time shows in its latency.
    expect(simulated.fast!.calls.mean).toBeCloseTo(2 * simulated.slow!.calls.mean, -1);
    expect(simulated.slow!.latency.p50.mean).toBeGreaterThan(simulated.fast!.latency.p50.mean);
  }, 120_000); // ~15 s on a quiet machine; the guard is for a loaded one

  it('refuses a function the stack does not define, naming it, before the platform starts', async () => {
    const { options, dir } = setUp();
    writeFileSync(path.join(dir, 'stack.yml'), stackOf(['fast']));
    const r = await calibrateLive(options);
    expect(r.error).toBeInstanceOf(TargetError);
    expect((r.error as Error).message).toMatch(/^not in the stack .*stack\.yml, so the embedded platform cannot deploy it: slow \(functions there: fast\); give a stack that defines it with --stack FILE/);
    expect(r.profile).toBeUndefined();
  }, 30_000);

  it('refuses a body changed since the work dir measured the function', async () => {
    const { options, dir } = setUp();
    writeFileSync(path.join(dir, 'stack.yml'), stackOf(['fast'])); // stops right after the bodies are recorded
    await calibrateLive(options);
    writeFileSync(path.join(dir, 'fast.json'), '{"sleepMs": 31}\n');
    const changed = loadFunctions([{ name: 'fast', bodyFile: path.join(dir, 'fast.json') }, { name: 'slow', bodyFile: path.join(dir, 'slow.json') }]);
    const r = await calibrateLive({ ...options, functions: changed, plan: { ...options.plan, functions: changed.map(planned) } });
    expect((r.error as Error).message).toMatch(/holds fast's calls measured with another body \(.*fast\.json, sha256 [0-9a-f]{12}…\), not .*fast\.json \(sha256 [0-9a-f]{12}…\): use --fresh or another --work-dir/);
  }, 30_000);

  it('checkFunctions() asks a real gateway for each function (GET /system/function/NAME) and names the missing ones', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/system/function/fast') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: 'fast', replicas: 1, availableReplicas: 1 }));
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const api = new GatewayApi(url, undefined);
      await expect(checkFunctions(api, url, ['fast'])).resolves.toBeUndefined();
      await expect(checkFunctions(api, url, ['fast', 'slow', 'resize'])).rejects.toThrow(`not deployed on ${url}: slow, resize (GET /system/function/slow answered 404); deploy them first (faas-cli deploy)`);
    } finally {
      server.close();
    }
  });
});
