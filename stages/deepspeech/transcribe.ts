import { execFile, spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
// The wav reader lives with the librosa stage; both speech stages read the same 16 kHz PCM16 files.
import { WavFormatError } from '../librosa/errors.ts';
import { parseWav } from '../librosa/wav.ts';
import { AudioInputError, RecogniserCrashError, RecogniserMissingError, RecogniserTimeoutError } from './errors.ts';
import parsePocketsphinxOutput, { type Word } from './pocketsphinx-output.ts';

export const STAND_IN =
  'Mozilla DeepSpeech is not installable here; CMU PocketSphinx (Debian pocketsphinx + pocketsphinx-en-us, an offline HMM recogniser) stands in for it. Accuracy on synthetic speech is modest.';

export const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export interface TranscribeOptions {
  /** Kill the recogniser after this long. Default 60 s (the gateway's upstream timeout). */
  timeoutMs?: number;
  /** Recogniser binary; default pocketsphinx_continuous from PATH. */
  binary?: string;
  /** en-us acoustic model, language model, and dictionary directory. */
  modelDir?: string;
}

export interface Transcript {
  engine: `pocketsphinx ${string} en-us`;
  text: string;
  words: Word[];
  standIn: string;
}

let versionPromise: Promise<string> | null = null;

/** The installed pocketsphinx version, from dpkg (the CLI of 5prealpha has no --version). */
export function pocketsphinxVersion(): Promise<string> {
  versionPromise ??= new Promise((resolve) => {
    execFile('dpkg-query', ['-W', '-f', '${Version}', 'pocketsphinx'], (err, stdout) => {
      // Debian revision ("-15") is packaging, not the engine: drop it.
      resolve(err || !stdout.trim() ? 'unknown' : stdout.trim().replace(/-[^-]+$/, ''));
    });
  });
  return versionPromise;
}

/** Check the file is 16 kHz mono PCM16 wav: pocketsphinx would silently decode anything else as noise. */
async function checkInput(path: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new AudioInputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let audio;
  try {
    audio = parseWav(bytes, path);
  } catch (err) {
    if (err instanceof WavFormatError) throw new AudioInputError(path, err.reason);
    throw err;
  }
  if (audio.sampleRate !== 16000) throw new AudioInputError(path, `sample rate ${audio.sampleRate} Hz, expected 16000 (ffmpeg-2 writes 16 kHz)`);
  if (audio.channels !== 1) throw new AudioInputError(path, `${audio.channels} channels, expected mono`);
}

function run(binary: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let log = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL'); // a stuck decoder ignores polite signals; nothing to flush
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-2000);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new RecogniserMissingError(`${binary} not found: install Debian pocketsphinx (see .ci/apt-packages)`) : err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new RecogniserTimeoutError(timeoutMs));
      else if (code !== 0) reject(new RecogniserCrashError(code, signal, log.trim().split('\n').slice(-5).join('\n')));
      else resolve(Buffer.concat(out).toString('utf8'));
    });
  });
}

/**
 * Transcribe a 16 kHz mono PCM16 wav: the deepspeech stage's core. Each call starts a
 * recogniser process, so every call pays the model load (there is no warm state to keep).
 */
export default async function transcribe(wavPath: string, opts: TranscribeOptions = {}): Promise<Transcript> {
  const { timeoutMs = 60_000, binary = 'pocketsphinx_continuous', modelDir = MODEL_DIR } = opts;
  if (!(timeoutMs > 0)) throw new RangeError(`transcribe: timeoutMs must be positive, got ${timeoutMs}`);
  await checkInput(wavPath);
  const hmm = `${modelDir}/en-us`;
  const lm = `${modelDir}/en-us.lm.bin`;
  const dict = `${modelDir}/cmudict-en-us.dict`;
  for (const p of [hmm, lm, dict]) {
    await access(p).catch(() => {
      throw new RecogniserMissingError(`${p} not found: install Debian pocketsphinx-en-us (see .ci/apt-packages)`);
    });
  }
  // No -logfn: the log goes to stderr (which we keep for errors); -logfn /dev/stderr fails on node's socket pipes.
  const args = ['-infile', wavPath, '-hmm', hmm, '-lm', lm, '-dict', dict, '-time', 'yes'];
  const [stdout, version] = await Promise.all([run(binary, args, timeoutMs), pocketsphinxVersion()]);
  const words = parsePocketsphinxOutput(stdout);
  return { engine: `pocketsphinx ${version} en-us`, text: words.map((w) => w.word).join(' '), words, standIn: STAND_IN };
}
