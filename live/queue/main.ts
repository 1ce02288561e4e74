// The queue-worker as its own process (`node --import tsx live/queue/main.ts`), as OpenFaaS
// runs it in its own pod: killing it loses nothing, since its unacknowledged messages go to
// the next worker after ack_wait. Configuration is the env (queue-config.ts) plus how to reach
// NATS: nats_url, nats_user and nats_password_file (a file, so the password is in no
// process's environment or command line). SIGTERM or SIGINT: finish the calls in flight (up
// to termination_grace, default 10 s), then exit.
import { readFileSync } from 'node:fs';
import { readDurationMs, readString } from '../openfaas/env.ts';
import { ConfigError } from '../openfaas/errors.ts';
import readQueueWorkerConfig from './queue-config.ts';
import { startQueueWorker } from './queue-worker.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const env = process.env;
  const config = readQueueWorkerConfig(env);
  const passwordFile = readString(env, 'nats_password_file', '');
  if (passwordFile === '') throw new ConfigError('nats_password_file', '', 'is required (the file holding the NATS password)');
  const connection = { url: readString(env, 'nats_url', 'nats://127.0.0.1:4222'), user: readString(env, 'nats_user', 'fave'), password: readFileSync(passwordFile, 'utf8').trim() };
  const graceMs = readDurationMs(env, 'termination_grace', 10_000);
  const worker = await startQueueWorker(config, connection, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: finishing calls in flight, then stopping`);
    void worker.stop(graceMs).then(() => {
      log(`stopped: ${JSON.stringify(worker.stats)}`);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: Error) => {
  process.stderr.write(`queue-worker: ${error.message}\n`);
  process.exit(error instanceof ConfigError ? 3 : 1);
});
