// Validators compiled ahead of time, by schema file. Empty in the source tree, where
// schema-validator.ts compiles each schema on first use (the scenario schema takes ~0.3 s of
// CPU, most of a small simulation's start). The bundles of scripts/build-cli.mjs replace this
// module with ajv's standalone code for the schemas the CLIs read, compiled with the same
// options (AJV_OPTIONS, PROFILE_AJV_OPTIONS), so a bundled CLI starts without compiling them.
import type { ValidateFunction } from 'ajv/dist/2020.js';

export const PRECOMPILED: Record<string, ValidateFunction> = {};

/** The calibration profile's validator, as sim/profile/load.ts compiles it (PROFILE_AJV_OPTIONS). */
export const PRECOMPILED_PROFILE: ValidateFunction | null = null;
