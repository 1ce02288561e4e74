// Starts a sweep worker thread running TypeScript. On Node 20 a worker's
// `execArgv: ['--import', 'tsx']` does not register tsx before the worker's entry is
// loaded ("Unknown file extension .ts"), so the worker registers tsx itself, here, then
// loads the real entry. Plain JS so it loads without any loader.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
