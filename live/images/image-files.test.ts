// The files an image build runs or measures: prune-onnxruntime.sh, image-size.ts, and the
// build context build-contexts.ts writes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTEXT_SOURCES, MARKER, REPO, writeContext, type ImagePlan } from './build-contexts.ts';
import installedSizes from './image-size.ts';
import type { Lockfile } from './image-manifest.ts';

const PRUNE = path.join(import.meta.dirname, 'prune-onnxruntime.sh');
const dirs: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-image-files-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const put = (root: string, file: string, bytes: number): void => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), Buffer.alloc(bytes));
};
const ORT_BIN = 'node_modules/onnxruntime-node/bin/napi-v6';
const HERE = `${process.platform}/${process.arch}`;

describe('prune-onnxruntime.sh', () => {
  it('prune-onnxruntime.sh keeps only the runtime for the platform node runs on', () => {
    const root = scratch();
    for (const p of [HERE, 'darwin/arm64', 'win32/x64', 'linux/other-arch']) put(root, `${ORT_BIN}/${p}/onnxruntime_binding.node`, 10);
    execFileSync('sh', [PRUNE], { cwd: root });
    expect(readdirSync(path.join(root, ORT_BIN), { recursive: true }).map(String).sort()).toEqual([process.platform, HERE, `${HERE}/onnxruntime_binding.node`]);
  });

  it('prune-onnxruntime.sh leaves an image without onnxruntime-node alone', () => {
    const root = scratch();
    put(root, 'node_modules/ajv/package.json', 10);
    execFileSync('sh', [PRUNE], { cwd: root });
    expect(existsSync(path.join(root, 'node_modules/ajv/package.json'))).toBe(true);
  });

  it('prune-onnxruntime.sh fails, removing nothing, when onnxruntime-node has no runtime for the platform', () => {
    const root = scratch();
    put(root, `${ORT_BIN}/darwin/arm64/onnxruntime_binding.node`, 10);
    let stderr = '';
    try {
      execFileSync('sh', [PRUNE], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(stderr).toContain(`onnxruntime-node has no runtime for ${HERE}`);
    expect(existsSync(path.join(root, `${ORT_BIN}/darwin/arm64/onnxruntime_binding.node`))).toBe(true);
  });
});

describe('installedSizes', () => {
  it('installedSizes() adds up each locked package\'s files, without nested packages, missing ones or pruned runtimes', () => {
    const root = scratch();
    put(root, 'node_modules/a/index.js', 100);
    put(root, 'node_modules/a/lib/x.js', 50);
    put(root, 'node_modules/a/node_modules/b/index.js', 30);
    put(root, `${ORT_BIN.replace('/bin/napi-v6', '')}/package.json`, 5);
    put(root, `${ORT_BIN}/${HERE}/onnxruntime_binding.node`, 1000);
    put(root, `${ORT_BIN}/darwin/arm64/onnxruntime_binding.node`, 7000);
    const lock: Lockfile = {
      lockfileVersion: 3,
      packages: { '': {}, 'node_modules/a': {}, 'node_modules/a/node_modules/b': {}, 'node_modules/onnxruntime-node': {}, 'node_modules/not-installed': {} },
    };
    expect(installedSizes(lock, root)).toEqual([
      { where: 'node_modules/onnxruntime-node', bytes: 1005 },
      { where: 'node_modules/a', bytes: 150 },
      { where: 'node_modules/a/node_modules/b', bytes: 30 },
    ]);
  });
});

describe('writeContext', () => {
  const plan: ImagePlan = {
    fn: 'orchestrator',
    stage: 'orchestrator',
    loads: ['ajv'],
    manifest: { name: 'fave-orchestrator', version: '0.1.0', private: true, type: 'module', dependencies: { ajv: '8.20.0' } },
    lock: { lockfileVersion: 3, packages: { '': { name: 'fave-orchestrator' } } },
    nodeModulesBytes: 0,
    installedPackages: 0,
  };

  it('writeContext() writes the Dockerfile, the sources, the repository\'s package files and the image\'s own', () => {
    const dir = path.join(scratch(), 'orchestrator');
    writeContext(plan, dir);
    expect(readdirSync(dir).sort()).toEqual([MARKER, 'Dockerfile', ...CONTEXT_SOURCES, 'image'].sort());
    expect(readdirSync(path.join(dir, 'image')).sort()).toEqual(['package-lock.json', 'package.json', 'prune-onnxruntime.sh']);
    expect(JSON.parse(readFileSync(path.join(dir, 'image/package.json'), 'utf8'))).toEqual(plan.manifest);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(readFileSync(path.join(REPO, 'live/openfaas/Dockerfile'), 'utf8'));
    expect(existsSync(path.join(dir, 'stages/orchestrator/index.ts'))).toBe(true);
    writeContext(plan, dir); // an earlier context is replaced
    expect(existsSync(path.join(dir, MARKER))).toBe(true);
  });

  it('writeContext() refuses to clear a folder it did not write', () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
    expect(() => writeContext(plan, dir)).toThrow(`${dir} exists and is not a build context this command wrote`);
    expect(readFileSync(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});
