import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, SimulationError } from './engine.ts';
import { EventQueue } from './event-queue.ts';

describe('EventQueue', () => {
  it('pop returns events in (time, insertion) order for any schedule', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3000 }), (times) => {
        const q = new EventQueue(16);
        times.forEach((t, i) => q.push(t, 0, i, 0));
        const expected = times.map((t, i) => ({ t, i })).sort((x, y) => x.t - y.t || x.i - y.i);
        for (const e of expected) {
          expect(q.pop()).toBe(true);
          expect(q.poppedTime).toBe(e.t);
          expect(q.poppedA).toBe(e.i);
        }
        expect(q.pop()).toBe(false);
      }),
    );
  });

  it('push after pops reuses slots and keeps order', () => {
    const q = new EventQueue(16);
    for (let i = 0; i < 100; i++) q.push(i, 1, i, -i);
    for (let i = 0; i < 50; i++) q.pop();
    for (let i = 0; i < 100; i++) q.push(49.5, 2, 1000 + i, 0);
    q.pop();
    expect([q.poppedTime, q.poppedA]).toEqual([49.5, 1000]);
    expect(q.size).toBe(149);
  });
});

describe('Engine', () => {
  it('run advances the clock monotonically and dispatches by kind', () => {
    const e = new Engine();
    const seen: [number, number][] = [];
    const k = e.on('tick', (a) => {
      seen.push([e.now, a]);
      if (a < 5) e.after(1.5, k, a + 1);
    });
    e.at(2, k, 0);
    e.run();
    expect(seen.map((s) => s[0])).toEqual([2, 3.5, 5, 6.5, 8, 9.5]);
    expect(e.eventsProcessed).toBe(6);
  });

  it('run dispatches in (time, scheduling) order whichever kinds, lanes or heap, hold the events', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 30 })), { maxLength: 500 }), (plan) => {
        const e = new Engine();
        const seen: number[] = [];
        const kinds = [0, 1, 2, 3].map((k) => e.on(`k${k}`, (i) => seen.push(i)));
        // Mostly increasing times per kind (lanes) with some going back (heap).
        plan.forEach(([k, t], i) => e.at(t, kinds[k]!, i));
        e.run();
        const expected = plan.map(([, t], i) => ({ t, i })).sort((x, y) => x.t - y.t || x.i - y.i).map((x) => x.i);
        expect(seen).toEqual(expected);
        expect(e.pending).toBe(0);
      }),
    );
  });

  it('run keeps the order when handlers schedule more events, at the current time included', () => {
    const e = new Engine();
    const seen: string[] = [];
    const a = e.on('a', (n) => {
      seen.push(`a${n}@${e.now}`);
      if (n < 3) e.after(1, a, n + 1);
      e.after(0, b, n);
    });
    const b = e.on('b', (n) => seen.push(`b${n}@${e.now}`));
    e.at(0, a, 0);
    e.at(2, b, 9);
    e.run();
    expect(seen).toEqual(['a0@0', 'b0@0', 'a1@1', 'b1@1', 'b9@2', 'a2@2', 'b2@2', 'a3@3', 'b3@3']);
  });

  it('run(until) stops before later events and leaves them queued', () => {
    const e = new Engine();
    const k = e.on('x', () => {});
    e.at(1, k);
    e.at(10, k);
    e.run(5);
    expect(e.pending).toBe(1);
    expect(e.now).toBe(1);
  });

  it('at refuses an event in the past, naming it', () => {
    const e = new Engine();
    const k = e.on('late', () => e.at(0.5, k));
    e.at(1, k);
    expect(() => e.run()).toThrow(SimulationError);
    expect(() => new Engine().at(-1, 0)).toThrow(/before now/);
  });
});
