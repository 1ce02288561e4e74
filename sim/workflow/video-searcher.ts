// The VideoSearcher pipeline (docs/design.md) as a workflow: the definition the `pipeline`
// target and `pipeline: {...}` scenario block stand for. workflows/video-searcher.asl.json
// is the same machine for people and tools to read; a test holds the two equal. It lives
// here as well because the simulator's model does no I/O and sim/ imports nothing outside
// itself, yet every pipeline scenario, built in code or read from a file, needs it.
import type { AslMachine, AslRetrier } from './asl.ts';

/** Clips per video and frames per clip: the names of its two Maps, which the scenario's
 * `pipeline.clipsPerVideo` / `framesPerClip` (or the profile's fan-out) count. */
export const CLIPS = 'Clips';
export const FRAMES = 'Frames';

/** The machine; `retries` > 0 adds the pipeline's immediate retry of any failed call
 * (`pipeline.stageRetries`) to every Task, as the orchestrator does it: no wait between. */
export function videoSearcher(retries = 0): AslMachine {
  const retry: { Retry?: AslRetrier[] } = retries > 0 ? { Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: retries, IntervalSeconds: 0, BackoffRate: 1 }] } : {};
  const task = (fn: string, next: string | null) => ({ Type: 'Task' as const, Resource: fn, ...retry, ...(next ? { Next: next } : { End: true as const }) });
  return {
    Comment: 'VideoSearcher: split a video, find speech, cut a clip per segment; per clip compress, transcribe and sample frames; per frame detect objects.',
    StartAt: 'Split',
    States: {
      Split: task('ffmpeg-0', 'FindSpeech'),
      FindSpeech: task('librosa', 'CutClips'),
      CutClips: task('ffmpeg-1', CLIPS),
      [CLIPS]: {
        Type: 'Map',
        ItemsPath: '$.clips',
        ItemProcessor: {
          StartAt: 'Compress',
          States: {
            Compress: task('ffmpeg-2', 'Transcribe'),
            Transcribe: task('deepspeech', 'SampleFrames'),
            SampleFrames: task('ffmpeg-3', FRAMES),
            [FRAMES]: {
              Type: 'Map',
              ItemsPath: '$.frames',
              ItemProcessor: { StartAt: 'DetectObjects', States: { DetectObjects: task('object-detector', null) } },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
}
