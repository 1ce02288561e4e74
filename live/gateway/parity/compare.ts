import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Answer, CallsFile } from './record.ts';

// How an answer is compared with the real gateway's recorded one (real-gateway-<commit>.json):
// one rule for the two suites that replay calls.json, parity.test.ts (FAVE's embedded gateway)
// and live/openfaas/real-gateway.opt-in.test.ts (a real gateway at OPENFAAS_URL).

/** The real gateway's answers, recorded by record.ts (its header says how it ran). */
export const REAL_TRANSCRIPT = path.join(import.meta.dirname, 'real-gateway-4679f278.json');

export function readRealAnswers(): Answer[] {
  return (JSON.parse(readFileSync(REAL_TRANSCRIPT, 'utf8')) as { answers: Answer[] }).answers;
}

export interface AllowedDifference {
  id: string;
  /** 'status', 'body' or 'header:<lower-case name>'. */
  field: string;
  reason: string;
}

/** What is compared: the answer without its request line, allowed differences blanked. */
export type Comparable = Omit<Answer, 'request'>;

export interface Comparison {
  mine: Comparable;
  recorded: Comparable;
  /** Allowed differences that no longer differ: the list has gone stale. */
  stale: AllowedDifference[];
}

function field(answer: Answer, name: string): unknown {
  if (name === 'status') return answer.status;
  if (name === 'body') return answer.body;
  return answer.headers[name.replace(/^header:/, '')];
}

/** X-Served-By is `<implementation>/<version>`: the version is the build's, not behaviour (a
 * source build of the real gateway sends none, a release its tag), so only the name counts. */
function servedBy(value: string | undefined): string | undefined {
  return value?.replace(/\/.*$/, '/<version>');
}

/** A function list holds calls.json's functions only: a gateway may front other functions too
 * (the real-gateway suite's provider runs the pipeline's beside them). Null when nothing is
 * left out. */
function ownFunctions(answer: Answer, spec: CallsFile): string | null {
  if (answer.request !== 'GET /system/functions' || answer.status !== 200) return null;
  const names = new Set(spec.functions.map((f) => f.service));
  const list = JSON.parse(answer.body) as Array<{ name?: string }>;
  const own = list.filter((f) => f.name !== undefined && names.has(f.name));
  return own.length === list.length ? null : JSON.stringify(own);
}

/** How Go frames a body it did not get a length for: Content-Length up to its 2048-byte
 * buffer, chunked past it. A list with other functions in it is framed for its own size. */
const FRAMING = ['content-length', 'transfer-encoding'];

function comparable(answer: Answer, blanked: string[], body: string, unframed: boolean): Comparable {
  const headers = { ...answer.headers };
  if (headers['x-served-by'] !== undefined) headers['x-served-by'] = servedBy(headers['x-served-by'])!;
  for (const n of blanked) if (n.startsWith('header:')) delete headers[n.slice('header:'.length)];
  if (unframed) for (const n of FRAMING) delete headers[n];
  return { id: answer.id, headers, status: blanked.includes('status') ? -1 : answer.status, body: blanked.includes('body') ? '<allowed difference>' : body };
}

/** `mine` and `recorded` in the form compared, and which allowed differences went away. */
export function compareAnswer(mine: Answer, recorded: Answer, allowed: AllowedDifference[], spec: CallsFile): Comparison {
  const own = allowed.filter((d) => d.id === recorded.id);
  const stale = own.filter((d) => {
    const norm = (a: Answer) => (d.field === 'header:x-served-by' ? servedBy(field(a, d.field) as string | undefined) : field(a, d.field));
    return JSON.stringify(norm(mine)) === JSON.stringify(norm(recorded));
  });
  const names = own.map((d) => d.field);
  const [mineList, recordedList] = [ownFunctions(mine, spec), ownFunctions(recorded, spec)];
  const unframed = mineList !== null || recordedList !== null;
  return {
    mine: comparable(mine, names, mineList ?? mine.body, unframed),
    recorded: comparable(recorded, names, recordedList ?? recorded.body, unframed),
    stale,
  };
}
