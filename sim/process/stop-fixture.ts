// Run by on-stop.test.ts as the last process of a launcher chain: prints its chain, then
// every stop request it gets as a JSON line; exits on the second, or when the launcher is gone.
import { launcherChain } from './launcher-watch.ts';
import { onStop } from './on-stop.ts';

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
onStop(
  (request) => {
    print(request);
    if (request.count >= 2 || request.cause === 'launcher gone') process.exit(0);
  },
  { intervalMs: 50 },
);
print({ pid: process.pid, chain: launcherChain() });
setInterval(() => undefined, 1_000);
