import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpuLedger } from './cpu-ledger.ts';
import type { CpuSnapshot } from './resources.ts';

/** A ledger over a CPU clock the test moves by hand. */
function ledgerAt(): { ledger: CpuLedger; use: (seconds: number) => void } {
  let used = 0;
  const snapshot = (): CpuSnapshot => ({ self: used, children: 0 });
  return { ledger: new CpuLedger(snapshot), use: (seconds) => (used += seconds) };
}

describe('CpuLedger', () => {
  it('CpuLedger gives a call alone all the CPU used while it ran, and none from before or after', () => {
    const { ledger, use } = ledgerAt();
    use(5); // before any call
    const a = ledger.open();
    use(2);
    expect(ledger.close(a)).toBe(2);
    use(3); // after
    const b = ledger.open();
    expect(ledger.close(b)).toBe(0);
  });

  it('CpuLedger splits what overlapping calls used equally between them', () => {
    const { ledger, use } = ledgerAt();
    const a = ledger.open();
    use(1); // a alone
    const b = ledger.open();
    use(4); // a and b: 2 each
    expect(ledger.close(a)).toBe(3);
    use(1); // b alone
    expect(ledger.close(b)).toBe(3);
  });

  it('CpuLedger hands out exactly what the process used while any call ran', () => {
    // Random interleavings of starts, ends and CPU use: the shares add up to the busy CPU.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('open', 'close', 'use'), fc.integer({ min: 0, max: 1000 })), { maxLength: 60 }), (steps) => {
        const { ledger, use } = ledgerAt();
        const open: ReturnType<CpuLedger['open']>[] = [];
        let busy = 0;
        let handed = 0;
        for (const [step, n] of steps) {
          if (step === 'open') open.push(ledger.open());
          else if (step === 'close' && open.length > 0) handed += ledger.close(open.splice(n % open.length, 1)[0]!);
          else if (step === 'use') {
            use(n / 100);
            if (open.length > 0) busy += n / 100;
          }
        }
        for (const share of open.splice(0)) handed += ledger.close(share);
        expect(handed).toBeCloseTo(busy, 6);
      }),
    );
  });
});
