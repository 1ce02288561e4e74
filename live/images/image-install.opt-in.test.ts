// Opt-in: builds each function image's file tree the way live/openfaas/Dockerfile does, without
// Docker, and starts the stage from it. Needs: npm's cache holding every package the lockfile
// pins (true once `npm ci` ran on this machine: the installs here are --offline), ~1 GB of
// scratch disk, and a few minutes (nine installs of up to 160 MB and nine compilations), which
// is why it is not in the default suite. Run it after changing what a stage imports, the
// Dockerfile's install steps or package-lock.json:
//   npx vitest run -c vitest.opt-in.config.ts live/images/image-install.opt-in.test.ts
// Per stage: build-contexts.ts writes the context; the `deps` steps (npm ci --omit=dev of
// image/ with ONNXRUNTIME_NODE_INSTALL=skip, prune-onnxruntime.sh); the `build` step (tsc on the stage's
// index.ts; here against the repository's node_modules, which the build stage's full install
// equals); the `ship` layout (node_modules, image/package.json, dist/) alone in a folder; then
// `node dist/stages/<stage>/index.js` must write its READY_LOCK_FILE, i.e. listen and finish
// its init (the ML stages load their ONNX models), and the ffmpeg/ffprobe binaries it carries
// must run as the user who installed them. (It found that ffprobe's binary is not executable
// when installed with --ignore-scripts: its package's install script sets the bit.)
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import parseStack from '../openfaas/stack.ts';
import { planImage, REPO, writeContext } from './build-contexts.ts';

const stack = parseStack(readFileSync(path.join(REPO, 'live/openfaas/stack.yml'), 'utf8'), 'stack.yml', {});
const scratch = mkdtempSync(path.join(tmpdir(), 'fave-image-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The Dockerfile's tsconfig.build.json, for STAGE.
const buildConfig = (stage: string) => JSON.stringify({
  extends: './tsconfig.json',
  compilerOptions: { noEmit: false, allowImportingTsExtensions: false, rewriteRelativeImportExtensions: true, outDir: 'dist', rootDir: '.' },
  files: [`stages/${stage}/index.ts`],
  include: [],
});

// Asynchronous: a minute-long synchronous install would stall the test worker's messages to
// vitest, which then fails the run with "Timeout calling onTaskUpdate".
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await promisify(execFile)(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** Starts the stage and resolves once it wrote its ready lock; rejects with its stderr if it exits. */
function startsReady(app: string, stage: string): Promise<void> {
  const lock = path.join(app, 'ready.lock');
  const secrets = path.join(app, 'secrets');
  mkdirSync(secrets);
  writeFileSync(path.join(secrets, 's3-access-key'), 'image-test');
  writeFileSync(path.join(secrets, 's3-secret-key'), 'image-test-secret');
  const env = {
    PATH: process.env.PATH, HOME: app, PORT: '0', READY_LOCK_FILE: lock, SECRETS_DIR: secrets,
    S3_BUCKET: 'image-test', S3_ENDPOINT: 'http://127.0.0.1:9', S3_REGION: 'us-east-1',
  };
  const child = spawn(process.execPath, [`dist/stages/${stage}/index.js`], { cwd: app, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!existsSync(lock)) return;
      clearInterval(timer);
      child.kill('SIGTERM');
      resolve();
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (!existsSync(lock)) reject(new Error(`${stage} exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}

describe('function images, built as the Dockerfile builds them', () => {
  it.each(stack.functions.map((f) => f.name))('the %s image installs, compiles and starts from its own node_modules', async (name) => {
    const fn = stack.functions.find((f) => f.name === name)!;
    const plan = planImage(fn);
    const context = path.join(scratch, 'context', name);
    writeContext(plan, context);

    // deps
    const deps = path.join(context, 'image');
    await run('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], deps, { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' });
    await run('sh', ['prune-onnxruntime.sh'], deps);

    // build
    writeFileSync(path.join(context, 'tsconfig.build.json'), buildConfig(plan.stage));
    symlinkSync(path.join(REPO, 'node_modules'), path.join(context, 'node_modules'));
    await run(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], context);
    if (existsSync(path.join(context, 'dist/sim'))) cpSync(path.join(context, 'schemas'), path.join(context, 'dist/schemas'), { recursive: true });

    // ship: the three things the image's /home/app holds, and nothing else
    const app = path.join(scratch, 'app', name);
    mkdirSync(app, { recursive: true });
    cpSync(path.join(deps, 'node_modules'), path.join(app, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    cpSync(path.join(deps, 'package.json'), path.join(app, 'package.json'));
    cpSync(path.join(context, 'dist'), path.join(app, 'dist'), { recursive: true });

    const ortBin = path.join(app, 'node_modules/onnxruntime-node/bin/napi-v6');
    if (plan.loads.includes('onnxruntime-node')) expect((await run('ls', [ortBin], app)).trim().split('\n')).toEqual([process.platform]);
    for (const tool of ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe']) {
      if (!plan.loads.includes(tool)) continue;
      const binary = await run(process.execPath, ['--input-type=module', '-e', `import t from '${tool}'; process.stdout.write(t.path)`], app);
      expect(binary.startsWith(path.join(app, 'node_modules'))).toBe(true);
      expect(await run(binary, ['-version'], app)).toMatch(/^ff(mpeg|probe) version/);
    }
    await startsReady(app, plan.stage);
    rmSync(path.join(scratch, 'context', name), { recursive: true, force: true });
    rmSync(app, { recursive: true, force: true });
  }, 600_000);
});
