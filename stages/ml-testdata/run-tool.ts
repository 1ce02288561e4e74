import { execFile } from 'node:child_process';

/** Thrown when a test-data tool (espeak-ng, ffmpeg) is missing or fails. */
export class TestDataToolError extends Error {
  override name = 'TestDataToolError';
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(`${tool}: ${message}`);
  }
}

/** Run a tool to completion and return its stdout as bytes; stderr goes into the error. */
export default function runTool(tool: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not installed (sudo apt-get install the Debian package named in scripts/debian-packages.txt, or run npm test as root)' : stderr.toString().trim().slice(-500);
        reject(new TestDataToolError(tool, hint || err.message));
        return;
      }
      resolve(stdout);
    });
  });
}
