// A live run's timers (timers.ts): `at` never runs before the run's clock reads its time, even
// when Node's timer fires early by that clock (its loop time lags performance.now()).
import { describe, expect, it } from 'vitest';
import { runTimers } from './timers.ts';

describe('runTimers', () => {
  it('at waits out the rest when its timer fires before the clock reads its time', async () => {
    // A clock that reads 0 when the timer is set, 0.0095 at its first firing (early, as a
    // lagging loop time makes it), then 0.011 from the re-arming on.
    const readings = [0, 0.0095, 0.011];
    let reads = 0;
    const now = () => readings[Math.min(reads++, readings.length - 1)]!;
    const timers = runTimers(now);
    const ranAt = await new Promise<number>((resolve) => timers.at(0.01, () => resolve(reads)));
    // Set (read 1), fired early (read 2), set again for the rest (read 3), fired on time (read 4).
    expect(ranAt).toBe(4);
  });

  it('at runs a time already past at once, and clear cancels what has not fired', async () => {
    const timers = runTimers(() => 5);
    let ran = 0;
    await new Promise<void>((resolve) => timers.at(1, () => resolve(void ran++)));
    expect(ran).toBe(1);
    timers.at(60, () => ran++);
    timers.later(0.001, () => ran++);
    timers.clear();
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(1);
  });
});
