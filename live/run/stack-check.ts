// Before the embedded platform starts: does the stack define every function the run calls?
// A workflow names functions of its own (resize, classify, ...) that the stages' stack does
// not have; the run says which, and where to put them, instead of starting a platform that
// then fails to deploy them.
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../sim/process/errors.ts';
import type { Env } from '../openfaas/env.ts';
import parseStack from '../openfaas/stack.ts';

export function checkStackDefines(stackFile: string, functions: readonly string[], env: Env): void {
  if (!existsSync(stackFile)) throw new UsageError(`--stack ${stackFile}: no such file`);
  const stack = parseStack(readFileSync(stackFile, 'utf8'), stackFile, env);
  const defined = new Set(stack.functions.map((f) => f.name));
  const missing = functions.filter((f) => !defined.has(f));
  if (missing.length) {
    throw new UsageError(`the stack ${stackFile} does not define ${missing.join(', ')}, which this run calls: give a stack that does with --stack (workflows/image-pipeline.stack.yml is one for the image workflow)`);
  }
}
