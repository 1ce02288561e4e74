// The runtime every stage needs. The media tools (ffmpeg.ts, probe.ts, media-input.ts) are
// imported from their own modules, not from here: each brings a ~70 MB binary from npm, and a
// stage's image installs only the packages its entry reaches (docs/images.md).
export { serveStage, runStage, type ServeStageOptions, type RunningStage, type StageDefinition } from './server.ts';
export type { StageContext, StageHandler, PhaseName } from './context.ts';
export { StageError, StageConfigError, StageRuntimeError, STAGE_CAUSES, type StageCause } from './errors.ts';
export { parseStageConfig, parseS3Connection, parseIntegerVar, parsePositiveNumberVar, parseEnumVar, type Env, type StageConfig, type S3Connection } from './config.ts';
export { expectRecord, expectString, expectS3Uri, expectNumber, optionalNumber, parseS3Uri, type JsonRecord } from './input.ts';
export { Artifacts, type ArtifactStore } from './artifacts.ts';
export { createS3Store } from './s3-store.ts';
export {
  TELEMETRY_FORMAT, TELEMETRY_SCHEMA, TelemetryFormatError, validateTelemetry, parseTelemetryLines,
  type TelemetryRecord, type TelemetryPhases,
} from './telemetry.ts';
export { createLimiter, LimiterOptionsError, type Limiter } from './limiter.ts';
