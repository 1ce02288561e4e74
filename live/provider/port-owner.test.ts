import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { groupListensOn } from './port-owner.ts';

// A detached process group whose listener prints its port; `viaShell` puts the listener one
// level down (a shell's child), as a wrapper script would.
const LISTEN = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))";
const children: ChildProcess[] = [];

async function listenerGroup(viaShell: boolean): Promise<{ pgid: number; port: number }> {
  const child = viaShell
    ? spawn('/bin/sh', ['-c', `"${process.execPath}" -e "${LISTEN}"; sleep 60`], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, ['-e', LISTEN], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return { pgid: child.pid!, port };
}

afterAll(() => {
  for (const c of children) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

describe('groupListensOn', () => {
  it('finds the listener in the group, its leader or a process below it', async () => {
    const direct = await listenerGroup(false);
    expect(groupListensOn(direct.pgid, direct.port)).toBe(true);
    const wrapped = await listenerGroup(true);
    expect(groupListensOn(wrapped.pgid, wrapped.port)).toBe(true);
  });

  it('says no when another process holds the port, or nothing listens on it', async () => {
    const group = await listenerGroup(false);
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const taken = (other.address() as net.AddressInfo).port;
    expect(groupListensOn(group.pgid, taken)).toBe(false);
    await new Promise((r) => other.close(r));
    expect(groupListensOn(group.pgid, taken)).toBe(false);
  });
});
