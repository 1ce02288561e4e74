// Runs a command-line entry point (a .ts file) through tsx in a child process, as `npm run`
// does: its exit code, stdout and stderr, never a rejection.
import { execFile } from 'node:child_process';

export function runCli(cli: string, args: string[], cwd: string, timeoutMs = 0): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // timeoutMs > 0: the child is killed then (a run that may never end, as a livelock would).
    execFile(process.execPath, ['--import', 'tsx', cli, ...args], { cwd, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Long lines are wrapped at 100 columns, their continuations indented by 4 (sim/terminal/
 * table.ts, fitText): joined again, so that a test checks a sentence whole. */
export const unwrap = (text: string): string => text.replace(/\n {4,}/g, ' ');

/** runCli with its stdout unwrapped. */
export async function runCliUnwrapped(cli: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(cli, args, cwd);
  return { ...r, stdout: unwrap(r.stdout) };
}
