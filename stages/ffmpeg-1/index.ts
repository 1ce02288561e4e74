import { runStage } from '../runtime/index.ts';
import { ffmpeg1 } from './stage.ts';

await runStage(ffmpeg1);
