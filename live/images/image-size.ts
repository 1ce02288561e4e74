// What an image's node_modules will weigh, from the packages' installed sizes in this
// repository's node_modules: the sum of the file sizes (apparent, as a layer's tar holds them)
// of every package the image's lockfile lists, less what prune-onnxruntime.sh removes. A
// package the lockfile lists that is not installed here (another platform's optional binary:
// @ffmpeg-installer/darwin-arm64 and the like, which npm skips on Linux too) counts nothing.
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Lockfile } from './image-manifest.ts';

export interface PackageSize {
  /** The lockfile's key: node_modules/… */
  where: string;
  bytes: number;
}

/** onnxruntime-node's runtimes for other platforms, which the image build removes. */
function prunedByImage(relative: string, platform: string, arch: string): boolean {
  const m = /^node_modules\/onnxruntime-node\/bin\/napi-v\d+\/([^/]+)\/([^/]+)(\/|$)/.exec(relative);
  return m !== null && !(m[1] === platform && m[2] === arch);
}

function folderBytes(root: string, relative: string, platform: string, arch: string): number {
  let total = 0;
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = `${relative}/${entry.name}`;
    // A nested node_modules holds packages of their own, each its own lockfile entry.
    if (entry.name === 'node_modules' || prunedByImage(child, platform, arch)) continue;
    if (entry.isDirectory()) total += folderBytes(root, child, platform, arch);
    else total += lstatSync(path.join(root, child)).size;
  }
  return total;
}

/** Each installed package of `lock` and its size in `root`'s node_modules, largest first. */
export default function installedSizes(lock: Lockfile, root: string, platform = process.platform, arch = process.arch): PackageSize[] {
  const sizes: PackageSize[] = [];
  for (const where of Object.keys(lock.packages)) {
    if (where === '') continue;
    try {
      if (!lstatSync(path.join(root, where)).isDirectory()) continue;
    } catch {
      continue; // not installed on this platform
    }
    sizes.push({ where, bytes: folderBytes(root, where, platform, arch) });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes || a.where.localeCompare(b.where));
}
