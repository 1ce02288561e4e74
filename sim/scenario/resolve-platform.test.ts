import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from './errors.ts';
import { resolveScaling } from './resolve-platform.ts';

describe('resolveScaling', () => {
  const run = (scaling: object, edition: 'community' | 'pro') => {
    const issues: ConfigIssue[] = [];
    const notes: string[] = [];
    const cfg = resolveScaling({ scaling }, edition, '$.platform.defaults', issues, notes);
    return { cfg, issues, notes };
  };

  it('clamps a Community Edition range to 1–5 as its gateway does, and says so', () => {
    const r = run({ min: 0, max: 9 }, 'community');
    expect([r.cfg.min, r.cfg.max]).toEqual([1, 5]);
    expect(r.issues).toEqual([]);
    expect(r.notes).toEqual([
      '$.platform.defaults.scaling.min: 0 taken as 1: Community Edition keeps 1–5 replicas (use "edition": "pro" for more)',
      '$.platform.defaults.scaling.max: 9 taken as 5: Community Edition keeps 1–5 replicas (use "edition": "pro" for more)',
    ]);
  });

  it('says nothing when the defaults apply, and leaves Pro and lambda ranges alone', () => {
    expect(run({}, 'community')).toMatchObject({ cfg: { mode: 'alert', min: 1, max: 5 }, notes: [] });
    expect(run({ min: 0, max: 40 }, 'pro')).toMatchObject({ cfg: { mode: 'rps', min: 0, max: 40 }, notes: [] });
    expect(run({ mode: 'lambda' }, 'community')).toMatchObject({ cfg: { min: 1, max: 1000 }, notes: [] });
  });

  it('refuses Pro-only scaling on Community Edition, by path', () => {
    expect(run({ mode: 'rps', zero: true }, 'community').issues.map((i) => i.path)).toEqual(['$.platform.defaults.scaling.zero', '$.platform.defaults.scaling.mode']);
    expect(run({ min: 4, max: 2 }, 'pro').issues).toEqual([{ path: '$.platform.defaults.scaling', message: 'min (4) is greater than max (2)' }]);
  });
});
