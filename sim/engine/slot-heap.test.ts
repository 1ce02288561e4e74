// Slots are events a model moves instead of adding: the engine must dispatch them exactly
// as if each move scheduled a fresh event and the one it replaced were dropped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { SlotHeap } from './slot-heap.ts';

describe('SlotHeap', () => {
  it('top is always the pending slot earliest by (time, seq), through any sets and clears', () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 20 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const h = new SlotHeap();
        for (let i = 0; i < 10; i++) h.add(0, i);
        const pending = new Map<number, [number, number]>();
        ops.forEach(([isSet, id, t], seq) => {
          if (isSet) {
            h.set(id, t, seq);
            pending.set(id, [t, seq]);
          } else {
            h.clear(id);
            pending.delete(id);
          }
          expect(h.size).toBe(pending.size);
          if (pending.size === 0) return;
          const best = [...pending].sort((x, y) => x[1][0] - y[1][0] || x[1][1] - y[1][1])[0]![0];
          expect(h.top()).toBe(best);
        });
      }),
    );
  });
});

describe('Engine slots', () => {
  it('dispatch in the order of fresh events with the moved-from ones dropped', () => {
    // Each step, at some event: an ordinary event, or a slot set or cleared.
    const step = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }));
    fc.assert(
      fc.property(fc.array(fc.array(step, { maxLength: 4 }), { minLength: 1, maxLength: 60 }), (plan) => {
        const run = (useSlots: boolean): string[] => {
          const e = new Engine();
          const seen: string[] = [];
          const gen = [0, 0, 0, 0];
          let next = 0;
          const act = () => {
            const steps = plan[next++ % plan.length]!;
            if (next > 200) return;
            for (const [what, id, delay] of steps) {
              if (what === 0) e.after(delay, ev, 100 + next);
              else if (what === 1) {
                if (useSlots) e.setSlot(slots[id]!, e.now + delay);
                else e.after(delay, evSlot, id, ++gen[id]!);
              } else if (useSlots) e.clearSlot(slots[id]!);
              else gen[id]!++;
            }
          };
          const ev = e.on('event', (a) => {
            seen.push(`e${a}@${e.now}`);
            act();
          });
          const evSlot = e.on('slot', (id, g) => {
            if (!useSlots && g !== gen[id]) return; // moved or cleared since
            if (!useSlots) gen[id]!++;
            seen.push(`s${id}@${e.now}`);
            act();
          });
          const slots = [0, 1, 2, 3].map((i) => e.slot(evSlot, i));
          e.at(0, ev, 0);
          e.run();
          return seen;
        };
        expect(run(true)).toEqual(run(false));
      }),
    );
  });
});
