// The compiled plan: state and function order, joins, retriers and catchers as arrays,
// Map depths, and the successor DAG the pre-warm policies will read.
import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile.ts';
import { ERROR_MASKS } from './error-names.ts';
import { loadWorkflowFile } from './parse.ts';
import { MAP, PARALLEL, SUCCEED, TASK } from './plan.ts';
import { videoSearcher } from './video-searcher.ts';

const IMAGE = new URL('../../workflows/image-pipeline.asl.json', import.meta.url).pathname;

describe('compileWorkflow', () => {
  it('compileWorkflow numbers VideoSearcher in call order, its Clips Map drawn per run and its Frames Map per clip', () => {
    const p = compileWorkflow(videoSearcher());
    expect(p.functions).toEqual(['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector']);
    expect(p.names).toEqual(['Split', 'FindSpeech', 'CutClips', 'Clips', 'Compress', 'Transcribe', 'SampleFrames', 'Frames', 'DetectObjects']);
    expect(p.maps.map((m) => [m.name, m.depth, m.topSlot])).toEqual([
      ['Clips', 0, 0],
      ['Frames', 1, -1],
    ]);
    expect(p.topMaps).toBe(1);
    expect([...p.next]).toEqual([1, 2, 3, -1, 5, 6, 7, -1, -1]);
    // ffmpeg-3 is followed by object-detector, or (no frames) by the next clip's ffmpeg-2.
    expect(p.successors[5]).toEqual([3, 6]);
    expect(p.maxRetriers).toBe(0);
    expect(compileWorkflow(videoSearcher(2)).retryMax[0]).toBe(2);
  });

  it('compileWorkflow keeps the image workflow\'s join, retriers and catcher as indices and masks', () => {
    const p = compileWorkflow(loadWorkflowFile(IMAGE));
    const id = (name: string) => p.names.indexOf(name);
    expect(p.kind[id('Derive')]).toBe(PARALLEL);
    expect([...p.children.subarray(p.childFrom[id('Derive')]!, p.childTo[id('Derive')]!)]).toEqual([id('Thumbnail'), id('Classify')]);
    expect(p.kind[id('Tiles')]).toBe(MAP);
    expect(p.maps[p.map[id('Tiles')]!]).toMatchObject({ name: 'Tiles', depth: 0, concurrency: 4 });
    const resize = id('Resize');
    expect(p.kind[resize]).toBe(TASK);
    expect(p.timeout[resize]).toBe(30);
    const r = p.retryFrom[resize]!;
    expect([p.retryMask[r], p.retryMax[r], p.retryInterval[r], p.retryBackoff[r]]).toEqual([ERROR_MASKS.get('FAVE.429')! | ERROR_MASKS.get('FAVE.503')!, 3, 1, 2]);
    const thumb = id('Thumbnail');
    expect(p.catchTo[thumb]! - p.catchFrom[thumb]!).toBe(1);
    expect(p.catchNext[p.catchFrom[thumb]!]).toBe(id('NoThumbnail'));
    expect(p.kind[id('NoThumbnail')]).toBe(SUCCEED);
    // classify appears twice (the branch and each tile) and is one function.
    expect(p.functions).toEqual(['resize', 'thumbnail', 'classify']);
    expect(p.fn[id('Classify')]).toBe(p.fn[id('ClassifyTile')]);
    // resize -> thumbnail and classify at once; thumbnail -> a tile's classify.
    expect(p.successors).toEqual([[1, 2], [2], [2]]);
  });
});
