// Every command's terminal habits, by spawning it as `npm run` does, with its output piped:
// `--help` answers with its usage, exit 0, within 100 columns; and a piped run writes no escape
// code, FORCE_COLOR set or not (colour is for a terminal only: sim/terminal/colour.ts).
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const scripts = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The commands a person runs (the README's), each an npm script. */
const COMMANDS = ['sim', 'sweep', 'recommend', 'optimize', 'golden', 'validate', 'report', 'notebook', 'bench', 'bench:live', 'bench:stages', 'live', 'calibrate', 'search', 'fixtures'];

/** An npm script (`./fave sim`, `tsx live/cli.ts`) as a node command line (./fave itself:
 * scripts/launcher.test.ts). */
function argv(script: string): string[] {
  const [tool, ...rest] = script.split(' ');
  if (tool === './fave') return [`${root}/scripts/fave.cjs`, ...rest];
  if (tool === 'tsx') return ['--import', 'tsx', ...rest];
  throw new Error(`a script this test cannot run: ${script}`);
}

function run(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = scripts[name];
  if (script === undefined) throw new Error(`no npm script '${name}'`);
  return new Promise((resolve) => {
    // Piped stdout and stderr, as in a CI log; FORCE_COLOR asks for colour, and gets none.
    execFile(process.execPath, [...argv(script), ...args], { cwd: root, env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const widest = (text: string) => Math.max(0, ...text.split('\n').map((l) => [...l].length));

describe('every command in a terminal', () => {
  it.each(COMMANDS)('%s --help prints its usage within 100 columns, without escape codes, and exits 0', async (name) => {
    const r = await run(name, ['--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/usage: /);
    expect(widest(r.stdout)).toBeLessThanOrEqual(100);
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('sim, piped: its tables, legends and progress without an escape code, within 100 columns', async () => {
    const r = await run('sim', ['scenarios/steady.json', '--replications', '2', '--out', '/dev/null']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^variant +ok %/m);
    expect(widest(r.stdout)).toBeLessThanOrEqual(100);
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('bench, piped: its table and legend without an escape code, within 100 columns', async () => {
    const r = await run('bench', ['lambda-0.9']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^case +CPU s/m);
    expect(widest(r.stdout)).toBeLessThanOrEqual(100);
    expect(r.stdout + r.stderr).not.toContain('\x1b');
  });

  it('bench on a terminal: bold heads, and none with NO_COLOR set', () => {
    // util-linux's script(1) gives the command a pseudo-terminal, as a person's shell would.
    let tty: (env: NodeJS.ProcessEnv) => string;
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
      tty = (env) => execFileSync('script', ['-qec', `${process.execPath} ${argv(scripts['bench']!).join(' ')} lambda-0.9`, '/dev/null'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
    } catch {
      throw new Error('script(1) is missing: apt-get install bsdutils (util-linux)');
    }
    expect(tty({ NO_COLOR: '' })).toContain('\x1b[1mcase');
    expect(tty({ NO_COLOR: '1' })).not.toContain('\x1b');
  });
});
