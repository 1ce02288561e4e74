import { describe, expect, it } from 'vitest';
import parsePocketsphinxOutput from './pocketsphinx-output.ts';

// Captured from pocketsphinx_continuous 0.8+5prealpha (Debian bookworm) on espeak-ng speech.
const SAMPLE = `
<s> 0.000 0.190 0.999900
</s> 0.200 0.960 1.000000
why do you
<s> 1.080 1.180 0.999900
why(2) 1.190 2.210 0.727794
<sil> 2.220 2.550 0.997403
do 2.560 2.920 0.952843
[NOISE] 2.921 2.925 0.5
you 2.930 3.060 0.993024
</s> 3.070 3.430 1.000000
i want
<s> 4.220 4.310 0.999800
i 4.320 4.470 0.959537
++UM++ 4.471 4.472 1.000100
want 4.530 4.820 0.315804
</s> 6.690 6.890 1.000000
`;

describe('parsePocketsphinxOutput', () => {
  it('parsePocketsphinxOutput keeps timed words and drops bounds, silences, fillers and empty utterances', () => {
    expect(parsePocketsphinxOutput(SAMPLE).map((w) => w.word)).toEqual(['why', 'do', 'you', 'i', 'want']);
  });

  it('parsePocketsphinxOutput reads times in seconds and clamps posteriors to [0, 1]', () => {
    const [why] = parsePocketsphinxOutput(SAMPLE);
    expect(why).toEqual({ word: 'why', start: 1.19, end: 2.21, confidence: 0.727794 });
    expect(parsePocketsphinxOutput('yes 0.1 0.2 1.000100\n')[0]!.confidence).toBe(1);
  });

  it('parsePocketsphinxOutput returns no words for empty output', () => {
    expect(parsePocketsphinxOutput('')).toEqual([]);
  });
});
