import { fakeStageDefinition, FAKE_STAGE_NAMES } from '../../stages/orchestrator/fake-stages.ts';
import { parseEnumVar, parseIntegerVar, runStage } from '../../stages/runtime/index.ts';

// One fake pipeline stage as a replica process of the embedded provider: the real stage
// runtime (telemetry, temp dirs, S3 artifacts) with the light handlers of
// stages/orchestrator/fake-stages.ts, so reliability studies run many pipelines on 2 cores.
//   FAKE_STAGE     which stage (ffmpeg-0 … object-detector)
//   FAKE_CLIPS     segments librosa reports (default 3)
//   FAKE_FRAMES    frames ffmpeg-3 samples per clip (default 4)
//   FAKE_DELAY_MS  extra time each call holds before answering (default 0)
// Bad values stop the replica at start-up with a line naming the variable.

try {
  const env = process.env;
  if (!env.FAKE_STAGE) throw new Error(`FAKE_STAGE is required (one of ${FAKE_STAGE_NAMES.join(', ')})`);
  const name = parseEnumVar(env, 'FAKE_STAGE', FAKE_STAGE_NAMES, 'ffmpeg-0');
  const shape = { clips: parseIntegerVar(env, 'FAKE_CLIPS', 3, 1), framesPerClip: parseIntegerVar(env, 'FAKE_FRAMES', 4, 1) };
  await runStage(fakeStageDefinition(name, shape, parseIntegerVar(env, 'FAKE_DELAY_MS', 0, 0)));
} catch (error) {
  process.stderr.write(`fake-stage: ${(error as Error).message}\n`);
  process.exit(1);
}
