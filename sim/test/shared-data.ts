// Where the reference data lives: `shared/` sits beside the repository (DESIGN.md), on a
// developer's machine and in CI alike, so paths are resolved from this file, never absolute.
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export const sharedData = (relative: string): string => SHARED_DATA + relative;
