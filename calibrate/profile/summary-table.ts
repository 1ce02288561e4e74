// The profile as a table on stdout: per stage the fitted families with medians, so a glance
// says whether the numbers are plausible before the file is used.
import Table from 'cli-table3';
import { createDistribution } from '../../sim/dist/registry.ts';
import type { CalibrationProfile, Fit } from '../../sim/profile/types.ts';
import { median } from './stats.ts';

function show(fit: Fit | undefined): string {
  if (!fit) return '-';
  const d = createDistribution(fit.dist);
  const med = fit.samples && fit.samples.length ? median(fit.samples) : d.mean();
  return `${med.toFixed(3)} ${fit.family.split('(')[0]} n=${fit.n}${fit.ks !== undefined ? ` ks=${fit.ks.toFixed(2)}` : ''}${fit.warning ? ' !' : ''}`;
}

export function summaryTable(p: CalibrationProfile): string {
  const t = new Table({ head: ['stage', 'warm s (median)', 'cpu s', 'container start s', 'init s', 'first-call penalty s', 'contention (c: slowdown)', 'cap / workers / interference'] });
  for (const [name, s] of Object.entries(p.stages)) {
    const limits = `${s.cpuLimit ?? '-'} / ${s.workers ?? '-'} / ${s.interference ?? '-'}`;
    t.push([name, show(s.warm), show(s.cpu), show(s.containerStart), show(s.init), show(s.firstCall), s.contention?.map((c) => `${c.concurrency}: ${c.slowdown.toFixed(2)}`).join(', ') ?? '-', limits]);
  }
  const extra = new Table({ head: ['measure', 'median and fit'] });
  if (p.fanout) extra.push(['clips per video', show(p.fanout.clipsPerVideo)], ['frames per clip', show(p.fanout.framesPerClip)]);
  for (const [k, f] of Object.entries(p.overheads ?? {})) extra.push([k, show(f)]);
  extra.push(['node cores', String(p.node.cores)]);
  if (p.node.speed) extra.push(['node speed drift', `sd ${p.node.speed.sigma} (log), correlation time ${p.node.speed.tau} s`]);
  return `${t.toString()}\n${extra.toString()}\n(! = a warning in the profile: too few samples, or assumed)`;
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
