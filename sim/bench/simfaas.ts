// SimFaaS (pacslab/simfaas) on its own scenario, as a process to time beside FAVE's CLI in
// `./fave bench:start --simfaas <dir>` (start-up.ts). An optional measuring tool, never a
// test dependency: SimFaaS is Python (numpy, pandas, tqdm) and is not installed with FAVE, so
// what is missing is said with what to do about it, and the benchmark stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FaveError } from '../process/errors.ts';

/**
 * SimFaaS's scenario, the one FAVE's bench case lambda-0.9 models (cases.ts): Poisson
 * arrivals at 0.9/s, warm exp(mean 1.991 s), cold exp(mean 2.244 s), keep-alive 600 s,
 * 1e6 s; generate_trace() is SimFaaS's whole simulation (~900k requests), as the issue timed it.
 */
const SCRIPT = [
  'import sys',
  'sys.path.insert(0, sys.argv[1])',
  'from simfaas.ServerlessSimulator import ServerlessSimulator',
  'sim = ServerlessSimulator(arrival_rate=0.9, warm_service_rate=1/1.991, cold_service_rate=1/2.244, expiration_threshold=600, max_time=1e6)',
  'sim.generate_trace(debug_print=False, progress=False)',
].join('\n');

/** The command line (for bash) that runs SimFaaS's scenario from checkout `dir` with `python`. */
export function simfaasCommand(python: string, dir: string): string {
  return `'${python}' -c "${SCRIPT}" '${resolve(dir)}'`;
}

/** Throws a FaveError saying what to install or pass when SimFaaS cannot run from `dir` with `python`. */
export function checkSimfaas(python: string, dir: string): void {
  const entry = join(resolve(dir), 'simfaas', 'ServerlessSimulator.py');
  if (!existsSync(entry)) {
    throw new FaveError(
      `--simfaas ${dir}: no simfaas/ServerlessSimulator.py there. Pass a checkout of pacslab/simfaas ` +
        '(e.g. `git clone https://github.com/pacslab/simfaas`, or `git archive 5dd1623` of a mirror, as docs/performance.md measured)',
    );
  }
  const probe = spawnSync(python, ['-c', 'import numpy, pandas, tqdm'], { encoding: 'utf8' });
  if (probe.error) {
    throw new FaveError(`--python ${python}: did not run (${probe.error.message}). SimFaaS needs Python 3 with numpy, pandas and tqdm; pass the interpreter with --python`);
  }
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`;
    throw new FaveError(
      `--python ${python}: cannot import what SimFaaS needs (${why}). Install numpy, pandas and tqdm for it ` +
        '(Debian: `apt-get install python3-numpy python3-pandas python3-tqdm`, then --python /usr/bin/python3; or `pip install numpy pandas tqdm`)',
    );
  }
}
