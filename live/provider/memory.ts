import { readdirSync, readFileSync } from 'node:fs';

// A container's memory is everything in its cgroup; a replica here is a process group
// (the function and whatever it spawns, e.g. ffmpeg), so we add up the RSS of the tree.

function readStatus(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
}

/** VmRSS of one process in bytes, or undefined if it is gone. */
export function rssBytes(pid: number): number | undefined {
  const status = readStatus(pid);
  if (status === undefined) return undefined;
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Parent pid of every live process, read once from /proc. */
function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readStatus(Number(entry));
    const ppid = status && /^PPid:\s+(\d+)/m.exec(status)?.[1];
    if (!ppid) continue;
    const list = children.get(Number(ppid)) ?? [];
    list.push(Number(entry));
    children.set(Number(ppid), list);
  }
  return children;
}

/** Total RSS of each root pid and its descendants, in bytes (undefined when gone). */
export function treeRssBytes(roots: number[]): Map<number, number | undefined> {
  const result = new Map<number, number | undefined>();
  if (roots.length === 0) return result;
  const children = parentMap();
  for (const root of roots) {
    const own = rssBytes(root);
    if (own === undefined) {
      result.set(root, undefined);
      continue;
    }
    let total = own;
    const stack = [...(children.get(root) ?? [])];
    while (stack.length > 0) {
      const pid = stack.pop()!;
      total += rssBytes(pid) ?? 0;
      stack.push(...(children.get(pid) ?? []));
    }
    result.set(root, total);
  }
  return result;
}
