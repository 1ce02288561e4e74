import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { createDistribution } from '../dist/registry.ts';
import { referenceData } from '../test/reference-data.ts';
import { parseAzure2019 } from './azure2019.ts';
import { parseAzure2021 } from './azure2021.ts';
import { fromPercentiles, TraceError } from './trace-data.ts';
import { traceArrivals } from './trace-arrivals.ts';

const file = (name: string) => ({ text: readFileSync(referenceData(name), 'utf8'), file: name });
const azure100 = (opts = {}) =>
  parseAzure2019({ invocations: file('azure2019/100_inv.csv'), durations: file('azure2019/100_run.csv'), memory: file('azure2019/100_mem.csv') }, opts);

function drain(src: { next(): number; fn: number }) {
  const out: { t: number; fn: number }[] = [];
  for (let t = src.next(); t !== Infinity; t = src.next()) out.push({ t, fn: src.fn });
  return out;
}

describe('fromPercentiles', () => {
  it('fromPercentiles gives a distribution through the given percentiles', () => {
    const d = createDistribution(fromPercentiles([{ p: 0, value: 1 }, { p: 0.5, value: 2 }, { p: 0.99, value: 10 }, { p: 1, value: 11 }]));
    expect(d.quantile(0.5)).toBeCloseTo(2, 9);
    expect(d.quantile(0.25)).toBeCloseTo(1.5, 9);
    expect(d.quantile(0.99)).toBeCloseTo(10, 9);
  });

  it('fromPercentiles of equal values is a constant', () => {
    expect(fromPercentiles([{ p: 0, value: 3 }, { p: 1, value: 3 }])).toEqual({ type: 'constant', value: 3 });
  });
});

describe('parseAzure2019', () => {
  it('parseAzure2019 reads every function with its counts, durations and app memory', () => {
    const t = azure100();
    expect(t.functions).toHaveLength(100);
    expect(t.minutes).toBe(1440);
    const total = t.functions.reduce((a, f) => a + f.invocations, 0);
    expect(total).toBe(621128);
    expect(t.functions[0]!.memoryMB).toBe(2382);
    expect(t.functions[0]!.warm).toEqual({ type: 'constant', value: 81.067 });
  });

  it('parseAzure2019 keeps the first N functions and a window of minutes', () => {
    const t = azure100({ functions: 3, fromMinute: 60, minutes: 30 });
    expect(t.functions).toHaveLength(3);
    expect(t.counts!.length).toBe(90);
  });

  it('parseAzure2019 names the file and line of a malformed count', () => {
    const inv = file('azure2019/100_inv.csv');
    const lines = inv.text.split('\n');
    lines[3] = lines[3]!.replace(/,(\d+)$/, ',x');
    expect(() => parseAzure2019({ invocations: { text: lines.join('\n'), file: 'inv.csv' }, durations: file('azure2019/100_run.csv'), memory: file('azure2019/100_mem.csv') })).toThrow(
      /inv\.csv:4: column 'minute_1440' must be a number/,
    );
  });

  it('parseAzure2019 reports a missing column and a function without durations', () => {
    expect(() => parseAzure2019({ invocations: { text: 'HashFunction,HashApp\nA,B\n', file: 'i.csv' }, durations: file('azure2019/100_run.csv'), memory: file('azure2019/100_mem.csv') })).toThrow(
      "i.csv:1: missing column(s) minute_1",
    );
    const inv = { text: 'HashFunction,HashApp,HashOwner,minute_1\nnope,nope,o,3\n', file: 'i.csv' };
    expect(() => parseAzure2019({ invocations: inv, durations: file('azure2019/100_run.csv'), memory: file('azure2019/100_mem.csv') })).toThrow(TraceError);
  });
});

describe('parseAzure2021', () => {
  it('parseAzure2021 turns end and duration into sorted start times per function', () => {
    const { text } = file('azure2021/sample_200.csv');
    const rows = text.trim().split('\n').length - 1;
    const t = parseAzure2021(text, 'sample_200.csv');
    expect(t.times!.length).toBe(rows);
    for (let i = 1; i < t.times!.length; i++) expect(t.times![i]!).toBeGreaterThanOrEqual(t.times![i - 1]!);
    expect(t.functions.reduce((a, f) => a + f.invocations, 0)).toBe(rows);
  });

  it('parseAzure2021 rejects a duration longer than its end time, by line', () => {
    expect(() => parseAzure2021('app,func,end_timestamp,duration\na,f,1.0,0.5\na,f,1.0,2.0\n', 'x.csv')).toThrow(/x\.csv:3:/);
  });
});

describe('traceArrivals', () => {
  it('traceArrivals puts each minute count of each function inside its minute, in time order', () => {
    const t = azure100({ functions: 10, minutes: 20 });
    const arrivals = drain(traceArrivals(t, 1e9, seedrandom.alea('a')));
    expect(arrivals.length).toBe(t.functions.reduce((a, f) => a + f.invocations, 0));
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]!.t).toBeGreaterThanOrEqual(arrivals[i - 1]!.t);
    const perCell = new Map<string, number>();
    for (const a of arrivals) perCell.set(`${a.fn}/${Math.floor(a.t / 60)}`, (perCell.get(`${a.fn}/${Math.floor(a.t / 60)}`) ?? 0) + 1);
    for (let f = 0; f < 10; f++) for (let m = 0; m < 20; m++) expect(perCell.get(`${f}/${m}`) ?? 0).toBe(t.counts![f * 20 + m]);
  });

  it('traceArrivals is reproducible for a seed and stops at the horizon', () => {
    const t = azure100({ functions: 5, minutes: 10 });
    const a = drain(traceArrivals(t, 300, seedrandom.alea('s')));
    expect(a).toEqual(drain(traceArrivals(t, 300, seedrandom.alea('s'))));
    expect(a.every((x) => x.t < 300)).toBe(true);
  });

  it('traceArrivals with equidistant spread places c arrivals at (k + ½)·60/c', () => {
    const t = azure100({ functions: 1, minutes: 1 });
    const c = t.counts![0]!;
    const a = drain(traceArrivals(t, 1e9, seedrandom.alea('s'), 'equidistant'));
    expect(a.map((x) => x.t)).toEqual(Array.from({ length: c }, (_, k) => ((k + 0.5) * 60) / c));
  });
});
