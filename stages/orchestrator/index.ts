import { runStage } from '../runtime/index.ts';
import { orchestrator } from './stage.ts';

await runStage(orchestrator);
