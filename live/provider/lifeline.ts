import { fstatSync } from 'node:fs';
import net from 'node:net';

// Preloaded into every replica (`node --import tsx --import …/lifeline.ts <entry>`): a replica
// must not outlive its provider, as a pod does not outlive its node. Node has no
// PR_SET_PDEATHSIG, so the provider gives each replica the read end of a pipe as fd 3 and
// keeps the write end, never writing to it. However the provider ends — SIGKILL included —
// the kernel closes that end, the read here sees EOF, and the replica kills its own process
// group (itself and whatever it spawned: ffmpeg, recognisers). Its private TMPDIR is then
// removed by the next provider started on the same state folder (replica-tmp.ts).

/** The fourth stdio entry replica.ts spawns with. Never import this module elsewhere: it acts
 * on load, and in another process fd 3 may be something else (vitest's IPC channel). */
const LIFELINE_FD = 3;

function isPipe(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false; // not open: started some other way, nothing to watch
  }
}

function die(): void {
  try {
    // The replica leads its group (spawned detached); never signal a group it does not lead.
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(137);
  }
}

if (isPipe(LIFELINE_FD)) {
  const line = new net.Socket({ fd: LIFELINE_FD, readable: true, writable: false });
  line.on('end', die);
  line.on('close', die);
  line.on('error', die);
  line.resume();
  // Watching must not keep a replica alive that has finished on its own.
  line.unref();
}
