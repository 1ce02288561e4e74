// The object-detector OpenFaaS function (PP-OCRv4 text detection standing in): `node --import tsx stages/object-detector/index.ts`.
import { serveStage } from '../runtime/index.ts';
import { objectDetectorStage } from './stage.ts';

await serveStage(objectDetectorStage);
