// The deepspeech OpenFaaS function (PocketSphinx standing in): `node --import tsx stages/deepspeech/index.ts`.
import { serveStage } from '../runtime/index.ts';
import { deepspeechStage } from './stage.ts';

await serveStage(deepspeechStage);
