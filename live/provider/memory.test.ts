import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { rssBytes, treeRssBytes } from './memory.ts';

describe('memory', () => {
  it('rssBytes() reads this process and gives undefined for a pid that does not exist', () => {
    expect(rssBytes(process.pid)).toBeGreaterThan(1024 * 1024);
    expect(rssBytes(2 ** 22 + 7)).toBeUndefined();
  });

  it('treeRssBytes() adds a grandchild process to its parent total', async () => {
    // `sh` stays the parent of `sleep` because a command follows it.
    const shell = spawn('sh', ['-c', 'sleep 30; true'], { detached: true });
    try {
      const pid = shell.pid!;
      let tree = 0;
      while (tree <= rssBytes(pid)!) {
        await sleep(20);
        tree = treeRssBytes([pid]).get(pid)!;
      }
      expect(tree).toBeGreaterThan(rssBytes(pid)!);
      expect(treeRssBytes([2 ** 22 + 7]).get(2 ** 22 + 7)).toBeUndefined();
    } finally {
      process.kill(-shell.pid!, 'SIGKILL');
    }
  });
});
