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
