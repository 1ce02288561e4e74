// bench:start --simfaas is an optional measuring tool: what is missing for it is said with
// what to do, before anything runs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSimfaas, simfaasCommand } from './simfaas.ts';

describe('checkSimfaas', () => {
  it('checkSimfaas names a folder without SimFaaS and where to get it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-simfaas-'));
    expect(() => checkSimfaas('python3', empty)).toThrow(/no simfaas\/ServerlessSimulator\.py there\. Pass a checkout of pacslab\/simfaas/);
  });

  it('checkSimfaas names an interpreter that does not run and says to pass one with --python', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfaas-'));
    mkdirSync(join(dir, 'simfaas'));
    writeFileSync(join(dir, 'simfaas', 'ServerlessSimulator.py'), '');
    expect(() => checkSimfaas(join(dir, 'no-python'), dir)).toThrow(/did not run .*pass the interpreter with --python/);
  });

  it("simfaasCommand runs SimFaaS's scenario from the checkout given", () => {
    const c = simfaasCommand('/usr/bin/python3', '/x/simfaas');
    expect(c).toContain('arrival_rate=0.9, warm_service_rate=1/1.991, cold_service_rate=1/2.244, expiration_threshold=600, max_time=1e6');
    expect(c).toMatch(/^'\/usr\/bin\/python3' -c ".*generate_trace.*" '\/x\/simfaas'$/s);
  });
});
