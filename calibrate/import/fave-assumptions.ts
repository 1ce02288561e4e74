// What the FAVE CSV does not measure, set from documented assumptions. Every number here
// reaches the profile together with its reason, as a line in measured.notes.
import type { DistSpec } from '../../sim/dist/spec.ts';

export interface StageAssumption {
  /** Process init (module import before the first request): median seconds and log-sd. */
  init: { median: number; sigma: number; why: string };
  memoryMB: { base: number; perRequest: number; why: string };
}

/** Container start, same for every stage: all are Python images already pulled on the node. */
export const CONTAINER_START = { median: 1.5, sigma: 0.3 };

export const CONTAINER_START_NOTE =
  `containerStart (assumed, all stages): lognormal, median ${CONTAINER_START.median} s, sigma ${CONTAINER_START.sigma} ` +
  '(90% in 0.9-2.5 s): a pull-free Python container start (pod sandbox + container create + interpreter up to ' +
  'of-watchdog listening) on a single Docker Desktop Kubernetes node. The readiness-probe steps ' +
  '(faas-netes initial delay 2 s, period 2 s) are platform behaviour the simulator adds, not part of this.';

const FFMPEG_INIT = { median: 0.4, sigma: 0.3, why: 'Python handler importing subprocess + S3 client (boto3/minio) only; ffmpeg is a child process started per call' };
const FFMPEG_MEMORY = (perRequest: number, what: string) => ({
  base: 60,
  perRequest,
  why: `Python watchdog + handler ~60 MB; the ffmpeg child ~${perRequest} MB while it ${what}`,
});

export const STAGE_ASSUMPTIONS: Record<string, StageAssumption> = {
  'ffmpeg-0': { init: FFMPEG_INIT, memoryMB: FFMPEG_MEMORY(150, 'demuxes and resamples the full video') },
  librosa: {
    init: { median: 3.0, sigma: 0.3, why: 'import librosa pulls numpy, scipy, numba, soundfile, sklearn: several seconds of import in a fresh container' },
    memoryMB: { base: 250, perRequest: 100, why: 'librosa/numpy/scipy/numba resident ~250 MB; per call the decoded 16 kHz audio and its STFT frames, ~100 MB for minutes of audio' },
  },
  'ffmpeg-1': { init: FFMPEG_INIT, memoryMB: FFMPEG_MEMORY(100, 'cuts clips (stream copy)') },
  'ffmpeg-2': { init: FFMPEG_INIT, memoryMB: FFMPEG_MEMORY(150, 're-encodes a clip') },
  deepspeech: {
    init: { median: 0.4, sigma: 0.3, why: 'the original deepspeech stage was a dummy (CSV README): a light Python handler' },
    memoryMB: { base: 50, perRequest: 10, why: 'dummy stage: a bare Python handler' },
  },
  'ffmpeg-3': { init: FFMPEG_INIT, memoryMB: FFMPEG_MEMORY(100, 'samples frames') },
  'object-detector': {
    init: { median: 1.0, sigma: 0.3, why: 'numpy + an image/inference library import; the model load itself happens lazily and is in the measured first-call penalty' },
    memoryMB: { base: 300, perRequest: 50, why: 'inference runtime + detection model weights ~300 MB; one decoded frame and its tensors ~50 MB' },
  },
};

/** The node the original measurements ran on. */
export const NODE = { cores: 8, memoryMB: 8192 };

export const NODE_NOTE =
  `node (assumed): cores ${NODE.cores}, memoryMB ${NODE.memoryMB}. Docker Desktop's VM gets all host processors by ` +
  'default (its Resources setting) and half the host memory; the original ran on one developer laptop whose CPU ' +
  'count is not recorded, so 8 logical CPUs and 16 GB (a typical laptop) are assumed. 2 cores would be this ' +
  "machine's count, not the measuring node's. Change node.cores if the original host is known.";

export function lognormalAt(median: number, sigma: number): DistSpec {
  return { type: 'lognormal', mu: Math.log(median), sigma };
}
