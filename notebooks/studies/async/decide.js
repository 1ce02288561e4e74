// The async study's numbers and its recommendation, computed from the results (never
// written by hand): which way to run a long job, which ack_wait removes duplicates, which
// retry setting gives every job a result soonest. A plain module with no imports, so the
// page (page.js) and a node test (decide.test.ts) run the same code.

const m = (e) => (e && Number.isFinite(e.mean) ? e.mean : NaN);
const fmt = (x, digits = 1) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(digits)) : '–');
const pct = (x) => `${fmt(x * 100, 0)} %`;

/** A setting as the variant ran it: its override (whole object or pointer to the field), else the scenario's. */
function setting(v, pointer, read, fallback) {
  for (const [path, value] of Object.entries(v.overrides ?? {})) {
    if (path === pointer) return value;
    if (pointer.startsWith(`${path}/`)) {
      const got = pointer.slice(path.length + 1).split('/').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), value);
      if (got !== undefined) return got;
      return fallback; // the override replaced the object without this field
    }
  }
  return read(v.scenario) ?? fallback;
}

const editionOf = (v) => setting(v, '/platform/edition', (s) => s.platform?.edition, 'community');
const queueOf = (s) => s.platform?.async?.queues?.['faas-request'];

function longJob(vs) {
  const rows = vs.map((v) => {
    const s = v.summary;
    const async = !!s.async;
    return {
      name: v.name,
      invoke: async ? 'async' : 'sync',
      defaultTimeouts: setting(v, '/platform/gateway/upstreamTimeout', (sc) => sc.platform?.gateway?.upstreamTimeout, 60) <= 60,
      success: m(s.successRate),
      resultP50: m(s.latency.p50),
      resultP95: m(s.latency.p95),
      // A synchronous caller holds its connection until the answer; an asynchronous one gets 202 at once.
      connectionP95: async ? 0 : m(s.latency.p95),
      workGBs: m(s.cost.invocationGBs),
      replicaGBs: m(s.cost.replicaGBs),
      duplicates: async ? m(s.async.duplicates) : 0,
    };
  });
  const top = Math.max(...rows.map((r) => r.success));
  const viable = rows.filter((r) => r.success >= top - 0.005 && top > 0);
  const soonest = (rs) => rs.reduce((a, b) => (a === null || b.resultP95 < a.resultP95 || (b.resultP95 === a.resultP95 && b.replicaGBs < a.replicaGBs) ? b : a), null);
  const best = soonest(viable);
  const bestSync = soonest(viable.filter((r) => r.invoke === 'sync'));
  const bestAsync = soonest(viable.filter((r) => r.invoke === 'async'));
  const text = [];
  const failing = rows.filter((r) => r.defaultTimeouts && r.success < top);
  if (failing.length) {
    text.push(`Under the default timeouts ${failing.map((r) => `${r.name} succeeds ${pct(r.success)}`).join(', ')}: raise the gateway, provider and function timeouts above the job whichever way it is called (the queue-worker calls through the gateway).`);
  }
  let choice = null;
  if (bestAsync && (!bestSync || bestAsync.resultP95 <= bestSync.resultP95 * 1.1)) {
    choice = 'async';
    text.push(`Recommendation: call asynchronously with a callback (${bestAsync.name}): every job succeeds (${pct(bestAsync.success)}), the result comes at p95 ${fmt(bestAsync.resultP95)} s` +
      (bestSync ? ` against ${fmt(bestSync.resultP95)} s synchronously (${bestSync.name}), and no caller holds a connection open for ${fmt(bestSync.connectionP95)} s` : '') +
      `; it costs ${fmt(bestAsync.replicaGBs, 0)} replica GB·s${bestSync ? ` against ${fmt(bestSync.replicaGBs, 0)}` : ''}, with ${fmt(bestAsync.duplicates)} duplicate executions.`);
  } else if (bestSync) {
    choice = 'sync';
    text.push(`Recommendation: if the caller can hold a connection for ${fmt(bestSync.connectionP95)} s, call synchronously with raised timeouts (${bestSync.name}): results at p95 ${fmt(bestSync.resultP95)} s` +
      (bestAsync ? `, ${fmt(bestAsync.resultP95 - bestSync.resultP95)} s sooner than asynchronously (${bestAsync.name}, whose queue-worker runs fewer jobs at once); if it cannot, call asynchronously and accept that wait` : '') +
      `. Cost: ${fmt(bestSync.replicaGBs, 0)} replica GB·s${bestAsync ? ` against ${fmt(bestAsync.replicaGBs, 0)}` : ''}.`);
  } else {
    text.push('No variant succeeded: neither way gives a result under these settings.');
  }
  return { rows, best, bestSync, bestAsync, choice, text };
}

function ackWait(vs) {
  const rows = vs.map((v) => {
    const s = v.summary;
    const pro = editionOf(v) === 'pro';
    const fn = Object.values(s.functions)[0];
    return {
      name: v.name,
      ackWait: setting(v, '/platform/async/queues/faas-request/ackWait', (sc) => queueOf(sc)?.ackWait, 60),
      extendLease: pro && setting(v, '/platform/async/queues/faas-request/extendLease', (sc) => queueOf(sc)?.extendLease, true) !== false,
      jobP99: fn ? m(fn.latency.p99) : NaN,
      jobs: m(s.requests),
      duplicates: s.async ? m(s.async.duplicates) : 0,
      // Each duplicate is an execution's work again: the work beyond one execution per job.
      extraWorkGBs: s.async && m(s.async.executions) > 0 ? (m(s.cost.invocationGBs) * m(s.async.duplicates)) / m(s.async.executions) : 0,
    };
  });
  // The job's p99: the smallest any variant measured (duplicates run the same jobs again).
  const jobP99 = Math.min(...rows.map((r) => r.jobP99).filter(Number.isFinite));
  const dup = rows.filter((r) => r.duplicates > 0 && !r.extendLease);
  const removes = rows.filter((r) => r.duplicates === 0 && !r.extendLease && r.ackWait > jobP99);
  const text = [];
  for (const r of dup) {
    text.push(`${r.name}: ack_wait ${fmt(r.ackWait, 0)} s is ${r.ackWait < jobP99 ? 'below' : 'above'} the job's p99 (${fmt(jobP99)} s): ${fmt(r.duplicates)} duplicate executions per run of ${fmt(r.jobs, 0)} jobs, ${fmt(r.extraWorkGBs, 0)} GB·s of work done twice.`);
  }
  if (removes.length) {
    const r = removes.reduce((a, b) => (b.ackWait < a.ackWait ? b : a));
    text.push(`Recommendation: on a queue-worker that does not extend the lease (Community Edition's), set ack_wait above the longest job's p99: at ${fmt(r.ackWait, 0)} s (p99 ${fmt(jobP99)} s) there are ${fmt(r.duplicates)} duplicates.`);
  } else if (dup.length) {
    text.push(`No variant without lease extension is free of duplicates: raise ack_wait above the job's p99 (${fmt(jobP99)} s).`);
  }
  const kept = rows.filter((r) => r.extendLease);
  if (kept.length) text.push(`With the lease extended (Pro's JetStream queue-worker) ${kept.map((r) => `${r.name} has ${fmt(r.duplicates)}`).join(', ')} duplicates at ack_wait ${fmt(kept[0].ackWait, 0)} s: leave ack_wait at its default there.`);
  return { rows, jobP99, removes, text };
}

function retries(vs) {
  const rows = vs.map((v) => {
    const s = v.summary;
    return { name: v.name, requests: m(s.requests), success: m(s.successRate), retries: s.async ? m(s.async.retries) : 0, giveUps: s.async ? m(s.async.giveUps) : 0, resultP95: m(s.latency.p95) };
  });
  const top = Math.max(...rows.map((r) => r.success));
  const full = rows.filter((r) => r.success >= top - 0.005 && top > 0);
  const best = full.reduce((a, b) => (a === null || b.resultP95 < a.resultP95 ? b : a), null);
  const text = rows.map((r) => `${r.name}: ${pct(r.success)} of ${fmt(r.requests, 0)} jobs succeed, ${fmt(r.retries)} retries, ${fmt(r.giveUps)} given up, result p95 ${fmt(r.resultP95)} s.`);
  if (best) {
    const fewest = Math.min(...full.map((r) => r.retries));
    text.push(`Recommendation: ${best.name}: every job done soonest (p95 ${fmt(best.resultP95)} s) with ${fmt(best.retries)} retries` +
      (best.retries === fewest && full.length > 1 ? ', the fewest of the variants that finish every job' : '') + '.');
  }
  return { rows, best, text };
}

/** `variants`: every variant of the study's three results (scenario names async-long-job, async-ack-wait, async-retries-429). */
export function decide(variants) {
  const of = (name) => variants.filter((v) => v.scenario.name === name);
  return { longJob: longJob(of('async-long-job')), ackWait: ackWait(of('async-ack-wait')), retries: retries(of('async-retries-429')) };
}
