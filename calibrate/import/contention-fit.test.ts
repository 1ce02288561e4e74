import { describe, expect, it } from 'vitest';
import { fitPoint, predictSeconds, score, slowdownAt, type OverlappedCall } from './contention-fit.ts';
import { perCallOverhead } from './orchestrator-overhead.ts';

const call = (seconds: number, o: Partial<OverlappedCall> = {}): OverlappedCall => ({ stage: 'x', seconds, primed: false, sameStage: 1, inFlight: 1, ...o });

describe('contention fit', () => {
  it('slowdownAt() is 1 at one call, linear to the points, flat past the last, as the simulator tabulates it', () => {
    const curve = [{ concurrency: 5, slowdown: 9 }];
    expect(slowdownAt(curve, 1)).toBe(1);
    expect(slowdownAt(curve, 3)).toBe(5);
    expect(slowdownAt(curve, 5)).toBe(9);
    expect(slowdownAt(curve, 20)).toBe(9);
    expect(slowdownAt([], 7)).toBe(1);
  });

  it('fitPoint() takes the first-call penalty off a primed burst and divides by the warm time', () => {
    // 5 calls in lock-step on a fresh process: P = 2, w = 1, each took 2 + 1 x 4 = 6 s.
    const burst = [6, 6.1, 5.9, 6, 6].map((s) => call(s, { primed: true, sameStage: 5, inFlight: 5 }));
    const p = fitPoint(burst, { warm: 1, firstCall: 2 }, 8);
    expect(p).toMatchObject({ concurrency: 5, slowdown: 4, n: 5, observed: 6 });
    expect(predictSeconds({ warm: 1, firstCall: 2 }, [p], burst[0]!, 8)).toBe(6);
    // Beyond the node's cores, processor sharing takes its share first.
    const crowded = [call(12, { sameStage: 5, inFlight: 16 })];
    expect(fitPoint(crowded, { warm: 1, firstCall: 2 }, 8).slowdown).toBe(6);
    // Faster than alone says nothing about contention: clipped at 1, the raw value kept.
    expect(fitPoint([call(0.5, { sameStage: 3, inFlight: 3 })], { warm: 1, firstCall: 0 }, 8)).toMatchObject({ slowdown: 1, raw: 0.5 });
  });

  it('predictSeconds() adds the penalty only to primed calls and shares the node past its cores', () => {
    const m = { warm: 2, firstCall: 3 };
    const curve = [{ concurrency: 3, slowdown: 2 }];
    expect(predictSeconds(m, curve, call(0, { sameStage: 2 }), 8)).toBe(3); // 2 x 1.5
    expect(predictSeconds(m, curve, call(0, { primed: true }), 8)).toBe(5);
    expect(predictSeconds(m, curve, call(0, { inFlight: 16 }), 8)).toBe(4);
  });

  it('score() gives the median ratio and the rms log error', () => {
    const s = score([{ observed: 2, predicted: 1 }, { observed: 1, predicted: 2 }, { observed: 1, predicted: 1 }]);
    expect(s.n).toBe(3);
    expect(s.medianRatio).toBe(1);
    expect(s.rmsLog).toBeCloseTo(Math.sqrt((2 * Math.log(2) ** 2) / 3), 12);
    expect(score([]).n).toBe(0);
  });

  it('perCallOverhead() shares a request\'s time outside its handlers over its gateway calls', () => {
    expect(perCallOverhead({ duration: 8.846, stageSeconds: 7.135, calls: 7 })).toBeCloseTo(0.2444, 4);
    expect(perCallOverhead({ duration: 1, stageSeconds: 2, calls: 2 })).toBe(0);
    expect(perCallOverhead({ duration: 1, stageSeconds: 0, calls: 0 })).toBeNull();
  });
});
