// A small CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF) that reports
// malformed rows by file and line instead of guessing.
import { readFile } from 'node:fs/promises';
import { quoted as quote } from '../input/excerpt.ts';
import { FaveError } from '../process/errors.ts';

export class CsvError extends FaveError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'CsvError';
  }
}

export interface CsvTable {
  file: string;
  header: string[];
  /** One record per data row, keyed by header; `line` is the row's 1-based line in the file. */
  rows: { line: number; values: Record<string, string> }[];
}

export async function readCsv(file: string): Promise<CsvTable> {
  return parseCsv(await readFile(file, 'utf8'), file);
}

export function parseCsv(text: string, file: string): CsvTable {
  const records = splitRecords(text, file);
  const first = records.shift();
  if (!first) throw new CsvError(file, 1, 'empty file: expected a header row');
  const header = first.fields;
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new CsvError(file, first.line, 'empty column name in the header');
    if (seen.has(h)) throw new CsvError(file, first.line, `duplicate column ${quote(h)} in the header`);
    seen.add(h);
  }
  const rows = records.map(({ line, fields }) => {
    if (fields.length !== header.length) {
      throw new CsvError(file, line, `expected ${header.length} fields (${header.join(',')}), got ${fields.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = fields[i]!));
    return { line, values };
  });
  return { file, header, rows };
}

function splitRecords(text: string, file: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let line = 1;
  let start = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let quoteLine = 0;
  const end = (): void => {
    fields.push(field);
    // A blank line (one empty field) is not a record.
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== '') throw new CsvError(file, line, `quote inside an unquoted field ${quote(`${field}"`)}`);
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) throw new CsvError(file, quoteLine, 'unterminated quoted field');
  if (field !== '' || fields.length > 0) end();
  return out;
}
