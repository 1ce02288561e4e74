// The report server: static pages, d3 from the installed package, and a read-only JSON API
// over the result files. Every answer of the API is JSON; errors are {error} with a status.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { STUDIES_DIR, StudyError, loadStudy, studyNames } from '../studies/study.ts';
import { profileView } from './profile-view.ts';
import { searchRoutes, type SearchSource } from './search-routes.ts';
import { BadNameError, ResultStore, type StoredFile } from './store.ts';

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const STUDY_SHELL = join(PUBLIC_DIR, 'study.html');
const STUDIES_INDEX = join(PUBLIC_DIR, 'studies.html');
const D3_FILE = join(dirname(createRequire(import.meta.url).resolve('d3')), 'd3.min.js');

export interface ReportOptions {
  paths: string[]; // result directories or files for /api/results
  studyResults: string; // where `./fave notebook` writes: <dir>/<study>/<scenario>.json
  studiesDir?: string; // study definitions (default notebooks/studies)
  search?: SearchSource; // where the search page reads (default: this process's env and working directory)
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function createApp(opts: ReportOptions): express.Express {
  const store = new ResultStore(opts.paths);
  const studiesDir = opts.studiesDir ?? STUDIES_DIR;
  const app = express();
  app.disable('x-powered-by');

  app.get('/vendor/d3.min.js', (_req, res) => res.sendFile(D3_FILE));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  // The studies' index page (public/studies.html, which lists them through /api/studies).
  app.get('/studies/', (_req, res) => res.sendFile(STUDIES_INDEX));
  // A study's page: one shell for every study (public/study.html), which loads the study's
  // own page.js from beside its study.json.
  app.get('/studies/:study/', (req, res) => {
    try {
      loadStudy(req.params.study, studiesDir);
    } catch (e) {
      if (e instanceof StudyError) return void res.status(404).json({ error: e.message });
      throw e;
    }
    res.sendFile(STUDY_SHELL);
  });
  // Study scripts, never the TypeScript that runs them.
  app.use('/studies', (req, res, next) => {
    const ext = extname(req.path);
    if (ext === '' || ext === '.html' || ext === '.js') return next();
    res.status(404).json({ error: `not served: ${req.path}` });
  }, express.static(studiesDir, { index: false }));

  app.get('/api/results', async (_req, res) => {
    res.json({ paths: opts.paths, files: await store.list() });
  });
  app.get('/api/results/*name', async (req, res) => {
    res.json(servable(await readOr404(store, nameOf(req)), nameOf(req)).json);
  });
  app.get('/api/profile-view/*name', async (req, res) => {
    const file = servable(await readOr404(store, nameOf(req)), nameOf(req));
    if (file.listing.kind !== 'profile') throw new HttpError(400, `${file.listing.name} is a ${file.listing.kind} file, not a calibration profile`);
    res.json(profileView(file.json as CalibrationProfile));
  });

  app.get('/api/studies', (_req, res) => {
    res.json(studyNames(studiesDir).map((name) => describeStudy(name, studiesDir)));
  });
  app.get('/api/studies/:study', async (req, res) => {
    const study = describeStudy(req.params.study, studiesDir);
    const results = await new ResultStore([join(opts.studyResults, study.name)]).list();
    res.json({ ...study, results });
  });
  // A study's reference data: observed.json beside its study.json (what a real system
  // measured, for the page to set beside the predictions). One fixed name per study folder,
  // so nothing else there (scenarios, TypeScript) is reachable this way.
  app.get('/api/studies/:study/observed', (req, res) => {
    const study = describeStudy(req.params.study, studiesDir);
    const file = join(studiesDir, study.name, 'observed.json');
    if (!existsSync(file)) throw new HttpError(404, `study '${study.name}' has no observed.json`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new HttpError(422, `${study.name}/observed.json: not valid JSON (${(e as Error).message})`);
    }
    res.json(json);
  });
  app.get('/api/studies/:study/results/*name', async (req, res) => {
    const study = describeStudy(req.params.study, studiesDir);
    const s = new ResultStore([join(opts.studyResults, study.name)]);
    res.json(servable(await readOr404(s, nameOf(req)), nameOf(req)).json);
  });

  app.use(searchRoutes(opts.search ?? { env: process.env, root: process.cwd() }));

  app.use('/api', (req, res) => {
    res.status(404).json({ error: `no API route ${req.method} ${req.originalUrl}` });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError) return res.status(err.status).json({ error: err.message });
    if (err instanceof BadNameError) return res.status(400).json({ error: err.message });
    if (err instanceof StudyError) return res.status(404).json({ error: err.message, problems: err.problems });
    console.error(err);
    res.status(500).json({ error: (err as Error).message ?? String(err) });
  });
  return app;
}

function nameOf(req: Request): string {
  const p = (req.params as Record<string, string | string[]>)['name'];
  return Array.isArray(p) ? p.join('/') : (p ?? '');
}

async function readOr404(store: ResultStore, name: string): Promise<StoredFile> {
  const file = await store.read(name);
  if (!file) throw new HttpError(404, `no result file named '${name}'`);
  return file;
}

/** A file the views can draw; a malformed one is 422 with the reason the listing shows. */
function servable(file: StoredFile, name: string): StoredFile {
  if (file.listing.error) throw new HttpError(422, `${name} (${file.listing.kind}): ${file.listing.error}`);
  return file;
}

function describeStudy(name: string, dir: string): { name: string; title: string; question: string; scenarios: string[] } {
  const s = loadStudy(name, dir);
  return { name: s.name, title: s.title, question: s.question, scenarios: s.scenarios.map((p) => p.split('/').at(-1)!) };
}
