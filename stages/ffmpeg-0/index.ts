import { runStage } from '../runtime/index.ts';
import { ffmpeg0 } from './stage.ts';

await runStage(ffmpeg0);
