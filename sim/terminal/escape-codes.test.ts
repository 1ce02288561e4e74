// Colour comes from colour.ts only (on a terminal, without NO_COLOR): no other source writes
// escape codes, and no cli-table3 table keeps its default colours (red heads whenever
// FORCE_COLOR is set or stdout is a terminal, NO_COLOR ignored).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sources = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && !f.endsWith('.test.ts') && !f.includes('/test/') && !f.includes('node_modules'));

/** Escape codes allowed where they are written: colours here, and live's one-line progress
 * (\r and clear-to-end-of-line, on a terminal only: live/run/progress.ts). */
const ALLOWED = ['sim/terminal/colour.ts', 'live/run/progress.ts'];

describe('escape codes', () => {
  it('only colour.ts writes colour, and every cli-table3 table is plain', () => {
    const found: string[] = [];
    for (const file of sources) {
      const text = readFileSync(join(root, file), 'utf8');
      if (/\\x1b\[|\\u001b\[|\\033\[/.test(text) && !ALLOWED.includes(file)) found.push(`${file}: an escape code`);
      // A table's options (its next few lines) name a style; PLAIN constants are { head: [], border: [] }.
      for (const m of text.matchAll(/new Table\(/g)) if (!/style:/.test(text.slice(m.index, m.index + 200))) found.push(`${file}: a cli-table3 table with its default colours`);
    }
    expect(found).toEqual([]);
  });
});
