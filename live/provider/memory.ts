import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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

/** The replica host's own helper, not the function: the esbuild service tsx starts to compile
 * the entry (a child of the root, ~12 MiB). */
function isHostHelper(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /(^|\/)esbuild$/.test(argv[0] ?? '') && argv.some((a) => a.startsWith('--service'));
  } catch {
    return false;
  }
}

function exe(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/** RSS of each root pid with its own helpers (`own`: itself, the esbuild service under it, and
 * a child still running the root's own executable: forked by spawn() and not yet exec'd, it
 * shows the parent's whole RSS for a moment, pages a container's cgroup would not count twice)
 * and with all its descendants (`total`), in bytes (undefined when gone): a stand-in that
 * forks its function per call (entry.ts MemoryScope 'children') is limited on total - own,
 * the function's processes without the host's. */
export function treeRss(roots: number[]): Map<number, { own: number; total: number } | undefined> {
  const result = new Map<number, { own: number; total: number } | undefined>();
  if (roots.length === 0) return result;
  const children = parentMap();
  for (const root of roots) {
    const own = rssBytes(root);
    if (own === undefined) {
      result.set(root, undefined);
      continue;
    }
    let total = own;
    let host = own;
    const rootExe = exe(root);
    const stack = (children.get(root) ?? []).map((pid) => ({ pid, hostHelper: isHostHelper(pid) || (rootExe !== undefined && exe(pid) === rootExe) }));
    while (stack.length > 0) {
      const { pid, hostHelper } = stack.pop()!;
      const bytes = rssBytes(pid) ?? 0;
      total += bytes;
      if (hostHelper) host += bytes;
      stack.push(...(children.get(pid) ?? []).map((child) => ({ pid: child, hostHelper })));
    }
    result.set(root, { own: host, total });
  }
  return result;
}

/** Total RSS of each root pid and its descendants, in bytes (undefined when gone). */
export function treeRssBytes(roots: number[]): Map<number, number | undefined> {
  return new Map([...treeRss(roots)].map(([pid, rss]) => [pid, rss?.total]));
}
