// Reads the trace files an `azure-trace` workload names (paths relative to the scenario
// file) and parses them. The only file I/O of trace replay; the parsers are pure.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../scenario/errors.ts';
import type { WorkloadSpec } from '../scenario/types.ts';
import { parseAzure2019 } from './azure2019.ts';
import { parseAzure2021 } from './azure2021.ts';
import { type TraceData, TraceError } from './trace-data.ts';
import { CsvError } from './csv.ts';

type AzureSpec = Extract<WorkloadSpec, { executor: 'azure-trace' }>;

export function readTrace(spec: AzureSpec, scenarioPath: string): TraceData {
  const base = dirname(scenarioPath);
  const read = (key: 'invocations' | 'durations' | 'memory' | 'file') => {
    const rel = spec[key];
    if (!rel) throw new ConfigError(scenarioPath, [{ path: `$.workload.${key}`, message: `an ${spec.format} trace needs '${key}'` }]);
    const file = resolve(base, rel);
    try {
      return { text: readFileSync(file, 'utf8'), file };
    } catch (e) {
      throw new ConfigError(scenarioPath, [{ path: `$.workload.${key}`, message: `cannot read ${file}: ${(e as Error).message}` }]);
    }
  };
  // A malformed trace file is bad input like a bad scenario: a ConfigError (exit 2) at the
  // workload, whose message names the file and line.
  try {
    if (spec.format === 'azure2019') {
      return parseAzure2019({ invocations: read('invocations'), durations: read('durations'), memory: read('memory') }, spec);
    }
    const f = read('file');
    return parseAzure2021(f.text, f.file, spec);
  } catch (e) {
    if (e instanceof TraceError || e instanceof CsvError) throw new ConfigError(scenarioPath, [{ path: '$.workload', message: e.message }]);
    throw e;
  }
}
