// `npm run bench`'s command line: bad arguments are refused before any case runs (the cases
// themselves take seconds and are measured, never run, in tests).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./run.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('bench command line', () => {
  it.each([
    [['--runs', '0'], /--runs: must be an integer >= 1, got '0'/],
    [['--runs=1.5'], /--runs: must be an integer >= 1, got '1.5'/],
    [['pipeline-1M', 'pipeline-2M'], /unknown case 'pipeline-2M' \(did you mean pipeline-1M\?\)/],
    [['--frobnicate'], /frobnicate/],
    [['--one-cor'], /unknown option '--one-cor' \(did you mean --one-core\?\)/],
  ])('bench %j exits 2 naming what is wrong, and lists the cases', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('cases: lambda-0.9, lambda-90, lambda-0.9-general, lambda-90-general, pipeline-1M');
    expect(r.stdout).toBe('');
  });

  it('bench prints its table within 100 columns with a legend, and every column with --wide', async () => {
    // lambda-0.9 is the smallest case (~0.2 s of simulation); its numbers are not checked here.
    const narrow = await run(['lambda-0.9']);
    expect(narrow.code).toBe(0);
    expect(Math.max(...narrow.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(narrow.stdout).toMatch(/^lambda-0\.9 /m);
    expect(narrow.stdout).toContain('--wide adds: target, events/s, calls, requests/s');
    const wide = await run(['lambda-0.9', '--wide']);
    expect(wide.stdout).toMatch(/^lambda-0\.9 +≤ 0\.2 s CPU/m);
    expect(wide.stdout).not.toContain('--wide adds');
  });

  it('bench --against DIR pairs each run with one of the other build, and prints both and their ratio', async () => {
    // This checkout against itself: the numbers are not checked, their form is. A relative
    // path, so the verdict line stays short enough not to wrap wherever the clone is.
    const r = await run(['lambda-0.9', '--runs', '2', '--against', relative(process.cwd(), root) || '.']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('running lambda-0.9 (2/2), both builds...');
    expect(r.stdout).toMatch(/^lambda-0\.9 /m);
    expect(r.stdout).toMatch(/^lambda-0\.9 @ \S+ /m);
    expect(r.stdout).toMatch(/lambda-0\.9, this build \/ .*: CPU ×\d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\), main thread ×/);
    expect(r.stdout).not.toContain('ran different work');
  });

  it('bench --against exits 2 naming the directory, or the other build that measured nothing and what it said', async () => {
    const missing = await run(['lambda-0.9', '--against', '/nonexistent/fave']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--against: no directory '\/nonexistent\/fave'/);
    const dir = mkdtempSync(join(tmpdir(), 'fave-against-'));
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'sim', 'bench'), { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'scripts', 'fave.cjs'), "console.error('cannot find module esbuild'); process.exit(1);\n");
    writeFileSync(join(dir, 'sim', 'bench', 'case.ts'), '');
    const broken = await run(['lambda-0.9', '--against', dir]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`--against: the build in '${dir}' did not measure 'lambda-0.9' (exit 1): cannot find module esbuild`);
    expect(broken.stdout).toBe('');
  });
});
