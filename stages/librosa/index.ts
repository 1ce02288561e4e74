// The librosa OpenFaaS function: `node --import tsx stages/librosa/index.ts` behind of-watchdog.
import { serveStage } from '../runtime/index.ts';
import { librosaStage } from './stage.ts';

await serveStage(librosaStage);
