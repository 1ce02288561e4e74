import { describe, expect, it, beforeAll } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { StageError } from './errors.ts';
import { runFfmpeg } from './ffmpeg.ts';
import { probeMedia, readProbeOutput } from './probe.ts';

let fx: FixtureManifest;
beforeAll(async () => {
  fx = await ensureFixtures();
});

async function cause(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof StageError ? err.stageCause : `not a StageError: ${String(err)}`;
  }
  return 'no error';
}

describe('probeMedia', () => {
  it('probeMedia reads duration and both streams of the speech fixture', async () => {
    const info = await probeMedia(fx.speech, { timeoutMs: 30_000 });
    expect(info.durationSeconds).toBeGreaterThan(29);
    expect(info.durationSeconds).toBeLessThan(31);
    expect(info.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    expect(info.audio).toMatchObject({ codec: 'aac', channels: 1 });
  });

  it('probeMedia reports no audio for the silent fixture', async () => {
    const info = await probeMedia(fx.noAudio, { timeoutMs: 30_000 });
    expect(info.audio).toBeNull();
    expect(info.video).not.toBeNull();
  });

  it('probeMedia calls empty and garbage files corrupt-media', async () => {
    expect(await cause(probeMedia(fx.empty, { timeoutMs: 30_000 }))).toBe('corrupt-media');
    expect(await cause(probeMedia(fx.corrupt, { timeoutMs: 30_000 }))).toBe('corrupt-media');
  });

  it('readProbeOutput rejects output without streams or duration', () => {
    expect(() => readProbeOutput('{"streams":[],"format":{}}', 10, 'x')).toThrow(/no audio or video stream/);
    expect(() => readProbeOutput('{"streams":[{"codec_type":"audio"}],"format":{"duration":"0"}}', 10, 'x')).toThrow(/positive duration/);
  });
});

describe('runFfmpeg', () => {
  it('runFfmpeg kills a process that outlives its timeout and says so', async () => {
    // An endless source written nowhere: only the timeout can end it.
    const run = runFfmpeg(['-re', '-f', 'lavfi', '-i', 'anullsrc', '-f', 'null', '-'], { timeoutMs: 300 });
    await expect(run).rejects.toThrow(/did not finish within 300 ms and was killed/);
    expect(await cause(runFfmpeg(['-re', '-f', 'lavfi', '-i', 'anullsrc', '-f', 'null', '-'], { timeoutMs: 300 }))).toBe('timeout');
  });

  it('runFfmpeg reports a failing command as internal with the stderr tail', async () => {
    await expect(runFfmpeg(['-i', '/nonexistent/file.mp4', '-f', 'null', '-'], { timeoutMs: 30_000 })).rejects.toThrow(/No such file/);
  });
});
