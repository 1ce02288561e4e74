// What the FAVE CSV does not measure about starting a replica, set from documented
// assumptions (node size and memory are in fave-memory.ts). Every number here reaches the
// profile together with its reason, as a line in measured.notes.
import type { DistSpec } from '../../sim/dist/spec.ts';

/** Process init (module import before the first request): median seconds, log-sd, reason. */
export interface InitAssumption {
  median: number;
  sigma: number;
  why: string;
}

/** Container start, same for every stage: all are Python images already pulled on the node. */
export const CONTAINER_START = { median: 1.5, sigma: 0.3 };

export const CONTAINER_START_NOTE =
  `containerStart (assumed, all stages): lognormal, median ${CONTAINER_START.median} s, sigma ${CONTAINER_START.sigma} ` +
  '(90% in 0.9-2.5 s): a pull-free Python container start (pod sandbox + container create + interpreter up to ' +
  'of-watchdog listening) on a single Docker Desktop Kubernetes node. The readiness-probe steps ' +
  '(faas-netes initial delay 2 s, period 2 s) are platform behaviour the simulator adds, not part of this.';

const FFMPEG_INIT: InitAssumption = { median: 0.4, sigma: 0.3, why: 'Python handler importing subprocess + S3 client (boto3) only; ffmpeg is a child process started per call' };

export const STAGE_INIT: Record<string, InitAssumption> = {
  'ffmpeg-0': FFMPEG_INIT,
  librosa: { median: 3.0, sigma: 0.3, why: 'import librosa pulls numpy, scipy, numba, soundfile, sklearn: several seconds of import in a fresh container' },
  'ffmpeg-1': FFMPEG_INIT,
  'ffmpeg-2': FFMPEG_INIT,
  deepspeech: { median: 0.4, sigma: 0.3, why: 'the original deepspeech stage was a dummy (CSV README): a light Python handler' },
  'ffmpeg-3': FFMPEG_INIT,
  'object-detector': { median: 1.0, sigma: 0.3, why: 'numpy + OpenCV + onnxruntime import and the inference session created at process start' },
};

export function lognormalAt(median: number, sigma: number): DistSpec {
  return { type: 'lognormal', mu: Math.log(median), sigma };
}

/**
 * The orchestrator's state.json round trip after each stage call (a GET, then a PUT of a small
 * JSON object to the MinIO on the same node), in seconds: the simulator's defaults for a
 * same-region object store. The simulator models the writes itself (overheads.s3Get and
 * s3Put), so they come off the measured time outside the handlers, which holds them.
 */
export const STATE_ROUND_TRIP = { get: 0.02, put: 0.03 };
export const STATE_ROUND_TRIP_NOTE =
  `overheads.s3Get ${STATE_ROUND_TRIP.get} s and s3Put ${STATE_ROUND_TRIP.put} s (assumed): a GET and a PUT of a small JSON object ` +
  'to a MinIO on the same node, the simulator\'s defaults; the orchestrator overhead per stage call is taken net of them, since the ' +
  'time outside the handlers it is measured from includes the state.json write after every call.';
