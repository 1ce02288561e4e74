import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import parseHypsegLine from './hypseg.ts';

// A real line from pocketsphinx_batch 5prealpha on espeak-ng speech.
const LINE =
  'u7-0 S 0 T -11389783 A -9815040 L -1574743 0 -101376 0 <s> 9 -431104 -160 i 20 -376832 -524288 <sil> 30 -1095680 -390 will(2) 53 -1680384 -524288 <sil> 97 -849920 -404 go 120 -1124352 -353 [NOISE] 151 -530432 -524288 <sil> 174 -1812480 -404 home 222 -1812480 -168 </s> 234';

describe('parseHypsegLine', () => {
  it('parseHypsegLine times each word from its start frame to the next segment, dropping fillers and folding alternates', () => {
    expect(parseHypsegLine(LINE)).toEqual({
      id: 'u7-0',
      words: [
        { word: 'i', start: 0.09, end: 0.2 },
        { word: 'will', start: 0.3, end: 0.53 },
        { word: 'go', start: 0.97, end: 1.2 },
        { word: 'home', start: 1.74, end: 2.22 },
      ],
    });
  });

  it('parseHypsegLine reads an utterance with no hypothesis as no words', () => {
    expect(parseHypsegLine('u2-0 S 0 T 0 A 0 L 0 372')).toEqual({ id: 'u2-0', words: [] });
  });

  it('parseHypsegLine returns null for log lines and truncated segments', () => {
    expect(parseHypsegLine('INFO: batch.c(778): TOTAL 2.56 seconds speech')).toBeNull();
    expect(parseHypsegLine('u1 S 0 T -1 A -1 L 0 0 -5 0 <s>')).toBeNull(); // no end frame
    expect(parseHypsegLine('u1 S 0 T -1 A -1 L 0 x -5 0 <s> 9')).toBeNull();
  });

  it('parseHypsegLine never throws and gives ordered, non-negative words', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.oneof(fc.nat(500).map(String), fc.constantFrom('S', 'T', 'A', 'L', 'go', '<sil>', '-3'))).map((t) => `u1 S 0 T 0 A 0 L 0 ${t.join(' ')}`)), (line) => {
        const u = parseHypsegLine(line);
        for (const w of u?.words ?? []) {
          expect(w.start).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(w.end)).toBe(true);
        }
      }),
    );
  });
});
