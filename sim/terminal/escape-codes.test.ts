// Colour comes from colour.ts only (on a terminal, without NO_COLOR): no other source writes
// escape codes, and every table is drawn by table.ts (a table library such as cli-table3, which
// FAVE used before, colours its heads whenever FORCE_COLOR is set, NO_COLOR ignored, and draws
// borders past 100 columns).
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
  it('only colour.ts writes colour, and no source draws a table with a library of its own', () => {
    const found: string[] = [];
    for (const file of sources) {
      const text = readFileSync(join(root, file), 'utf8');
      if (/\\x1b\[|\\u001b\[|\\033\[/.test(text) && !ALLOWED.includes(file)) found.push(`${file}: an escape code`);
      if (/from '(cli-table3?|table|text-table|columnify|console-table-printer)'/.test(text)) found.push(`${file}: a table library (draw it with sim/terminal/table.ts)`);
    }
    expect(found).toEqual([]);
  });
});
