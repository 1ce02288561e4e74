// The documentation's own promises: every relative link in the project's Markdown leads to a
// file that exists (pages move between README and docs/, and a dead link is how a newcomer
// learns the docs are stale), and the README stays a manual, not a lab notebook.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', '.git', '.fave', 'results', 'runs', 'dist']);
/** Function build contexts, copies of stages/ and sim/ (live/images/build-contexts.ts), gitignored. */
const SKIP_PATHS = new Set(['live/openfaas/handlers', 'live/openfaas/build'].map((p) => path.join(ROOT, p)));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (SKIP.has(e.name) || SKIP_PATHS.has(p)) return [];
    if (e.isDirectory()) return markdownFiles(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

/** Relative link targets, without anchors, outside code spans and fences. */
export function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z]+:/i.test(t));
}

describe('documentation', () => {
  it('finds links the way Markdown writes them, not inside code', () => {
    expect(relativeLinks('see [a](docs/a.md#x), [b](https://x.org) and `[c](c.md)`')).toEqual(['docs/a.md']);
  });

  it('every relative link in the Markdown files resolves to a file', () => {
    const broken = markdownFiles(ROOT).flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8'))
        .filter((target) => !existsSync(path.resolve(path.dirname(file), decodeURIComponent(target))))
        .map((target) => `${path.relative(ROOT, file)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('the README is a manual of at most 15 KB', () => {
    expect(statSync(path.join(ROOT, 'README.md')).size).toBeLessThanOrEqual(15 * 1024);
  });
});
