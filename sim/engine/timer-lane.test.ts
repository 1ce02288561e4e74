// A TimerLane must run exactly the handlers that ordinary events with a liveness check
// would run, in the same order, whatever is cancelled and whenever timers are set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { TimerLane } from './timer-lane.ts';

describe('TimerLane', () => {
  it('fires the live timers as ordinary events would, skipping the cancelled ones', () => {
    // Sets at 4k+1 (firing 4d+2 later, at 4k'+3), cancels at 4k+2: no instant holds two
    // kinds of action, so the handlers see the same state whichever order an instant runs in.
    const action = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.array(action, { maxLength: 120 }), (plan) => {
        const run = (useLane: boolean): string[] => {
          const e = new Engine();
          const seen: string[] = [];
          const gen = [0, 0, 0, 0, 0];
          const fire = (id: number, g: number) => {
            if (g === gen[id]) seen.push(`${e.now} t${id}`);
          };
          const evTimer = e.on('timer', fire);
          const lane = new TimerLane(e, 'lane', fire, (id, g) => g === gen[id]);
          const evSet = e.on('set', (id, delay) => {
            if (useLane) lane.at(e.now + delay, id, gen[id]!);
            else e.after(delay, evTimer, id, gen[id]!);
          });
          const evCancel = e.on('cancel', (id) => gen[id]!++);
          for (const [isSet, id, k, d] of plan) {
            if (isSet) e.at(4 * k + 1, evSet, id, 4 * d + 2);
            else e.at(4 * k + 2, evCancel, id);
          }
          e.run();
          return seen.sort();
        };
        expect(run(true)).toEqual(run(false));
      }),
    );
  });

  it('keeps the engine to one event for a run of timers that are all cancelled', () => {
    const e = new Engine();
    let fired = 0;
    const lane = new TimerLane(e, 'lane', () => fired++, () => false);
    for (let i = 0; i < 1000; i++) lane.at(300 + i, i, 0);
    e.run();
    expect(fired).toBe(0);
    expect(e.eventsProcessed).toBe(1);
    expect(lane.size).toBe(0);
  });
});
