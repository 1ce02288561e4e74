// The read-only view of result files the report serves: one or more roots (directories,
// searched recursively for *.json, or single files). Only names the store itself produced
// can be read back, so no request path ever reaches the file system unchecked.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { type Classification, classify } from './classify.ts';
import { parseJsonText } from '../../sim/input/read-json.ts';

export interface Listing extends Classification {
  name: string; // how the API names the file: its path under its root, '/'-separated
  size: number;
}

export interface StoredFile {
  listing: Listing;
  json: unknown; // undefined when the file is not valid JSON
}

/** A name that tries to leave its root: the API answers 400. */
export class BadNameError extends Error {
  constructor(readonly badName: string) {
    super(`bad file name '${badName}': names are paths under a results directory, without '..', '\\' or a leading '/'`);
  }
}

interface Root {
  label: string;
  path: string; // absolute, real
  file: boolean;
}

interface Cached {
  mtimeMs: number;
  size: number;
  stored: StoredFile;
}

export class ResultStore {
  private readonly cache = new Map<string, Cached>();

  /** `paths`: directories or files; a missing path is reported by `list()`, not here. */
  constructor(private readonly paths: string[]) {
    if (paths.length === 0) throw new Error('ResultStore: give at least one directory or file');
  }

  /** Every JSON file under the roots, sorted by name, each classified. */
  async list(): Promise<Listing[]> {
    const out: Listing[] = [];
    for (const [name, path] of await this.files()) out.push((await this.load(name, path)).listing);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One file by its listed name; null when there is no such file; BadNameError for '..' and the like. */
  async read(name: string): Promise<StoredFile | null> {
    if (name === '' || name.startsWith('/') || name.includes('\\') || name.includes('\0') || name.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      throw new BadNameError(name);
    }
    const path = (await this.files()).get(name);
    return path ? this.load(name, path) : null;
  }

  // Resolved on every call: a directory created after the server started (a study run in
  // another terminal) shows up on the next listing.
  private async rootList(): Promise<Root[]> {
    const roots: Root[] = [];
    for (const p of this.paths) {
      let real: string;
      try {
        real = await realpath(resolve(p));
      } catch {
        continue; // a missing directory lists as empty: `./fave report` before any simulation
      }
      const file = (await stat(real)).isFile();
      roots.push({ label: basename(real), path: real, file });
    }
    // With one directory the names are plain relative paths; with several, each is prefixed by
    // its root's base name so names stay unique and readable.
    const single = roots.length === 1 && !roots[0]!.file;
    if (single) roots[0]!.label = '';
    return roots;
  }

  /** name → absolute path, for every *.json under the roots (symlinks leaving a root skipped). */
  private async files(): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const root of await this.rootList()) {
      if (root.file) {
        map.set(root.label, root.path);
        continue;
      }
      for (const abs of await walk(root.path)) {
        const real = await realpath(abs).catch(() => null);
        if (!real || !(real === root.path || real.startsWith(root.path + sep))) continue;
        const rel = relative(root.path, abs).split(sep).join('/');
        map.set(root.label ? `${root.label}/${rel}` : rel, abs);
      }
    }
    return map;
  }

  private async load(name: string, path: string): Promise<StoredFile> {
    const st = await stat(path);
    const hit = this.cache.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.stored;
    let json: unknown;
    let c: Classification;
    // A file that is not JSON is told by line and column with a short escaped excerpt
    // (sim/input), not quoted raw by V8's message.
    const read = parseJsonText(await readFile(path, 'utf8'));
    if ('issue' in read) {
      json = undefined;
      c = { kind: 'unknown', error: read.issue.message };
    } else {
      try {
        json = read.value;
        c = classify(json);
      } catch (e) {
        json = undefined;
        c = { kind: 'unknown', error: `cannot be classified: ${(e as Error).message}` };
      }
    }
    const stored = { listing: { name, size: st.size, ...c }, json };
    this.cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, stored });
    return stored;
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if ((e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.json')) out.push(p);
  }
  return out;
}
