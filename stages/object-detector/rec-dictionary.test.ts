import { describe, expect, it } from 'vitest';
import { labelsFromDictionary, loadLabels } from './rec-dictionary.ts';
import { cropRect } from './rec-preprocess.ts';

describe('recognition dictionary', () => {
  it('labelsFromDictionary puts the blank first and the space last, one label per line, CRLF or not', () => {
    expect(labelsFromDictionary('a\nb\n')).toEqual(['', 'a', 'b', ' ']);
    expect(labelsFromDictionary('a\r\nb')).toEqual(['', 'a', 'b', ' ']);
  });

  it('loadLabels gives the 6625 classes the shipped PP-OCRv4 rec model outputs', async () => {
    const labels = await loadLabels();
    expect(labels).toHaveLength(6625);
    expect(labels.slice(0, 2)).toEqual(['', "'"]);
    expect(labels).toContain('S');
  });

  it('loadLabels names a missing dictionary file', async () => {
    await expect(loadLabels('/nonexistent/keys.txt')).rejects.toThrow(/cannot read the recognition dictionary \/nonexistent\/keys\.txt/);
  });
});

describe('cropRect', () => {
  it('cropRect clamps a box to the image and refuses one wholly outside', () => {
    expect(cropRect({ x: -3.5, y: 2.2, w: 10, h: 5, score: 1 }, 100, 50)).toEqual({ x0: 0, y0: 2, w: 7, h: 6 });
    expect(cropRect({ x: 95, y: 45, w: 10, h: 10, score: 1 }, 100, 50)).toEqual({ x0: 95, y0: 45, w: 5, h: 5 });
    expect(cropRect({ x: 120, y: 0, w: 10, h: 10, score: 1 }, 100, 50)).toBeNull();
  });
});
