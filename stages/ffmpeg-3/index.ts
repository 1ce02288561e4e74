import { runStage } from '../runtime/index.ts';
import { ffmpeg3 } from './stage.ts';

await runStage(ffmpeg3);
