import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import encodePcm16Wav from './wav-writer.ts';
import makeSpeechWav from './speech.ts';
import { makeBlankImage, makeTextImage } from './image.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-mltestdata-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ml-testdata', () => {
  it('encodePcm16Wav writes a 44-byte PCM header followed by little-endian samples', () => {
    const wav = encodePcm16Wav(new Int16Array([1, -2, 32767]), 16000);
    expect(wav.length).toBe(44 + 6);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(16000);
    expect(wav.readInt16LE(46)).toBe(-2);
    expect(wav.readInt16LE(48)).toBe(32767);
  });

  it('makeSpeechWav places each sentence after the given silence, in order', async () => {
    const speech = await makeSpeechWav({ dir, sentences: ['Hello there.', 'Good morning.'], silenceS: 1 });
    expect(speech.layout).toHaveLength(2);
    expect(speech.layout[0]!.start).toBeCloseTo(1, 3);
    expect(speech.layout[1]!.start - speech.layout[0]!.end).toBeCloseTo(1, 3);
    expect(speech.durationS - speech.layout[1]!.end).toBeCloseTo(1, 3);
    const bytes = await readFile(speech.path);
    expect(bytes.length).toBe(44 + Math.round(speech.durationS * 16000) * 2);
  });

  it('makeTextImage draws ink near the centre and makeBlankImage draws none', async () => {
    const text = await makeTextImage({ dir, text: 'FAVE 42' });
    expect(text.inkBox).not.toBeNull();
    const box = text.inkBox!;
    expect(box.w).toBeGreaterThan(100);
    expect(Math.abs(box.x + box.w / 2 - text.width / 2)).toBeLessThan(20);
    const blank = await makeBlankImage({ dir });
    expect(blank.inkBox).toBeNull();
  });
});
