// Calls a workflow makes per execution on average, for the work estimate: each Task once,
// times the expected items of every Map around it. Retries, Catch paths and Fail states are
// not counted (the estimate is of the expected case: work-estimate.ts). For VideoSearcher,
// 3 + clips × (3 + frames), as the hard-wired pipeline was estimated.
import type { WorkflowConfig } from '../model/config.ts';
import { MAP, TASK } from '../workflow/plan.ts';

export function expectedCalls(w: WorkflowConfig): number {
  const p = w.plan;
  // Walk each States from its start, carrying the product of the Map counts around it.
  let calls = 0;
  const stack: { state: number; times: number }[] = [{ state: 0, times: 1 }];
  while (stack.length) {
    const { state, times } = stack.pop()!;
    for (let s = state; s >= 0; s = p.next[s]!) {
      if (p.kind[s] === TASK) calls += times;
      const inner = p.kind[s] === MAP ? times * Math.max(0, w.counts[p.map[s]!]!.mean()) : times;
      for (let c = p.childFrom[s]!; c < p.childTo[s]!; c++) stack.push({ state: p.children[c]!, times: inner });
    }
  }
  return calls;
}
