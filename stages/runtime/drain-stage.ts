import { serveStage } from './server.ts';

// Test support for drain.test.ts: a stage process whose calls hold for `holdMs`, and that
// announces on stderr when a call has entered the handler.
await serveStage({
  name: 'drain-test',
  handler: async (input) => {
    process.stderr.write('handler entered\n');
    const holdMs = Number((input as { holdMs?: number }).holdMs ?? 0);
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    return { held: holdMs };
  },
});
