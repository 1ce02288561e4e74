import { readFile } from 'node:fs/promises';
import { WavFormatError } from './errors.ts';

export interface PcmAudio {
  sampleRate: number;
  /** Channels in the file, before the mono mixdown. */
  channels: number;
  /** Mono samples in [-1, 1): channels averaged, as librosa.load(mono=True) does. */
  samples: Float32Array;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Parse a RIFF/WAVE file holding 16-bit integer PCM. Chunks other than `fmt ` and `data`
 * are skipped (ffmpeg writes LIST). A data size of 0xFFFFFFFF or one past the end of the
 * file (what ffmpeg writes when it cannot seek back) is clamped to the bytes present.
 */
export function parseWav(bytes: Buffer, source = 'wav'): PcmAudio {
  const fail = (reason: string): never => {
    throw new WavFormatError(source, reason);
  };
  if (bytes.length < 12) fail(`only ${bytes.length} bytes`);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF') fail('no RIFF header');
  if (bytes.toString('ascii', 8, 12) !== 'WAVE') fail('RIFF type is not WAVE');
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) fail(`fmt chunk of ${size} bytes`);
      let format = bytes.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format tag at the start of the SubFormat GUID.
      if (format === WAVE_FORMAT_EXTENSIBLE && size >= 40) format = bytes.readUInt16LE(body + 24);
      fmt = { format, channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) fail('data chunk before fmt chunk');
      const f = fmt!;
      if (f.format !== WAVE_FORMAT_PCM) fail(`format tag ${f.format}, expected 1 (integer PCM)`);
      if (f.bits !== 16) fail(`${f.bits} bits per sample, expected 16`);
      if (f.channels < 1) fail('0 channels');
      if (f.sampleRate < 1) fail('sample rate 0');
      const end = Math.min(bytes.length, body + size);
      const frames = Math.floor((end - body) / (2 * f.channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < f.channels; c++) sum += bytes.readInt16LE(body + 2 * (i * f.channels + c));
        samples[i] = sum / f.channels / 32768; // librosa/soundfile scale PCM16 by 1/32768
      }
      return { sampleRate: f.sampleRate, channels: f.channels, samples };
    }
    at = body + size + (size % 2); // chunks are padded to even length
  }
  return fail(fmt ? 'no data chunk' : 'no fmt chunk');
}

/** Read and parse a wav file; a missing file is a WavFormatError naming the path. */
export async function readWav(path: string): Promise<PcmAudio> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new WavFormatError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseWav(bytes, path);
}
