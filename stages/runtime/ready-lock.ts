import { rm, writeFile } from 'node:fs/promises';

// Readiness behind a real of-watchdog. The watchdog's /_/health answers 200 while
// `<os.TempDir()>/.lock` exists, and faas-netes probes that path (or runs `cat /tmp/.lock`).
// By default the watchdog writes the file as soon as its own server starts: before this
// process listens, let alone has loaded its model. With `suppress_lock=true` the watchdog
// writes nothing but its health handler still requires the file (of-watchdog 0.9.15
// main.go makeHealthHandler; 0.10.7 the same; 0.11.6 pkg/watchdog.go). So the image sets
// suppress_lock=true and READY_LOCK_FILE=/tmp/.lock, and the stage writes the file itself
// once it listens and init has finished: every probe then says what the stage can do.
// See docs/openfaas-behaviour.md, "Readiness".

/** Writes the (empty) lock file; a failure is returned, not thrown, so the caller can say it. */
export async function writeReadyLock(path: string): Promise<Error | undefined> {
  try {
    await writeFile(path, '', { mode: 0o660 });
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

/** Removes it when draining, so probes fail before the listener closes (the watchdog does the
 * same on SIGTERM, markUnhealthy); a missing file is fine. */
export async function removeReadyLock(path: string): Promise<void> {
  await rm(path, { force: true });
}
