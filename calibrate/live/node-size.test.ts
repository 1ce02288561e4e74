import { describe, expect, it } from 'vitest';
import { profileNode } from './node-size.ts';

const here = { cores: 2, memoryMB: 24000 };

describe('profileNode', () => {
  it('records this machine for the embedded platform, without a warning', () => {
    expect(profileNode(true, undefined, here)).toEqual({ node: here, guessed: false, note: 'node: 2 cores, 24000 MB (this machine, where the embedded platform ran).' });
  });

  it('records a cluster\'s node as given', () => {
    expect(profileNode(false, { cores: 8, memoryMB: 32768 }, here)).toMatchObject({ node: { cores: 8, memoryMB: 32768 }, guessed: false });
  });

  it('says so when a cluster\'s node size is this machine\'s, wholly or in part', () => {
    expect(profileNode(false, undefined, here)).toMatchObject({ node: here, guessed: true, note: expect.stringMatching(/not the cluster's .*--cores and --memory-mb/) });
    expect(profileNode(false, { cores: 8 }, here)).toMatchObject({ node: { cores: 8, memoryMB: 24000 }, guessed: true });
  });
});
