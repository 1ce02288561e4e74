import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectNats } from './jetstream-queue.ts';
import { findNatsServer, NatsMissingError, startNatsServer } from './nats-server.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'fave-nats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startNatsServer', () => {
  it('startNatsServer() listens on 127.0.0.1 only, asks for the password, and keeps it out of its log and command line', async () => {
    const logs: string[] = [];
    const server = await startNatsServer({ dir: path.join(dir, 'a'), user: 'fave', password: 'pw-not-in-logs', log: (l) => logs.push(l) });
    try {
      expect(server.connection.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      expect(statSync(path.join(dir, 'a', 'nats-server.conf')).mode & 0o777).toBe(0o600);
      expect(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8')).not.toContain('pw-not-in-logs');
      const nc = await connectNats(server.connection, 'test');
      await nc.close();
      await expect(connectNats({ ...server.connection, password: 'wrong' }, 'test')).rejects.toThrow(/Authorization/i);
      expect(logs.join('\n')).not.toContain('pw-not-in-logs');
      expect(logs.some((l) => l.includes('Server is ready'))).toBe(true);
    } finally {
      await server.close();
    }
    // Nothing listens once closed.
    const port = Number(new URL(server.connection.url.replace('nats:', 'http:')).port);
    await expect(new Promise((resolve, reject) => net.connect(port, '127.0.0.1').on('connect', resolve).on('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('startNatsServer() dies with the process that started it (setpriv --pdeathsig)', async () => {
    const { spawn } = await import('node:child_process');
    const script = `import { startNatsServer } from ${JSON.stringify(path.resolve(import.meta.dirname, 'nats-server.ts'))};
const s = await startNatsServer({ dir: ${JSON.stringify(path.join(dir, 'b'))}, user: 'u', password: 'p' });
process.stdout.write(String(s.pid) + '\\n');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    child.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  });
});

describe('findNatsServer', () => {
  it('findNatsServer() finds Debian\'s binary in /usr/sbin even when PATH lacks it', () => {
    expect(findNatsServer({ PATH: '/nowhere' })).toBe('/usr/sbin/nats-server');
  });

  it('findNatsServer() fails with the install line when there is none (exit 3)', () => {
    // An empty PATH still searches the sbin folders: fake one without the binary by asking for it elsewhere.
    const error = (() => {
      try {
        findNatsServer({ PATH: '/nowhere' }, ['/nowhere-either']);
      } catch (e) {
        return e as NatsMissingError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NatsMissingError);
    expect(error!.message).toContain('sudo apt-get install -y --no-install-recommends nats-server');
    expect(error!.exitCode).toBe(3);
  });
});
