import { spawn } from 'node:child_process';
import { StageError } from './errors.ts';

// Spawning a tool with a deadline, apart from which tool: ffmpeg (ffmpeg.ts) and ffprobe
// (probe.ts) each bring a static binary of ~70 MB from npm, and a stage's image installs only
// the packages its entry reaches (docs/images.md), so neither may pull the other in.

export interface RunOptions {
  timeoutMs: number;
  cwd?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Keeps the end of stderr: ffmpeg prints the reason for failure last. */
function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/**
 * Runs a binary with an argv (no shell), killing it with SIGKILL when `timeoutMs` expires
 * so a stuck decoder can never hang a call. Exit != 0 → StageError('internal').
 */
export function runBinary(binary: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new StageError('internal', `cannot start ${binary}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const name = binary.split('/').pop();
      if (timedOut) {
        reject(new StageError('timeout', `${name} did not finish within ${options.timeoutMs} ms and was killed`));
      } else if (code !== 0) {
        reject(new StageError('internal', `${name} exited with ${code ?? signal}: ${tail(stderr)}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}
