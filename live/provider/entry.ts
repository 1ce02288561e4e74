import { existsSync } from 'node:fs';
import path from 'node:path';
import { RequestError } from '../openfaas/errors.ts';
import type { FunctionDeployment } from '../openfaas/types.ts';
import { ANNOTATION_ENTRY } from '../openfaas/types.ts';

// Which file a replica of a function runs. In a cluster that is the image's entrypoint;
// here the deployment names it: annotation com.fave.entry, else env fave_entry, else the
// stage named by the image ("registry/fave/ffmpeg-0:0.1" → stages/ffmpeg-0/index.ts).
// Only known entry points may be named: a stage's index.ts or one of FAVE's own test
// functions. Any other file under the root (a CLI, a study, a module in node_modules)
// would be run with the deploy's env by a request, so it is refused.

/** Entry points a deployment may name, relative to the root with '/' separators. */
export const ENTRY_POINTS: readonly RegExp[] = [
  /^stages\/[a-z0-9][-a-z0-9]*\/index\.ts$/,
  /^live\/testfn\/(index|runtime-stage|alpine|redirector)\.ts$/,
  /^live\/reliability\/fake-stage-main\.ts$/,
];

/** The stage name an image refers to: its last path segment without tag or digest. */
export function stageOfImage(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0]!.split(':')[0]!;
}

/** What a replica's memory limit is measured on (memory.ts): the whole process tree (a stage:
 * the Node process is the function), or only what it forks (a stand-in for the classic
 * watchdog, whose own Node process plays the watchdog binary and is not the function). */
export type MemoryScope = 'tree' | 'children';

/**
 * Stand-ins for the store images the OpenFaaS certifier (openfaas/certifier 2e39d05) deploys,
 * by image repository without registry or tag: FAVE cannot run a container image, so with
 * provider_store_stand_ins=true these entry points run in their place (docs/certifier.md).
 */
export const STORE_STAND_INS: Readonly<Record<string, { entry: string; memoryScope: MemoryScope }>> = {
  // The classic watchdog with fprocess env, cat, sha512sum or cat /var/openfaas/secrets/<name>.
  'functions/alpine': { entry: 'live/testfn/alpine.ts', memoryScope: 'children' },
  // certifier's functions/redirector (golang-middleware): 302 to $destination.
  'theaxer/redirector': { entry: 'live/testfn/redirector.ts', memoryScope: 'tree' },
};

/** An image's repository without registry host or tag/digest: "docker.io/functions/alpine:latest" → "functions/alpine". */
export function imageRepository(image: string): string {
  const parts = image.split('@')[0]!.split('/');
  // A first part with a dot or a colon, or "localhost", is a registry host (Docker's rule).
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost')) parts.shift();
  const last = parts.pop()!.split(':')[0]!;
  return [...parts, last].join('/');
}

export interface ResolvedEntry {
  /** Path relative to the root, as given or derived. */
  relative: string;
  absolute: string;
  memoryScope: MemoryScope;
}

/** Resolves and checks a deployment's entry file; a missing one is a 400 like any bad deploy. */
export default function resolveEntry(deployment: FunctionDeployment, root: string, storeStandIns = false): ResolvedEntry {
  const named = deployment.annotations?.[ANNOTATION_ENTRY] ?? deployment.envVars?.fave_entry;
  const standIn = named === undefined ? STORE_STAND_INS[imageRepository(deployment.image)] : undefined;
  if (standIn && storeStandIns) {
    return { relative: standIn.entry, absolute: path.resolve(root, standIn.entry), memoryScope: standIn.memoryScope };
  }
  const relative = named ?? path.join('stages', stageOfImage(deployment.image), 'index.ts');
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(path.resolve(root) + path.sep)) {
    throw new RequestError(400, `validation failed: entry ${relative} is outside ${root}`);
  }
  const normal = path.relative(root, absolute).split(path.sep).join('/');
  if (!ENTRY_POINTS.some((p) => p.test(normal))) {
    throw new RequestError(400, `validation failed: entry ${relative} is not a stage's index.ts (stages/<name>/index.ts) or a FAVE test function`);
  }
  if (!existsSync(absolute) && standIn) {
    throw new RequestError(
      400,
      `validation failed: ${deployment.image} is a store image FAVE cannot run; provider_store_stand_ins=true runs its stand-in ${standIn.entry} instead`,
    );
  }
  if (!existsSync(absolute)) {
    throw new RequestError(
      400,
      `validation failed: no entry file ${relative} for function ${deployment.service} ` +
        `(set annotation ${ANNOTATION_ENTRY} or env fave_entry)`,
    );
  }
  return { relative, absolute, memoryScope: 'tree' };
}
