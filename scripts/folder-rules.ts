// The folder rules of docs/design.md ("Imports go one way"), as data the folder-rules test
// checks the import graph against. The folders are layers: a file may import its own folder
// and the folders below it, never one above. `schemas/` is data every layer reads.
import type { Graph } from './import-graph.ts';

/** Bottom first: the simulator is the base, the report viewer the top. */
export const LAYERS = ['sim', 'stages', 'live', 'calibrate', 'notebooks'] as const;

/** Folders of data any file may import (JSON Schemas). */
export const DATA = ['schemas'] as const;

/**
 * Tools beside the layers: they may import what is listed, and nothing imports them.
 * `scripts/` sets up a machine and checks these rules; `data/derive/` re-derives the
 * reference data from its sources.
 */
export const TOOLS: Record<string, readonly string[]> = { scripts: [], data: [] };

/** Arrows the layers would forbid, each allowed for the reason given. Keep this list short. */
export const EXCEPTIONS: readonly { from: string; to: string; why: string }[] = [
  {
    from: 'stages/test/harness.ts',
    to: 'live/s3/startS3Server.ts',
    why: 'stage tests need an S3 to read inputs from and write outputs to, and the embedded one is in live/; test support only, kept out of the function images (live/openfaas/deploy-files.test.ts)',
  },
];

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');

/** Why `from` may not import `to`, or null when it may. */
export function forbidden(from: string, to: string): string | null {
  const a = folderOf(from);
  const b = folderOf(to);
  if (a === b || (DATA as readonly string[]).includes(b)) return null;
  if (EXCEPTIONS.some((e) => e.from === from && e.to === to)) return null;
  if (a === '') return null; // the repository's root configuration (vitest.config.ts)
  if (b in TOOLS) return `${b}/ is a tool folder: nothing imports it`;
  if (a in TOOLS) return TOOLS[a]!.includes(b) ? null : `${a}/ may import ${TOOLS[a]!.join(', ') || 'nothing of the project'}`;
  const ia = (LAYERS as readonly string[]).indexOf(a);
  const ib = (LAYERS as readonly string[]).indexOf(b);
  if (ia < 0) return `${a}/ is not a known folder (docs/design.md lists them)`;
  if (ib < 0) return `${b}/ is not a known folder (docs/design.md lists them)`;
  return ib > ia ? `${a}/ is below ${b}/: imports go down the layers ${LAYERS.join(' < ')}` : null;
}

export interface Violation {
  from: string;
  to: string;
  why: string;
}

export function violations(graph: Graph): Violation[] {
  const out: Violation[] = [];
  for (const [from, imports] of graph) {
    for (const { file: to } of imports) {
      const why = forbidden(from, to);
      if (why) out.push({ from, to, why });
    }
  }
  return out;
}
