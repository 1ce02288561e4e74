// The profile as a table on stdout: per stage the medians (with --wide the fitted families,
// sample counts and KS distances too), so a glance says whether the numbers are plausible
// before the file is used. Fits 100 columns unless `wide` (sim/terminal/table.ts).
import { colourOn } from '../../sim/terminal/colour.ts';
import { fitText, renderTable, type Column } from '../../sim/terminal/table.ts';
import { createDistribution } from '../../sim/dist/registry.ts';
import type { CalibrationProfile, Fit } from '../../sim/profile/types.ts';
import { median } from './stats.ts';

/** "0.412 lognormal n=30 ks=0.08 !" (wide) or "0.412 !": the median, then the fit. */
function show(fit: Fit | undefined, wide: boolean): string {
  if (!fit) return '-';
  const d = createDistribution(fit.dist);
  const med = fit.samples && fit.samples.length ? median(fit.samples) : d.mean();
  const detail = wide ? ` ${fit.family.split('(')[0]} n=${fit.n}${fit.ks !== undefined ? ` ks=${fit.ks.toFixed(2)}` : ''}` : '';
  return `${med.toFixed(3)}${detail}${fit.warning ? ' !' : ''}`;
}

const R = 'right' as const;

export function summaryTable(p: CalibrationProfile, o: { wide?: boolean; colour?: boolean } = {}): string {
  const wide = o.wide === true;
  const colour = o.colour ?? colourOn();
  const columns: Column[] = [
    { title: 'stage', wrap: true },
    { title: 'warm s', align: R },
    { title: 'cpu s', align: R },
    { title: 'container\nstart s', align: R },
    { title: 'init s', align: R },
    { title: 'first-call\npenalty s', align: R },
    { title: 'contention\n(c: slowdown)', wrap: true },
    { title: 'cap / workers\n/ interference', wrap: true },
  ];
  const rows = Object.entries(p.stages).map(([name, s]) => [
    name, show(s.warm, wide), show(s.cpu, wide), show(s.containerStart, wide), show(s.init, wide), show(s.firstCall, wide),
    s.contention?.map((c) => `${c.concurrency}: ${c.slowdown.toFixed(2)}`).join(', ') ?? '-', `${s.cpuLimit ?? '-'} / ${s.workers ?? '-'} / ${s.interference ?? '-'}`,
  ]);
  const extra: string[][] = [];
  if (p.fanout) extra.push(['clips per video', show(p.fanout.clipsPerVideo, wide)], ['frames per clip', show(p.fanout.framesPerClip, wide)]);
  for (const [k, f] of Object.entries(p.overheads ?? {})) extra.push([k, show(f, wide)]);
  extra.push(['node cores', String(p.node.cores)]);
  if (p.node.speed) extra.push(['node speed drift', `sd ${p.node.speed.sigma} (log), correlation time ${p.node.speed.tau} s`]);
  const legend =
    'Medians in seconds. warm: a call to a warm replica; cpu: its CPU time; container start: scale request to process listening; ' +
    'init: listening to ready; first-call penalty: the extra time of a process\'s first call. contention: latency multiplier at c calls in one replica, beyond CPU sharing. ' +
    'cap: the most cores one replica used; workers: calls one replica works on at once; interference: slowdown of CPU-bound work when the other cores are busy (0.1 = 10%). ' +
    '! = a warning in the profile: too few samples, or assumed.' +
    (wide ? '' : ' --wide adds the fitted family, n and the KS distance of each fit.');
  return [
    renderTable(columns, rows, { wide, colour }),
    renderTable([{ title: 'measure' }, { title: wide ? 'median and fit' : 'median', wrap: true }], extra, { wide, colour }),
    fitText(legend),
  ].join('\n');
}

/** Every fit's warning with its place in the profile (too few samples, assumed values). */
export function fitWarnings(p: CalibrationProfile): string[] {
  const out: string[] = [];
  const add = (at: string, f: Fit | undefined) => f?.warning && out.push(`${at}: ${f.warning}`);
  for (const [name, s] of Object.entries(p.stages)) {
    for (const k of ['warm', 'cpu', 'containerStart', 'init', 'firstCall'] as const) add(`stages.${name}.${k}`, s[k]);
  }
  add('fanout.clipsPerVideo', p.fanout?.clipsPerVideo);
  add('fanout.framesPerClip', p.fanout?.framesPerClip);
  for (const [k, f] of Object.entries(p.overheads ?? {})) add(`overheads.${k}`, f);
  return out;
}
