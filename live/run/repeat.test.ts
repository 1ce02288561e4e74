// The order of a repeated live run and the list of its run directories, without a platform.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDirListing, runLabel, runOrder } from './repeat.ts';

describe('runOrder', () => {
  it('runOrder interleaves the variants, repeat by repeat: v1 v2 v1 v2 …', () => {
    expect(runOrder(['a', 'b'], 3).map((r) => `${r.variant}${r.repeat}`)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(runOrder(['a', 'b', 'c'], 2).map((r) => `${r.variant}${r.repeat}`)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'c2']);
  });

  it('runOrder without variants repeats the one run, and once is the run as before', () => {
    expect(runOrder([undefined], 3)).toEqual([{ repeat: 1, variant: undefined }, { repeat: 2, variant: undefined }, { repeat: 3, variant: undefined }]);
    expect(runOrder(['x'], 1)).toEqual([{ repeat: 1, variant: 'x' }]);
    expect(runOrder(['a', 'b'], 1).map((r) => r.variant)).toEqual(['a', 'b']);
  });

  it('runLabel names what applies: the repeat, the variant, and the run of all of them', () => {
    const v = ['a', 'b'];
    const order = runOrder(v, 3);
    expect(runLabel(order[3]!, 3, v, 3, order.length)).toBe('repeat 2/3, variant 2/2: b (run 4/6)');
    expect(runLabel({ repeat: 2, variant: undefined }, 3, [undefined], 1, 3)).toBe('repeat 2/3');
    expect(runLabel({ repeat: 1, variant: 'b' }, 1, v, 1, 2)).toBe('variant 2/2: b'); // as --all-variants said before --repeat
  });
});

describe('runDirListing', () => {
  const root = '/home/me/fave';
  const at = (name: string) => path.join(root, 'runs', name);

  it('runDirListing lists the directories one a line, grouped by variant in the scenario\'s order, in the order they ran', () => {
    const finished = [
      { variant: 'b', dir: at('t1-x-b') }, { variant: 'a', dir: at('t2-x-a') }, { variant: 'b', dir: at('t3-x-b') }, { variant: 'a', dir: at('t4-x-a') },
    ];
    expect(runDirListing(finished, ['a', 'b'], root)).toBe([
      '# run directories, for ./fave validate <run dir> --profile <profile.json>',
      '# variant a', 'runs/t2-x-a', 'runs/t4-x-a',
      '# variant b', 'runs/t1-x-b', 'runs/t3-x-b',
      '',
    ].join('\n'));
  });

  it('runDirListing without variants gives the directories alone, and names a stopped run apart', () => {
    const text = runDirListing([{ variant: undefined, dir: at('t1-x') }], [undefined], root, { dir: at('t2-x') });
    expect(text.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['runs/t1-x']);
    expect(text).toContain('# stopped part way, not listed above: runs/t2-x\n');
    expect(runDirListing([], ['a', 'b'], root, { dir: at('t1-x-a') })).toContain('# variant a: none finished\n# variant b: none finished\n');
    // Outside the root: the path as it is relative to it.
    expect(runDirListing([{ variant: undefined, dir: '/tmp/r' }], [undefined], root)).toContain('\n../../../tmp/r\n');
  });
});
