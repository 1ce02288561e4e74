// Where the reference data lives: the repository's own `data/` (see data/README.md for each
// file's source, licence and derivation). Paths are resolved from this file, never absolute,
// so tests run from any working directory.
import { fileURLToPath } from 'node:url';

export const REFERENCE_DATA = fileURLToPath(new URL('../../data/', import.meta.url));

export const referenceData = (relative: string): string => REFERENCE_DATA + relative;
