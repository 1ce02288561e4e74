import { describe, expect, it } from 'vitest';
import { AlertGroups, CE_ALERT_TIMING } from './alert-groups.ts';

describe('AlertGroups', () => {
  it('AlertGroups() defaults to the chart route: group_wait 5 s, group_interval 10 s, repeat_interval 30 s', () => {
    expect(CE_ALERT_TIMING).toEqual({ groupWaitMs: 5_000, groupIntervalMs: 10_000, repeatIntervalMs: 30_000 });
    expect(new AlertGroups().nextFlushAt()).toBe(Infinity);
  });

  it('AlertGroups.flush() notifies a firing alert group_wait after it arrives, then repeats it every repeat_interval', () => {
    const groups = new AlertGroups();
    groups.receive(30_000, ['fn'], []);
    expect(groups.nextFlushAt()).toBe(35_000);
    expect(groups.flush(34_999)).toEqual([]);
    expect(groups.flush(35_000)).toEqual([{ fn: 'fn', status: 'firing' }]);
    const sent: number[] = [];
    for (let t = 45_000; t <= 125_000; t += 10_000) {
      groups.receive(t, ['fn'], []);
      if (groups.flush(t).length > 0) sent.push(t);
    }
    // Flushes every 10 s; a repeat at each one 30 s after the last send.
    expect(sent).toEqual([65_000, 95_000, 125_000]);
  });

  it('AlertGroups.flush() sends the resolve at the group\'s next flush, then forgets the group', () => {
    const groups = new AlertGroups();
    groups.receive(30_000, ['fn'], []);
    groups.flush(35_000);
    groups.receive(45_000, [], ['fn']);
    expect(groups.flush(45_000)).toEqual([{ fn: 'fn', status: 'resolved' }]);
    expect(groups.nextFlushAt()).toBe(Infinity);
    // Firing again later is a new group: group_wait again.
    groups.receive(90_000, ['fn'], []);
    expect(groups.flush(90_000)).toEqual([]);
    expect(groups.flush(95_000)).toEqual([{ fn: 'fn', status: 'firing' }]);
  });

  it('AlertGroups.flush() tells nothing of an alert that fired and resolved within group_wait', () => {
    const groups = new AlertGroups();
    groups.receive(30_000, ['fn'], []);
    groups.receive(31_000, [], ['fn']);
    expect(groups.flush(35_000)).toEqual([]);
    expect(groups.nextFlushAt()).toBe(Infinity);
  });
});
