// The drift probe's guards, without a platform: a probe too small for the node-speed estimate
// makes no calls, says why, and still moves the progress bar past its share.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { driftProbe } from './drift-probe.ts';
import { parsePlan } from './plan.ts';
import type { StepContext } from './steps.ts';
import { openWorkDir } from './work-dir.ts';

function context(flags: Parameters<typeof parsePlan>[0]) {
  const ticks: string[] = [];
  const c: StepContext = {
    t: new Proxy({}, { get: () => { throw new Error('the probe must not touch the target'); } }) as StepContext['t'],
    work: openWorkDir(mkdtempSync(path.join(tmpdir(), 'fave-drift-'))),
    plan: parsePlan(flags),
    body: () => ({}),
    telemetry: 'required',
    tick: (label) => ticks.push(label),
    notes: [],
    signal: new AbortController().signal,
  };
  return { c, ticks };
}

describe('driftProbe', () => {
  it('driftProbe() skips a probe of fewer than 3 stages, noting why, and ticks its calls', async () => {
    const { c, ticks } = context({ stages: 'ffmpeg-0,librosa', 'drift-minutes': '1', 'drift-period': '5' });
    await driftProbe(c, c.plan.stages);
    expect(c.notes).toEqual([expect.stringMatching(/^drift probe skipped: it needs 3 stages or more \(--stages names 2\)/)]);
    expect(ticks).toHaveLength(2 * 12);
    expect(ticks.every((t) => t.endsWith('drift probe (skipped)'))).toBe(true);
  });

  it('driftProbe() skips a probe of fewer than 10 turns', async () => {
    const { c, ticks } = context({ 'drift-minutes': '0.5', 'drift-period': '10' });
    await driftProbe(c, c.plan.stages);
    expect(c.notes).toEqual([expect.stringMatching(/^drift probe skipped: it needs 10 turns or more \(--drift-minutes × 60 \/ --drift-period gives 3\)/)]);
    expect(ticks).toHaveLength(7 * 3);
  });

  it('driftProbe() with --drift-minutes 0 does nothing and says nothing', async () => {
    const { c, ticks } = context({ 'drift-minutes': '0' });
    await driftProbe(c, c.plan.stages);
    expect(c.notes).toEqual([]);
    expect(ticks).toEqual([]);
  });
});
