export { serveStage, runStage, type ServeStageOptions, type RunningStage, type StageDefinition } from './server.ts';
export type { StageContext, StageHandler, PhaseName } from './context.ts';
export { StageError, StageConfigError, StageRuntimeError, STAGE_CAUSES, type StageCause } from './errors.ts';
export { parseStageConfig, parseS3Connection, parseIntegerVar, parsePositiveNumberVar, parseEnumVar, type Env, type StageConfig, type S3Connection } from './config.ts';
export { expectRecord, expectString, expectS3Uri, expectNumber, optionalNumber, parseS3Uri, type JsonRecord } from './input.ts';
export { Artifacts, type ArtifactStore } from './artifacts.ts';
export { createS3Store } from './s3-store.ts';
export { runFfmpeg, runBinary, parseFfmpegTimeout, FFMPEG_PATH, FFPROBE_PATH } from './ffmpeg.ts';
export { probeMedia, probeImage, readProbeOutput, type MediaInfo, type ImageInfo } from './probe.ts';
export {
  TELEMETRY_FORMAT, TELEMETRY_SCHEMA, TelemetryFormatError, validateTelemetry, parseTelemetryLines,
  type TelemetryRecord, type TelemetryPhases,
} from './telemetry.ts';
export { fetchMedia, clipName, type FetchedMedia } from './media-input.ts';
export { createLimiter, LimiterOptionsError, type Limiter } from './limiter.ts';
