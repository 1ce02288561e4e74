// The notebook and report command lines: a mistyped study or flag gets a suggestion, and
// report on a port in use says so and exits, without first claiming to serve.
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../sim/test/run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const notebook = fileURLToPath(new URL('./notebook.ts', import.meta.url));
const report = fileURLToPath(new URL('./report.ts', import.meta.url));

describe('notebook and report command lines', () => {
  let busy: Server | undefined;
  afterAll(() => busy?.close());

  it('notebook suggests the study or flag meant, exit 2', async () => {
    const study = await runCli(notebook, ['timeuots'], root);
    expect(study.code).toBe(2);
    expect(study.stderr).toContain("no study 'timeuots' (did you mean timeouts?)");
    const flag = await runCli(notebook, ['timeouts', '--replication', '2'], root);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--replication' (did you mean --replications?)");
  });

  it('report on a port in use exits 1 naming the port, and never says it serves', async () => {
    busy = createServer();
    const port = await new Promise<number>((resolve) => busy!.listen(0, '127.0.0.1', () => resolve((busy!.address() as { port: number }).port)));
    const r = await runCli(report, ['--port', String(port)], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    expect(r.stdout).not.toContain('FAVE report on');
    const flag = await runCli(report, ['--prot', '8080'], root);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--prot' (did you mean --port?)");
  });
});
