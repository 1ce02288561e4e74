// Reads files of a fetched public repository at a pinned commit, with git (`git -C <dir> show`).
// <dir> may be a clone's work tree or a bare mirror; it must hold the pinned commit (no shallow
// clone that lacks it) and the blobs read (a partial clone may leave large ones out).
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

export interface GitSource {
  dir: string;
  /** The bytes of `path` at `commit`. */
  read(commit: string, path: string): Buffer;
  /** The paths under `folder` at `commit` (not recursive), sorted as git lists them. */
  list(commit: string, folder: string): string[];
  /** The committer time of `commit`, in Unix seconds. */
  commitTime(commit: string): number;
}

export function gitSource(dir: string): GitSource {
  const git = (args: string[]): Buffer => {
    try {
      return execFileSync('git', ['-C', dir, ...args], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`git -C ${dir} ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
    }
  };
  return {
    dir,
    read: (commit, path) => git(['show', `${commit}:${path}`]),
    list: (commit, folder) => git(['ls-tree', '--name-only', commit, `${folder.replace(/\/$/, '')}/`]).toString().split('\n').filter(Boolean),
    commitTime: (commit) => Number(git(['show', '-s', '--format=%ct', commit]).toString().trim()),
  };
}

/** `<source dir> --out <path>` from the command line; a usage message and exit code 2 otherwise. */
export function sourceAndOut(usage: string): { source: GitSource; out: string } {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1 || !values.out) {
    console.error(usage);
    process.exit(2);
  }
  return { source: gitSource(positionals[0]!), out: values.out };
}
