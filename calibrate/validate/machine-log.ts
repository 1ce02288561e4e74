// Reads a live run's machine speed log, `machine.jsonl` (written by live/machine/ beside
// requests.jsonl): one JSON object a line, about one a second,
//   {"t": <seconds since the recorder started>, "probe": <seconds a fixed small CPU job took>,
//    "load1": <1-minute load average>, "steal": <share of CPU time stolen, 0..1, or null>,
//    "run": <seconds on the run's arrival clock, once it started>}.
// The recorder starts before the platform and its warm-up, so `t - run` aligns the two.
// Every error names the file, the line and the field: a trace is never built from half a
// file silently. Fields beyond these four are let through, so the recorder may add some.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MACHINE_FILE, type MachineSample } from '../../live/machine/recorder.ts';
import { InputError } from '../errors.ts';

export { MACHINE_FILE, type MachineSample };

/** The latest time a sample may carry: the scenario's bound on any time (schemas/). */
const MAX_T = 1e9;

export function parseMachineJsonl(text: string, file: string): MachineSample[] {
  const out: MachineSample[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${file}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new InputError(`${at}: not valid JSON (${(e as Error).message})`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new InputError(`${at}: must be a JSON object, got ${JSON.stringify(json).slice(0, 60)}`);
    const r = json as Record<string, unknown>;
    const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    const bad = (field: string, want: string) => new InputError(`${at}: '${field}' must be ${want}, got ${JSON.stringify(r[field]) ?? 'nothing'}`);
    if (!num(r.t) || r.t < 0 || r.t > MAX_T) throw bad('t', `a number of seconds in [0, ${MAX_T}]`);
    if (!num(r.probe) || !(r.probe > 0)) throw bad('probe', 'a number of seconds > 0');
    if (!num(r.load1) || r.load1 < 0) throw bad('load1', 'a number >= 0');
    if (r.steal !== null && (!num(r.steal) || r.steal < 0 || r.steal > 1)) throw bad('steal', 'a number in [0, 1] or null');
    if (r.run !== undefined && (!num(r.run) || r.run < 0 || r.run > r.t)) throw bad('run', `absent, or a number of seconds in [0, t = ${r.t}]`);
    const previous = out[out.length - 1];
    // The recorder samples one after another: times out of order are a broken file.
    if (previous && !(r.t > previous.t)) throw new InputError(`${at}: 't' must be later than the line before's (${previous.t}), got ${r.t}`);
    out.push({ t: r.t, probe: r.probe, load1: r.load1, steal: r.steal as number | null, ...(r.run !== undefined ? { run: r.run as number } : {}) });
  });
  return out;
}

/** The run directory's machine samples, or null when it has no machine.jsonl (a run recorded
 * before the recorder existed, or with it off): the caller says so. */
export function readMachineLog(dir: string): { file: string; samples: MachineSample[] } | null {
  const file = path.join(dir, MACHINE_FILE);
  if (!existsSync(file)) return null;
  const samples = parseMachineJsonl(readFileSync(file, 'utf8'), file);
  if (samples.length === 0) throw new InputError(`${file}: no samples (the machine's speed was not recorded)`);
  return { file, samples };
}
