// `./fave <command>` (scripts/fave.cjs): every command of package.json's reaches its own CLI, an
// unknown one is refused with the nearest, a stale bundle is rebuilt before it runs, exit
// codes are the command's own, and a long-running tsx command stops on Ctrl-C in this one
// process. Speed is measured in `npm run bench:start`, not here.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain CommonJS module without types (it runs before anything is built)
import launcherModule from './fave.cjs';

const launcher = launcherModule as {
  BUNDLED: Record<string, string>;
  ON_TSX: Record<string, string>;
  nearest: (given: string) => string | null;
  stale: (bundle: string, inputsFile: string) => boolean;
};
const root = fileURLToPath(new URL('..', import.meta.url));
const fave = join(root, 'fave');
const NAMES = [...Object.keys(launcher.BUNDLED), ...Object.keys(launcher.ON_TSX)];

function run(args: string[], cwd = root, env: NodeJS.ProcessEnv = process.env, file = fave): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('./fave', () => {
  it('is executable, and knows every command package.json runs, each the same way', () => {
    expect(statSync(fave).mode & 0o111).not.toBe(0);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of Object.keys(launcher.BUNDLED)) expect(scripts[name], name).toBe(`./fave ${name}`);
    for (const [name, entry] of Object.entries(launcher.ON_TSX)) expect(scripts[name], name).toBe(`tsx ${entry}`);
    for (const entry of [...Object.values(launcher.BUNDLED), ...Object.values(launcher.ON_TSX)]) expect(statSync(join(root, entry)).isFile()).toBe(true);
    // Every script but the project's own (test, typecheck, prepare) is a command of the launcher.
    expect(Object.keys(scripts).filter((s) => !['test', 'typecheck', 'prepare'].includes(s)).sort()).toEqual([...NAMES].sort());
  });

  it('--help lists the commands and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: \.\/fave <command>/);
    for (const name of NAMES) expect(r.stdout).toContain(name);
  });

  it.each(NAMES)('%s --help reaches its own command line', async (name) => {
    const r = await run([name, '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: \\./fave ${name.replace(':', '\\:')} `));
  });

  it('an unknown command exits 2 with the nearest one and the list; none given, the same', async () => {
    const r = await run(['recomend', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'recomend' (did you mean 'recommend'?)");
    expect(r.stderr).toContain(`commands: ${NAMES.join(', ')}`);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^no command given\nusage: /);
    expect((await run(['xyzzy'])).stderr).toMatch(/^unknown command 'xyzzy'\n/);
  });

  it('suggests by the rule of sim/input/did-you-mean.ts: within a third of the length, at most 3 edits', () => {
    // What didYouMean(typo, the commands) answers (scripts/ imports nothing of the project,
    // docs/design.md; the launcher cannot load TypeScript on its way).
    const expected: Record<string, string | null> = {
      sm: 'sim', simm: 'sim', swep: 'sweep', recomend: 'recommend', optimise: 'optimize', gold: 'golden', golen: 'golden',
      'bench:strt': 'bench:start', 'bench:stage': 'bench:stages', lve: 'live', serch: 'search', calibate: 'calibrate',
      fixture: 'fixtures', validation: 'validate', notebooks: 'notebook', rport: 'report', x: null, benchmark: null, report: null,
    };
    for (const [typo, near] of Object.entries(expected)) expect(launcher.nearest(typo), typo).toBe(near);
  });

  it('passes on the command\'s exit code, bundled or on tsx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-launcher-'));
    const sim = await run(['sim', join(dir, 'missing.json')]);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain('cannot read the scenario file');
    const calibrate = await run(['calibrate', '--stages', 'whisper']);
    expect(calibrate.code).toBe(2);
    expect(calibrate.stderr).toContain("unknown stage 'whisper'");
    // search with no platform recorded where it stands: 1, a failure.
    const search = await run(['search', 'x'], dir);
    expect(search.code, search.stderr).toBe(1);
    expect(search.stderr).toContain('no platform running');
  });
});

describe('./fave and NODE_EXTRA_CA_CERTS', () => {
  /** The commands ./fave starts without it (its `case` line). */
  const offline = /\n {2}([a-z|]+)\) unset NODE_EXTRA_CA_CERTS ;;/.exec(readFileSync(fave, 'utf8'))![1]!.split('|');

  it('drops it for the commands that open no connection, and keeps it for the others', async () => {
    expect(offline).toEqual(['sim', 'recommend', 'optimize', 'golden', 'bench', 'validate', 'notebook']);
    // Node warns at start when the file cannot be read: so it read the variable, or not.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(tmpdir(), 'fave-no-such-ca.pem') };
    for (const name of ['sim', 'golden']) expect((await run([name, '--help'], root, env)).stderr).not.toContain('extra certs');
    for (const name of ['search', 'report', 'sweep']) expect((await run([name, '--help'], root, env)).stderr).toContain('Ignoring extra certs');
  });

  it('those commands\' bundles load no TLS, HTTP, S3 or NATS client, and call no fetch', () => {
    for (const name of offline) {
      expect(launcher.BUNDLED[name], name).toBeDefined();
      const bundle = readFileSync(join(root, 'build', `${name}.cjs`), 'utf8');
      const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
      expect(required.filter((r) => /^(node:)?(tls|https?|http2|net|dgram)$|^@aws-sdk\/|^@nats-io\/|^undici/.test(r)), name).toEqual([]);
      expect(bundle, name).not.toMatch(/\bfetch\(/);
    }
  });

  it('runs through a link to it from another folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-link-'));
    symlinkSync(fave, join(dir, 'fave'));
    const r = await run(['--help'], dir, process.env, join(dir, 'fave'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: \.\/fave <command>/);
  });
});

describe('a bundle is stale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-stale-'));
  const bundle = join(dir, 'x.cjs');
  const inputs = join(dir, 'x.inputs.json');
  const source = join(dir, 'a.ts');
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  it('when it is missing, its inputs list is, a source is newer than it, or a source is gone; not otherwise', () => {
    writeFileSync(source, '');
    at(source, 1_000);
    expect(launcher.stale(bundle, inputs)).toBe(true);
    writeFileSync(bundle, '');
    at(bundle, 2_000);
    expect(launcher.stale(bundle, inputs)).toBe(true);
    writeFileSync(inputs, JSON.stringify([source]));
    expect(launcher.stale(bundle, inputs)).toBe(false);
    at(source, 3_000); // edited after the build
    expect(launcher.stale(bundle, inputs)).toBe(true);
    at(source, 1_000);
    writeFileSync(inputs, JSON.stringify([source, join(dir, 'gone.ts')]));
    expect(launcher.stale(bundle, inputs)).toBe(true);
    writeFileSync(inputs, '[not json');
    expect(launcher.stale(bundle, inputs)).toBe(true);
  });

  it('and ./fave rebuilds it before running it', async () => {
    // build/bench.cjs made older than its sources, as after an edit of one: the smallest bundle.
    const file = join(root, 'build', 'bench.cjs');
    at(file, 946_684_800); // 2000-01-01
    const r = await run(['bench', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: \.\/fave bench /);
    expect(statSync(file).mtimeMs).toBeGreaterThan(946_684_800_000 + 1_000);
    expect(launcher.stale(file, join(root, 'build', 'bench.inputs.json'))).toBe(false);
    expect(readFileSync(file, 'utf8')).toMatch(/^\/\/ fave-bundle [0-9a-f]{64}\n/);
  });
});

describe('./fave live up', () => {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const p of started.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops cleanly on %s, in its own process (tsx in-process, nothing to relay)', async (signal) => {
    // A scratch root linking to the repository, so that .fave/ (secrets, state) stays out of it;
    // port 0 for the gateway, its metrics and the provider.
    const work = mkdtempSync(join(tmpdir(), 'fave-launcher-live-'));
    for (const name of ['package.json', 'node_modules', 'live', 'tsconfig.json']) symlinkSync(join(root, name), join(work, name));
    mkdirSync(join(work, 'state'));
    const env = { ...process.env, provider_port: '0', provider_state_dir: join(work, 'state') };
    const child = spawn(fave, ['live', 'up', '--port', '0', '--no-deploy', '--no-s3', '--no-queue'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, sig) => resolve([code, sig])));
    for (const t0 = Date.now(); !out.includes('Ctrl-C stops everything.') && child.exitCode === null && Date.now() - t0 < 60_000; ) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('Ctrl-C stops everything.');
    // The platform runs in the launcher's own process: the same pid serves the gateway.
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['live', 'up']));
    child.kill(signal);
    expect(await exited, out).toEqual([0, null]);
    expect(out).toContain(`${signal}: stopping`);
    rmSync(work, { recursive: true, force: true });
  }, 90_000);
});
