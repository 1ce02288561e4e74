// `npx tsx live/images/build-contexts.ts [--stack live/openfaas/stack.yml]` (deploy.sh runs it):
// writes each function's Docker build context into its `handler` folder (relative to the
// stack file, where faas-cli reads it), and prints what each image will install.
// A context holds the Dockerfile, the sources (stages/, sim/, schemas/: tsc compiles what the
// stage's index.ts reaches), the repository's package.json and lockfile (for the compile
// stage), and image/: the stage's own package.json and lockfile, which are all the image
// installs (image-manifest.ts), and prune-onnxruntime.sh.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '../../sim/process/command-line.ts';
import { runMain, UsageError } from '../../sim/process/run-main.ts';
import parseStack, { type StackFunction } from '../openfaas/stack.ts';
import stageImports from './stage-packages.ts';
import { ImageManifestError, imageLockfile, imagePackageJson, type Lockfile, type PackageJson } from './image-manifest.ts';
import installedSizes from './image-size.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
const DOCKERFILE = 'live/openfaas/Dockerfile';
const PRUNE = 'live/images/prune-onnxruntime.sh';
/** What a context copies from the repository as it is. */
export const CONTEXT_SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'stages', 'sim', 'schemas'] as const;
/** Written into every context, so that a folder without it is never removed. */
export const MARKER = '.fave-build-context';

export interface ImagePlan {
  fn: string;
  stage: string;
  /** The packages the stage's code loads (what image/package.json lists). */
  loads: string[];
  manifest: ReturnType<typeof imagePackageJson>;
  lock: Lockfile;
  /** Bytes of node_modules the image will hold (image-size.ts). */
  nodeModulesBytes: number;
  /** Packages it will hold: the lockfile's, less other platforms' optional binaries. */
  installedPackages: number;
}

/** What the image of a function built with build_args.STAGE will install. */
export function planImage(fn: StackFunction, root = REPO): ImagePlan {
  const stage = fn.buildArgs.STAGE;
  if (!stage) throw new ImageManifestError(`function ${fn.name}: build_args.STAGE names no stage`);
  const entry = `stages/${stage}/index.ts`;
  if (!existsSync(path.join(root, entry))) throw new ImageManifestError(`function ${fn.name}: no ${entry}`);
  const { packages } = stageImports(entry, root);
  const rootJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  const rootLock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const manifest = imagePackageJson(stage, packages, rootJson);
  const lock = imageLockfile(manifest, rootLock);
  const sizes = installedSizes(lock, root);
  const nodeModulesBytes = sizes.reduce((sum, p) => sum + p.bytes, 0);
  return { fn: fn.name, stage, loads: [...packages.keys()], manifest, lock, nodeModulesBytes, installedPackages: sizes.length };
}

/** Writes `plan`'s context into `dir`, replacing an earlier context (and nothing else). */
export function writeContext(plan: ImagePlan, dir: string, root = REPO): void {
  if (existsSync(dir)) {
    if (readdirSync(dir).length > 0 && !existsSync(path.join(dir, MARKER))) {
      throw new ImageManifestError(`${dir} exists and is not a build context this command wrote (no ${MARKER}): not removing it`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(path.join(dir, 'image'), { recursive: true });
  writeFileSync(path.join(dir, MARKER), `written by live/images/build-contexts.ts for ${plan.fn}\n`);
  cpSync(path.join(root, DOCKERFILE), path.join(dir, 'Dockerfile'));
  for (const source of CONTEXT_SOURCES) cpSync(path.join(root, source), path.join(dir, source), { recursive: true });
  writeFileSync(path.join(dir, 'image/package.json'), `${JSON.stringify(plan.manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'image/package-lock.json'), `${JSON.stringify(plan.lock, null, 2)}\n`);
  cpSync(path.join(root, PRUNE), path.join(dir, 'image/prune-onnxruntime.sh'));
}

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), {
    stack: { type: 'string', default: 'live/openfaas/stack.yml' },
    'dry-run': { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const stackFile = path.resolve(values.stack);
  if (!existsSync(stackFile)) throw new UsageError(`--stack: no file ${values.stack}`);
  const stack = parseStack(readFileSync(stackFile, 'utf8'), values.stack, process.env);
  for (const fn of stack.functions) {
    if (fn.lang !== 'dockerfile') continue;
    const plan = planImage(fn);
    const dir = path.resolve(path.dirname(stackFile), fn.handler);
    if (!values['dry-run']) writeContext(plan, dir);
    console.log(`${fn.name.padEnd(16)} ${MB(plan.nodeModulesBytes).padStart(9)} node_modules, ${String(plan.installedPackages).padStart(3)} packages: ${plan.loads.join(' ')}`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runMain(main, { usage: 'usage: npx tsx live/images/build-contexts.ts [--stack live/openfaas/stack.yml] [--dry-run]', prefix: 'build-contexts' });
}
