// Who listens on a port. A replica's port is picked free (bind 0, read, release: replica.ts)
// and handed to a process that takes a second to load before it binds it. In that second
// another process (another provider, a test file running beside this one) can take the same
// port; the readiness probe would then find *that* process healthy and the proxy would send
// this function's calls to it, while the replica dies of EADDRINUSE. So the probe that first
// finds a replica ready also checks that the listening socket belongs to the replica's
// process group. Linux only (/proc); elsewhere the check answers null and is skipped.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The inodes of the sockets listening on `port` (any address), or null without /proc. */
function listeningInodes(port: number): Set<string> | null {
  const inodes = new Set<string>();
  let readAny = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    readAny = true;
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …; st 0A = LISTEN.
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue;
      const local = f[1]!;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(f[9]!);
    }
  }
  return readAny ? inodes : null;
}

/** Whether `pid` holds one of `inodes` among its open files. */
function holdsSocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone, or not ours to read
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1]!)) return true;
    } catch {
      // closed while we looked
    }
  }
  return false;
}

/** The processes of process group `pgid` (from /proc/<pid>/stat's fifth field). */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return members;
}

/**
 * Whether a process of group `pgid` listens on `port`: true or false, or null where /proc
 * cannot tell (not Linux). The group's leader is checked first: a stage listens itself.
 */
export function groupListensOn(pgid: number, port: number): boolean | null {
  const inodes = listeningInodes(port);
  if (inodes === null) return null;
  if (inodes.size === 0) return false;
  if (holdsSocket(pgid, inodes)) return true;
  return groupMembers(pgid).some((pid) => pid !== pgid && holdsSocket(pid, inodes));
}
