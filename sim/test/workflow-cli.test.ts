// A user's workflow from JSON alone, end to end through `npm run sim`: the shipped image
// workflow scenario runs and its functions are the workflow's; a broken workflow file, a
// Map with no count and a function with no service time are exit 2, each naming the file
// and the JSON path to fix.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SIM = join(root, 'sim', 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'fave-workflow-cli-'));
const shipped = JSON.parse(readFileSync(join(root, 'scenarios', 'image-workflow.json'), 'utf8')) as Record<string, unknown>;
const WORKFLOW = join(root, 'workflows', 'image-pipeline.asl.json');
const PROFILE = join(root, 'profiles', 'image-example.json');

/** The shipped scenario, written to the temp folder with absolute paths and `more` over it. */
function scenario(name: string, more: Record<string, unknown>): string {
  const path = join(dir, name);
  const workflow = { ...(shipped.workflow as object), file: WORKFLOW, ...(more.workflow as object) };
  writeFileSync(path, JSON.stringify({ ...shipped, profile: PROFILE, replications: 1, compare: undefined, ...more, workflow }));
  return path;
}

describe('npm run sim on a workflow', () => {
  it('sim runs scenarios/image-workflow.json: the calls are the workflow\'s, classify once per image and once per tile', async () => {
    const out = join(dir, 'image.json');
    const r = await runCli(SIM, ['scenarios/image-workflow.json', '--out', out, '--quiet'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { scenario: { workflow: { definition: { StartAt: string } } }; variants: { name: string; summary: { requests: { mean: number }; functions: Record<string, { calls: { mean: number } }> } }[] };
    // The result carries the machine it ran.
    expect(result.scenario.workflow.definition.StartAt).toBe('Resize');
    expect(result.variants.map((v) => v.name)).toEqual(['parallel', 'sequential']);
    for (const v of result.variants) {
      const calls = v.summary.functions;
      expect(Object.keys(calls).sort()).toEqual(['classify', 'orchestrator', 'resize', 'thumbnail']);
      expect(calls.orchestrator!.calls.mean).toBe(v.summary.requests.mean);
      // Tiles: gamma(2, 1.5), 3 a request on average, plus the branch's classify.
      expect(calls.classify!.calls.mean).toBeGreaterThan(2.5 * calls.resize!.calls.mean);
    }
  });

  it('sim exits 2 on a workflow file with a Next to nowhere, naming the workflow file and the path in it', async () => {
    const bad = JSON.parse(readFileSync(WORKFLOW, 'utf8')) as { States: Record<string, { Next?: string }> };
    bad.States.Resize!.Next = 'Derivee';
    const wf = join(dir, 'bad.asl.json');
    writeFileSync(wf, JSON.stringify(bad));
    const r = await runCli(SIM, [scenario('bad-next.json', { workflow: { file: wf } }), '--out', join(dir, 'x.json')], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${wf}: `);
    expect(r.stderr).toContain("$.States.Resize.Next: no state 'Derivee' in this States");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('sim exits 2 on a Map without a count and on a function with no service time, by scenario path', async () => {
    const noCount = await runCli(SIM, [scenario('no-count.json', { workflow: { fanout: {} } }), '--out', join(dir, 'y.json')], root);
    expect(noCount.code).toBe(2);
    expect(noCount.stderr).toContain('no-count.json: ');
    expect(noCount.stderr).toContain("$.workflow.fanout: the workflow's Map 'Tiles' ($.States.Tiles of");
    const noProfile = await runCli(SIM, [scenario('no-profile.json', { profile: undefined }), '--out', join(dir, 'z.json')], root);
    expect(noProfile.code).toBe(2);
    expect(noProfile.stderr).toContain("$.platform.defaults.warm: function 'resize' (a Task's Resource, at $.States.Resize.Resource of");
  });
});
