import { runStage } from '../runtime/index.ts';
import { ffmpeg2 } from './stage.ts';

await runStage(ffmpeg2);
