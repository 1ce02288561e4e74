import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import encodePcm16Wav from '../ml-testdata/wav-writer.ts';
import { WavFormatError } from './errors.ts';
import { parseWav, readWav } from './wav.ts';

/** A wav header with chosen format fields, then `data` bytes. */
function wavWith(fields: { format?: number; channels?: number; rate?: number; bits?: number }, data: Buffer, extraChunk?: Buffer): Buffer {
  const { format = 1, channels = 1, rate = 16000, bits = 16 } = fields;
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(format, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE((rate * channels * bits) / 8, 16);
  fmt.writeUInt16LE((channels * bits) / 8, 20);
  fmt.writeUInt16LE(bits, 22);
  const head = Buffer.alloc(8);
  head.write('data', 0, 'ascii');
  head.writeUInt32LE(data.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), fmt, extraChunk ?? Buffer.alloc(0), head, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

const int16 = (...v: number[]): Buffer => Buffer.from(new Int16Array(v).buffer);

describe('parseWav', () => {
  it('parseWav reads mono PCM16 scaled by 1/32768', () => {
    const { sampleRate, samples } = parseWav(encodePcm16Wav(new Int16Array([0, 16384, -32768]), 16000));
    expect(sampleRate).toBe(16000);
    expect(Array.from(samples)).toEqual([0, 0.5, -1]);
  });

  it('parseWav averages channels the way librosa.load(mono=True) does', () => {
    const { samples, channels } = parseWav(wavWith({ channels: 2 }, int16(16384, 0, -16384, -16384)));
    expect(Array.from(samples)).toEqual([0.25, -0.5]);
    expect(channels).toBe(2);
  });

  it('parseWav skips unknown chunks (odd-sized ones padded) before data', () => {
    const list = Buffer.concat([Buffer.from('LIST', 'ascii'), Buffer.from([3, 0, 0, 0]), Buffer.from([1, 2, 3, 0])]);
    const { samples } = parseWav(wavWith({}, int16(8192), list));
    expect(Array.from(samples)).toEqual([0.25]);
  });

  it('parseWav clamps a data size past the end of the file, as ffmpeg writes when streaming', () => {
    const wav = encodePcm16Wav(new Int16Array([1, 2, 3]), 16000);
    wav.writeUInt32LE(0xffffffff, 40);
    expect(parseWav(wav).samples.length).toBe(3);
  });

  it.each([
    ['a text file', Buffer.from('hello, this is not audio at all'), /no RIFF header/],
    ['a RIFF that is not WAVE', Buffer.from('RIFF\x04\x00\x00\x00AVI ', 'latin1'), /not WAVE/],
    ['8-bit PCM', wavWith({ bits: 8 }, Buffer.from([1, 2])), /8 bits per sample/],
    ['IEEE float', wavWith({ format: 3, bits: 32 }, Buffer.alloc(8)), /format tag 3/],
    ['a truncated header', Buffer.from('RIFF'), /only 4 bytes/],
  ])('parseWav rejects %s with a WavFormatError naming the reason', (_name, bytes, reason) => {
    expect(() => parseWav(bytes, 'in.wav')).toThrow(WavFormatError);
    expect(() => parseWav(bytes, 'in.wav')).toThrow(reason);
  });
});

describe('readWav', () => {
  it('readWav reports a missing file as a WavFormatError with its path', async () => {
    await expect(readWav('/nonexistent/fave.wav')).rejects.toThrow(/\/nonexistent\/fave\.wav: .*ENOENT/);
  });

  it('readWav reads what encodePcm16Wav wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fave-wav-'));
    try {
      await writeFile(join(dir, 'a.wav'), encodePcm16Wav(new Int16Array([-16384]), 8000));
      const audio = await readWav(join(dir, 'a.wav'));
      expect(audio).toEqual({ sampleRate: 8000, channels: 1, samples: new Float32Array([-0.5]) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
