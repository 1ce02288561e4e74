import { describe, expect, it } from 'vitest';
import { boxesField, standInField } from './answers.ts';
import type { StageCallResult } from './gateway-client.ts';

const answer = (body: Record<string, unknown>): StageCallResult =>
  ({ stage: 'deepspeech', callKey: 'deepspeech/clip-000', httpStatus: 200, latencyMs: 1, attempts: 1, callId: null, body }) as unknown as StageCallResult;

describe('standInField', () => {
  it('standInField takes a note or null, and reads a stage that sends none as null', () => {
    expect(standInField(answer({ standIn: 'PocketSphinx stands in for DeepSpeech' }))).toBe('PocketSphinx stands in for DeepSpeech');
    expect(standInField(answer({ standIn: null }))).toBeNull();
    expect(standInField(answer({}))).toBeNull();
  });

  it('standInField refuses a boolean or an empty note, naming the call and the field', () => {
    // A boolean was how a note came to be reported as "not a stand-in": the contract now says which.
    expect(() => standInField(answer({ standIn: true }))).toThrow(/answer field "standIn" must be null or a note saying what stands in, got true/);
    expect(() => standInField(answer({ standIn: ' ' }))).toThrow(/"standIn"/);
  });
});

describe('boxesField', () => {
  it('boxesField keeps each box\'s geometry, text and confidence and refuses a box without text', () => {
    const box = { x: 1, y: 2, w: 3, h: 4, score: 0.9, text: 'SERVERLESS', confidence: 0.99, extra: 1 };
    expect(boxesField(answer({ boxes: [box] }))).toEqual([{ x: 1, y: 2, w: 3, h: 4, score: 0.9, text: 'SERVERLESS', confidence: 0.99 }]);
    expect(() => boxesField(answer({ boxes: [{ ...box, text: undefined }] }))).toThrow(/answer field "boxes\[0\]" must be \{x, y, w, h, score, text, confidence\}/);
  });
});
