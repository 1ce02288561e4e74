// The summary `npm run sim` prints, on every shipped scenario (horizons cut to 300 s, two
// replications, so that it stays a quick test; azure-keepalive-1000 is left out: its tables
// have the shape of azure-keepalive's, and even cut it costs ~15 s of CPU): within 100 columns
// by default, wider with --wide, a legend that names every column, no escape codes unless
// colour is asked for.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../scenario/load.ts';
import { FUNCTION_LEGEND, formatSummary, VARIANT_LEGEND } from './format-summary.ts';
import { runScenarioFile } from './run-scenario.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs = ['scenarios', join('scenarios', 'original-fave'), join('scenarios', 'async')];
const files = dirs.flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.json') && f !== 'azure-keepalive-1000.json').map((f) => join(root, d, f)));
const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('formatSummary', () => {
  it('names every column of its tables in a legend', () => {
    for (const column of ['ok %', 'p50/p95/p99 s', 'failures', 'cold starts', 'cold calls %', 'GB-s', 'idle GB-s', 'lost updates', '±']) expect(VARIANT_LEGEND).toContain(column);
    for (const column of ['calls', 'p50/p95 s', 'cold starts', 'first calls', 'held', 'failures', 'replicas']) expect(FUNCTION_LEGEND).toContain(`${column}:`);
  });

  it.each(files.map((f) => [f.slice(root.length)]))('%s fits 100 columns, --wide shows more, no escape codes', async (file) => {
    const horizon = Math.min(loadScenarioFile(join(root, file)).horizon, 300);
    const result = await runScenarioFile(join(root, file), { replications: 2, defaultProfile: join(root, 'profiles', 'default.json'), set: { '/horizon': horizon } });
    const text = formatSummary(result, { colour: false });
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(text).not.toContain('\x1b');
    expect(text).toContain(VARIANT_LEGEND.slice(0, 40));
    expect(text.replace(/\n\s*/g, ' ')).toMatch(/--wide adds: (requests, )?p99 s/);
    const wide = formatSummary(result, { colour: false, wide: true });
    expect(wide).toContain('p99 s');
    // The variants' table has more columns with --wide: its head's rule is longer.
    const rule = (t: string) => t.split('\n').find((l) => l.startsWith('─'))!;
    expect(rule(wide).length).toBeGreaterThan(rule(text).length);
    expect(formatSummary(result, { colour: true })).toContain('\x1b[1m');
  });
});
