import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTelemetryLines } from './telemetry.ts';

const entry = fileURLToPath(new URL('./drain-stage.ts', import.meta.url));

describe('serveStage in its own process', () => {
  it('serveStage drains on SIGTERM: the in-flight call completes, then the process exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, PORT: '0', S3_BUCKET: 'fave', S3_ACCESS_KEY: 'unused', S3_SECRET_KEY: 'unused' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const waitFor = (pattern: RegExp) => new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stderr);
        if (!match) return;
        child.stderr.off('data', check);
        resolve(match);
      };
      child.stderr.on('data', check);
      child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}: ${stderr}`)));
      check();
    });
    try {
      const [, url] = await waitFor(/listening on (http:\/\/[\d.]+:\d+)/);
      const call = fetch(`${url}/`, { method: 'POST', body: JSON.stringify({ requestId: 'drain-1', holdMs: 1500 }) });
      await waitFor(/handler entered/);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const res = await call;
      expect(res.status).toBe(200);
      expect((await res.json()).held).toBe(1500);
      const [code] = await exited;
      expect(code).toBe(0);
      const records = parseTelemetryLines(stdout);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ requestId: 'drain-1', status: 'ok', stage: 'drain-test' });
      await expect(fetch(`${url}/_/health`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
