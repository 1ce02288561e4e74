// A study: a question, the scenario files that answer it, and a page that shows the answer.
// `notebooks/studies/<name>/study.json` lists the scenarios (paths relative to the study's
// folder); `runStudy` simulates them into `<results>/studies/<name>/`, where the page reads
// them through the report's API.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenarioFile } from '../../sim/run/run-scenario.ts';
import type { SimResult } from '../../sim/run/result.ts';
import { FaveError } from '../../sim/process/errors.ts';
import { nearNote } from '../../sim/input/did-you-mean.ts';

export const STUDIES_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(STUDIES_DIR, '..', '..');
export const DEFAULT_PROFILE = join(ROOT, 'profiles', 'default.json');

export interface Study {
  name: string;
  title: string;
  question: string;
  scenarios: string[]; // absolute paths
}

/** A study.json that is missing or wrong; `problems` are all of them, each with its JSON path. */
export class StudyError extends FaveError {
  constructor(readonly study: string, readonly problems: string[]) {
    super(`study '${study}': ${problems.join('; ')}`);
  }
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const KEYS = ['$comment', 'title', 'question', 'scenarios'];

/** The studies that have a study.json, sorted. */
export function studyNames(dir = STUDIES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && NAME.test(e.name) && existsSync(join(dir, e.name, 'study.json')))
    .map((e) => e.name)
    .sort();
}

export function loadStudy(name: string, dir = STUDIES_DIR): Study {
  if (!NAME.test(name)) throw new StudyError(name, ['the name must be lower-case letters, digits and dashes']);
  const file = join(dir, name, 'study.json');
  if (!existsSync(file)) throw new StudyError(name, [`no ${file} (studies: ${studyNames(dir).join(', ') || 'none'})`]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StudyError(name, [`$: not valid JSON (${(e as Error).message})`]);
  }
  return parseStudy(name, json, join(dir, name));
}

export function parseStudy(name: string, json: unknown, folder: string): Study {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new StudyError(name, ['$: must be an object']);
  const rec = json as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of Object.keys(rec)) if (!KEYS.includes(k)) problems.push(`$.${k}: unknown key${nearNote(k, KEYS)} (allowed: ${KEYS.join(', ')})`);
  for (const k of ['title', 'question']) {
    if (typeof rec[k] !== 'string' || rec[k] === '') problems.push(`$.${k}: must be a non-empty string, got ${JSON.stringify(rec[k])}`);
  }
  const scenarios = rec['scenarios'];
  const paths: string[] = [];
  if (!Array.isArray(scenarios) || scenarios.length === 0) problems.push('$.scenarios: must be a non-empty array of scenario files');
  else {
    scenarios.forEach((s, i) => {
      if (typeof s !== 'string') return problems.push(`$.scenarios[${i}]: must be a path, got ${JSON.stringify(s)}`);
      const abs = resolve(folder, s);
      if (!existsSync(abs)) return problems.push(`$.scenarios[${i}]: no such file ${abs}`);
      paths.push(abs);
    });
    const bases = paths.map((p) => basename(p));
    bases.forEach((b, i) => {
      if (bases.indexOf(b) !== i) problems.push(`$.scenarios[${i}]: a second scenario named ${b} would overwrite the first's result`);
    });
  }
  if (problems.length) throw new StudyError(name, problems);
  return { name, title: rec['title'] as string, question: rec['question'] as string, scenarios: paths };
}

export interface RunStudyOptions {
  resultsDir: string; // the report's results directory; the study writes into studies/<name>/ under it
  replications?: number; // overrides each scenario's count (tests use few)
  onScenario?: (scenario: string, result: SimResult, out: string) => void;
}

/** Simulates every scenario of the study and writes one result file each; returns their paths. */
export async function runStudy(study: Study, opts: RunStudyOptions): Promise<string[]> {
  const outDir = join(opts.resultsDir, 'studies', study.name);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const scenario of study.scenarios) {
    const result = await runScenarioFile(scenario, { replications: opts.replications, defaultProfile: DEFAULT_PROFILE });
    const out = join(outDir, basename(scenario));
    writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
    written.push(out);
    opts.onScenario?.(scenario, result, out);
  }
  return written;
}
