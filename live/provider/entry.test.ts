import path from 'node:path';
import { describe, expect, it } from 'vitest';
import resolveEntry, { stageOfImage } from './entry.ts';
import { RequestError } from '../openfaas/errors.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('entry', () => {
  it.each([
    ['ffmpeg-0', 'ffmpeg-0'],
    ['ghcr.io/fave/ffmpeg-0:0.1.0', 'ffmpeg-0'],
    ['localhost:5000/fave/librosa@sha256:abc', 'librosa'],
  ])('stageOfImage(%s) is %s', (image, stage) => {
    expect(stageOfImage(image)).toBe(stage);
  });

  it('resolveEntry() prefers the com.fave.entry annotation', () => {
    const entry = resolveEntry(
      { service: 't', image: 'x', annotations: { 'com.fave.entry': 'live/testfn/index.ts' }, envVars: { fave_entry: 'nope.ts' } },
      root,
    );
    expect(entry.absolute).toBe(path.join(root, 'live/testfn/index.ts'));
  });

  it('resolveEntry() falls back to env fave_entry', () => {
    expect(resolveEntry({ service: 't', image: 'x', envVars: { fave_entry: 'live/testfn/index.ts' } }, root).relative).toBe(
      'live/testfn/index.ts',
    );
  });

  it('resolveEntry() refuses a missing stage with a 400 naming the file and the function', () => {
    const attempt = () => resolveEntry({ service: 'ghost', image: 'fave/no-such-stage:1' }, root);
    expect(attempt).toThrow(RequestError);
    expect(attempt).toThrow(/stages\/no-such-stage\/index\.ts for function ghost/);
  });

  it('resolveEntry() refuses a path outside the root', () => {
    expect(() => resolveEntry({ service: 't', image: 'x', envVars: { fave_entry: '../../etc/passwd' } }, root)).toThrow(
      /outside/,
    );
  });

  it.each([
    'live/cli.ts', // a CLI: it would run with the deploy's env
    'live/reliability/concurrent-study.ts',
    'stages/fixtures/cli.ts',
    'node_modules/tsx/dist/cli.mjs',
    'stages/ffmpeg-0/stage.ts', // a stage's module, not its entry
    'stages/../live/cli.ts',
  ])('resolveEntry() refuses %s: only stage entry points and FAVE test functions run', (entry) => {
    const attempt = () => resolveEntry({ service: 't', image: 'x', annotations: { 'com.fave.entry': entry } }, root);
    expect(attempt).toThrow(RequestError);
    expect(attempt).toThrow(/is not a stage's index\.ts/);
  });

  it('resolveEntry() accepts every stage, the test functions and the normalised spelling of one', () => {
    for (const entry of ['stages/ffmpeg-0/index.ts', 'stages/orchestrator/index.ts', 'live/testfn/runtime-stage.ts', 'live/reliability/fake-stage-main.ts', './stages/librosa/index.ts']) {
      expect(resolveEntry({ service: 't', image: 'x', annotations: { 'com.fave.entry': entry } }, root).relative).toBe(entry);
    }
  });
});
