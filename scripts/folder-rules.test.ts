import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, REPO, type Graph } from './import-graph.ts';
import { EXCEPTIONS, forbidden, LAYERS, violations } from './folder-rules.ts';

const graph = importGraph();
const edge = (file: string, typeOnly = false) => ({ file, typeOnly });

describe('the folder rules (docs/design.md)', () => {
  it('reads the whole tree: every layer has files, and imports resolve to files that exist', () => {
    for (const layer of LAYERS) expect([...graph.keys()].some((f) => f.startsWith(`${layer}/`)), layer).toBe(true);
    const missing = [...graph].flatMap(([from, imports]) => imports.filter((i) => !existsSync(path.join(REPO, i.file))).map((i) => `${from} -> ${i.file}`));
    expect(missing).toEqual([]);
  });

  it('no import goes up the layers or into a tool folder', () => {
    expect(violations(graph).map((v) => `${v.from} -> ${v.to}: ${v.why}`)).toEqual([]);
  });

  it('every listed exception is still an import of the tree (a stale one is removed)', () => {
    for (const e of EXCEPTIONS) expect(graph.get(e.from)?.some((i) => i.file === e.to), `${e.from} -> ${e.to}`).toBe(true);
  });

  it('no cycle of imports that load among files', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });
});

describe('the checker itself', () => {
  it('flags an arrow up the layers, and allows one down, within a folder and to schemas/', () => {
    expect(forbidden('sim/model/a.ts', 'live/run/b.ts')).toMatch(/sim\/ is below live\//);
    expect(forbidden('stages/ffmpeg-0/index.ts', 'calibrate/cli.ts')).toMatch(/below/);
    expect(forbidden('calibrate/cli.ts', 'live/run/embedded.ts')).toBeNull();
    expect(forbidden('notebooks/cli/report.ts', 'sim/run/result.ts')).toBeNull();
    expect(forbidden('sim/profile/load.ts', 'schemas/calibration.schema.json')).toBeNull();
    expect(forbidden('live/a.ts', 'scripts/import-graph.ts')).toMatch(/tool folder/);
    expect(forbidden('scripts/x.ts', 'sim/a.ts')).toMatch(/may import nothing/);
    expect(forbidden('stages/test/harness.ts', 'live/s3/startS3Server.ts')).toBeNull(); // the listed exception
    expect(forbidden('stages/test/harness.ts', 'live/s3/other.ts')).toMatch(/below/); // only that arrow
  });

  it('finds a cycle through imports that load, not one closed by a type-only import', () => {
    const loop: Graph = new Map([
      ['sim/a.ts', [edge('sim/b.ts')]],
      ['sim/b.ts', [edge('sim/c.ts')]],
      ['sim/c.ts', [edge('sim/a.ts')]],
      ['sim/d.ts', [edge('sim/a.ts')]],
    ]);
    expect(cycles(loop)).toEqual([['sim/a.ts', 'sim/b.ts', 'sim/c.ts']]);
    const typed: Graph = new Map([
      ['sim/a.ts', [edge('sim/b.ts')]],
      ['sim/b.ts', [edge('sim/a.ts', true)]],
    ]);
    expect(cycles(typed)).toEqual([]);
  });
});
