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
  /^live\/testfn\/(index|runtime-stage)\.ts$/,
  /^live\/reliability\/fake-stage-main\.ts$/,
];

/** The stage name an image refers to: its last path segment without tag or digest. */
export function stageOfImage(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0]!.split(':')[0]!;
}

export interface ResolvedEntry {
  /** Path relative to the root, as given or derived. */
  relative: string;
  absolute: string;
}

/** Resolves and checks a deployment's entry file; a missing one is a 400 like any bad deploy. */
export default function resolveEntry(deployment: FunctionDeployment, root: string): ResolvedEntry {
  const relative =
    deployment.annotations?.[ANNOTATION_ENTRY] ??
    deployment.envVars?.fave_entry ??
    path.join('stages', stageOfImage(deployment.image), 'index.ts');
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(path.resolve(root) + path.sep)) {
    throw new RequestError(400, `validation failed: entry ${relative} is outside ${root}`);
  }
  const normal = path.relative(root, absolute).split(path.sep).join('/');
  if (!ENTRY_POINTS.some((p) => p.test(normal))) {
    throw new RequestError(400, `validation failed: entry ${relative} is not a stage's index.ts (stages/<name>/index.ts) or a FAVE test function`);
  }
  if (!existsSync(absolute)) {
    throw new RequestError(
      400,
      `validation failed: no entry file ${relative} for function ${deployment.service} ` +
        `(set annotation ${ANNOTATION_ENTRY} or env fave_entry)`,
    );
  }
  return { relative, absolute };
}
