// A function image's package.json and package-lock.json: the repository's, cut down to the
// packages the stage loads (stage-packages.ts) and what they depend on, at the versions the
// repository's lockfile pins, so an image runs exactly the code the tests ran. npm itself does
// the cutting (`npm install --package-lock-only --offline`: it keeps the locked versions and
// drops what nothing needs); the result is checked against the repository's lockfile.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LiveError } from '../openfaas/errors.ts';
import { EXIT } from '../../sim/process/errors.ts';

/** The code loads a package the image would not install, or npm's cut lock differs: exit 2. */
export class ImageManifestError extends LiveError {
  override readonly exitCode = EXIT.input;
}

export interface PackageJson {
  name: string;
  version: string;
  type?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface ImagePackageJson {
  name: string;
  version: string;
  private: true;
  type?: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
}

interface LockEntry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  [key: string]: unknown;
}

export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
  [key: string]: unknown;
}

/**
 * The image's package.json: the repository's `dependencies` that the stage loads, nothing
 * else. A package the stage loads that is a devDependency, or not listed, is an error naming
 * the file that loads it: the image would not have it.
 */
export function imagePackageJson(stage: string, loads: ReadonlyMap<string, readonly string[]>, root: PackageJson): ImagePackageJson {
  const dependencies: Record<string, string> = {};
  const problems: string[] = [];
  for (const [pkg, files] of loads) {
    const version = root.dependencies?.[pkg];
    if (version !== undefined) dependencies[pkg] = version;
    else if (root.devDependencies?.[pkg] !== undefined) problems.push(`${files.join(', ')} loads '${pkg}', which package.json lists under devDependencies only: move it to dependencies`);
    else problems.push(`${files.join(', ')} loads '${pkg}', which package.json does not list`);
  }
  if (problems.length > 0) throw new ImageManifestError(`the ${stage} image would lack packages its code loads:\n  ${problems.join('\n  ')}`);
  return {
    name: `${root.name}-${stage}`,
    version: root.version,
    private: true,
    ...(root.type ? { type: root.type } : {}),
    ...(root.engines ? { engines: root.engines } : {}),
    dependencies,
  };
}

/** The repository's lockfile cut down to `manifest` by npm, offline; checked by checkPrunedLock. */
export function imageLockfile(manifest: ImagePackageJson, rootLock: Lockfile): Lockfile {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-image-lock-'));
  try {
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(rootLock, null, 2)}\n`);
    try {
      execFileSync('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
      throw new ImageManifestError(`npm could not cut package-lock.json down for ${manifest.name}: ${stderr || (error as Error).message}`);
    }
    const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as Lockfile;
    checkPrunedLock(manifest.name, lock, rootLock);
    return lock;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every package in `lock` is in `rootLock` at the same place, version and integrity, and none is
 * a dev dependency: npm only dropped packages, it resolved nothing anew.
 */
export function checkPrunedLock(name: string, lock: Lockfile, rootLock: Lockfile): void {
  const problems: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '') continue;
    const pinned = rootLock.packages[where];
    if (!pinned) problems.push(`${where} is not in the repository's package-lock.json`);
    else if (pinned.version !== entry.version || pinned.integrity !== entry.integrity) problems.push(`${where} is ${entry.version}, the repository pins ${pinned.version}`);
    else if (pinned.dev) problems.push(`${where} is a dev dependency in the repository`);
  }
  if (problems.length > 0) throw new ImageManifestError(`${name}'s package-lock.json differs from the repository's:\n  ${problems.join('\n  ')}`);
}
