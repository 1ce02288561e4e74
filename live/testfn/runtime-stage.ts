import { setTimeout as sleep } from 'node:timers/promises';
import { expectRecord, optionalNumber, runStage } from '../../stages/runtime/index.ts';

// A function on the stage runtime, for the platform's own tests of what the runtime adds to
// the of-watchdog contract (exec_timeout's 504, GET /_/running). A JSON body {sleepMs}
// holds the call that long; it needs S3_BUCKET and credentials in env, and touches no S3.
await runStage({
  name: 'runtime-stage',
  handler: async (input) => {
    const ms = optionalNumber(expectRecord(input), 'sleepMs', 0, { min: 0 });
    await sleep(ms);
    return { sleptMs: ms };
  },
});
