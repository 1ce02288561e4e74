/**
 * A port of librosa.effects.split (librosa 0.10, `ref=np.max`, `aggregate=np.max`):
 *
 *   rms   = librosa.feature.rms(y, frame_length, hop_length, center=True, pad_mode='constant')
 *   db    = librosa.amplitude_to_db(rms, ref=np.max, top_db=None)   # amin 1e-5
 *   edges = frames where (db > -top_db) switches, as frame indices × hop_length, ≤ len(y)
 *
 * RMS is computed here rather than with meyda: meyda's `rms` is the same formula
 * (sqrt of the mean square) but frames its own buffers, while librosa centres every frame by
 * padding frame_length/2 zeros on both sides, and the frame grid decides the edges.
 */

export interface SplitOptions {
  /** Threshold in dB below the loudest frame; librosa's default 60. */
  topDb?: number;
  /** librosa defaults: 2048 and 512 samples. */
  frameLength?: number;
  hopLength?: number;
}

export const SPLIT_DEFAULTS = { topDb: 60, frameLength: 2048, hopLength: 512 } as const;

// amplitude_to_db squares the magnitude and passes amin**2 = (1e-5)**2 to power_to_db.
const POWER_AMIN = 1e-10;

/** librosa.feature.rms with center=True and zero padding: one value per hop, 1 + ⌊n/hop⌋ frames for even frame lengths. */
export function frameRms(y: Float32Array, frameLength: number, hopLength: number): Float64Array {
  const pad = Math.floor(frameLength / 2);
  const paddedLength = y.length + 2 * pad;
  if (paddedLength < frameLength) return new Float64Array(0);
  const frames = 1 + Math.floor((paddedLength - frameLength) / hopLength);
  // Prefix sums of squares over the padded signal make each frame O(1).
  const prefix = new Float64Array(paddedLength + 1);
  for (let i = 0; i < paddedLength; i++) {
    const j = i - pad;
    const v = j >= 0 && j < y.length ? y[j]! : 0;
    prefix[i + 1] = prefix[i]! + v * v;
  }
  const rms = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    const start = f * hopLength;
    rms[f] = Math.sqrt(Math.max(0, prefix[start + frameLength]! - prefix[start]!) / frameLength);
  }
  return rms;
}

/** Per frame: is it louder than `topDb` below the loudest frame? (librosa's _signal_to_frame_nonsilent) */
export function nonSilentFrames(y: Float32Array, opts: SplitOptions = {}): boolean[] {
  const { topDb, frameLength, hopLength } = { ...SPLIT_DEFAULTS, ...opts };
  const rms = frameRms(y, frameLength, hopLength);
  let ref = 0;
  for (const v of rms) if (v > ref) ref = v;
  const refDb = 10 * Math.log10(Math.max(POWER_AMIN, ref * ref));
  return Array.from(rms, (v) => 10 * Math.log10(Math.max(POWER_AMIN, v * v)) - refDb > -topDb);
}

/**
 * librosa.effects.split: [start, end) sample intervals of non-silence. Like librosa, an
 * all-zero signal counts as entirely non-silent (every frame is 0 dB below its own max).
 */
export default function energySplit(y: Float32Array, opts: SplitOptions = {}): Array<[number, number]> {
  const { hopLength } = { ...SPLIT_DEFAULTS, ...opts };
  const loud = nonSilentFrames(y, opts);
  if (loud.length === 0) return [];
  const edges: number[] = [];
  if (loud[0]) edges.push(0);
  for (let i = 1; i < loud.length; i++) if (loud[i] !== loud[i - 1]) edges.push(i);
  if (loud[loud.length - 1]) edges.push(loud.length);
  const intervals: Array<[number, number]> = [];
  for (let i = 0; i + 1 < edges.length; i += 2) {
    intervals.push([Math.min(edges[i]! * hopLength, y.length), Math.min(edges[i + 1]! * hopLength, y.length)]);
  }
  return intervals;
}
