/**
 * ffmpeg arguments for the 16 kHz mono PCM wav every speech stage consumes. Without an
 * audio track the wav is silence of the media's duration, so downstream stages always get
 * a file of the right length instead of a special case (the original crashed here).
 */
export const WAV_SAMPLE_RATE = 16_000;

/** Extra inputs to append after the media input when a silent source is needed. */
export function silentSourceInput(hasAudio: boolean): string[] {
  return hasAudio ? [] : ['-f', 'lavfi', '-i', `anullsrc=r=${WAV_SAMPLE_RATE}:cl=mono`];
}

/**
 * Output arguments for the wav. `silentInputIndex` is the ffmpeg input index of the
 * anullsrc added by silentSourceInput (1 when the media is input 0).
 */
export function wavOutputArgs(hasAudio: boolean, durationSeconds: number, path: string, silentInputIndex = 1): string[] {
  const source = hasAudio ? ['-map', '0:a:0'] : ['-map', `${silentInputIndex}:a:0`];
  return [...source, '-vn', '-ac', '1', '-ar', String(WAV_SAMPLE_RATE), '-c:a', 'pcm_s16le', '-t', durationSeconds.toFixed(3), path];
}
