// A long-lived pocketsphinx decoder: the model loads once per process (the stage's cold
// start), and every call after that only decodes. pocketsphinx 5prealpha has no server mode,
// so `pocketsphinx_batch` reads its control file from a FIFO that stays open: each line names
// one utterance (a file and a frame range), decoded as soon as it arrives, and its `-hypseg`
// line comes back through a second FIFO (the decoder cannot write to /dev/stdout: node's
// child stdio is a socket). Batch mode has no voice activity detection of its own, so the
// caller passes the spans to decode; silence given to it comes back as invented words.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { access, mkdtemp, rm, unlink } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { RecogniserCrashError, RecogniserMissingError, RecogniserTimeoutError } from './errors.ts';
import parseHypsegLine, { type Word } from './hypseg.ts';

export const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export interface RecogniserOptions {
  /** Default pocketsphinx_batch from PATH. */
  binary?: string;
  /** en-us acoustic model, language model and dictionary directory. */
  modelDir?: string;
  /** Extra pocketsphinx_batch arguments (decoder settings), after the stage's own. */
  decoderArgs?: readonly string[];
}

/** Seconds from the start of the file. */
export interface Span {
  start: number;
  end: number;
}

interface Call {
  id: string;
  done: boolean;
  wavPath: string;
  spans: readonly Span[];
  /** Words per span, filled as the utterances come back. */
  parts: Array<Word[] | undefined>;
  remaining: number;
  decoder: Decoder | null;
  timer: NodeJS.Timeout;
  resolve(words: Word[]): void;
  reject(error: Error): void;
}

interface Decoder {
  child: ChildProcess;
  dir: string;
  ctlFd: number;
  out: net.Socket;
  /** Utterance id → its call and span. */
  utterances: Map<string, { call: Call; k: number }>;
  log: string;
  /** Set once the process is gone (or never started): why. */
  ended: Error | null;
}

const run = promisify(execFile);

/** pocketsphinx's default frame rate (-frate 100): control ranges and segments are in frames. */
const FRAMES_PER_SECOND = 100;

export class Recogniser {
  readonly #binary: string;
  readonly #modelDir: string;
  readonly #decoderArgs: readonly string[];
  #decoder: Promise<Decoder> | null = null;
  /** The decoder #decoder resolved to, while it runs. */
  #live: Decoder | null = null;
  #seq = 0;

  constructor(options: RecogniserOptions = {}) {
    this.#binary = options.binary ?? 'pocketsphinx_batch';
    this.#modelDir = options.modelDir ?? MODEL_DIR;
    this.#decoderArgs = options.decoderArgs ?? [];
  }

  /**
   * Decodes the spans of a 16 kHz mono PCM16 wav (the caller checks the format), each as one
   * utterance; words are timed from the file's start. Rejects past timeoutMs.
   */
  async transcribe(wavPath: string, spans: readonly Span[], timeoutMs: number): Promise<Word[]> {
    if (!(timeoutMs > 0)) throw new RangeError(`transcribe: timeoutMs must be positive, got ${timeoutMs}`);
    if (spans.length === 0) return [];
    const started = performance.now();
    const decoder = await this.#running();
    return new Promise<Word[]>((resolve, reject) => {
      const call: Call = {
        id: `u${++this.#seq}`, done: false, wavPath, spans, parts: [], remaining: spans.length, decoder: null, resolve, reject, timer: undefined as unknown as NodeJS.Timeout,
      };
      call.timer = setTimeout(() => this.#timedOut(call, timeoutMs), Math.max(1, timeoutMs - (performance.now() - started)));
      this.#submit(decoder, call);
    });
  }

  /** Loads the model by decoding a moment of silence: what a cold start pays once. */
  async warmUp(timeoutMs = 120_000): Promise<void> {
    const decoder = await this.#running();
    const silence = join(decoder.dir, 'warm-up.wav');
    writeFileSync(silence, silentWav(0.3));
    await this.transcribe(silence, [{ start: 0, end: 0.3 }], timeoutMs);
  }

  /** Ends the decoder: it finishes what it has, or is killed after a short grace. */
  async close(): Promise<void> {
    const pending = this.#decoder;
    this.#decoder = null;
    this.#live = null;
    const d = await pending?.catch(() => null);
    if (!d) return;
    for (const call of callsOf(d)) settle(call, new RecogniserCrashError(null, null, 'the recogniser was closed'));
    d.utterances.clear();
    if (!d.ended) {
      const exited = new Promise((resolve) => d.child.once('close', resolve));
      closeControl(d); // EOF on the control file: pocketsphinx_batch exits by itself
      const grace = setTimeout(() => d.child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(grace);
    }
    d.out.destroy();
    await rm(d.dir, { recursive: true, force: true });
  }

  #running(): Promise<Decoder> {
    this.#decoder ??= this.#start();
    const current = this.#decoder;
    current.catch(() => {
      if (this.#decoder === current) this.#decoder = null; // the next call tries again
    });
    return current;
  }

  async #start(): Promise<Decoder> {
    const hmm = `${this.#modelDir}/en-us`;
    const lm = `${this.#modelDir}/en-us.lm.bin`;
    const dict = `${this.#modelDir}/cmudict-en-us.dict`;
    for (const p of [hmm, lm, dict]) {
      await access(p).catch(() => {
        throw new RecogniserMissingError(`${p} not found: install Debian pocketsphinx-en-us (sudo apt-get install -y --no-install-recommends pocketsphinx pocketsphinx-en-us)`);
      });
    }
    const dir = await mkdtemp(join(tmpdir(), 'fave-recogniser-'));
    await run('mkfifo', [join(dir, 'ctl'), join(dir, 'out')]);
    // O_RDWR: opening a FIFO this way never blocks, and holding it open keeps the decoder
    // waiting for lines instead of seeing EOF between calls.
    const ctlFd = openSync(join(dir, 'ctl'), constants.O_RDWR);
    const outFd = openSync(join(dir, 'out'), constants.O_RDWR | constants.O_NONBLOCK);
    const out = new net.Socket({ fd: outFd, readable: true, writable: false });
    const args = ['-ctl', join(dir, 'ctl'), '-adcin', 'yes', '-cepdir', dir, '-cepext', '.wav', '-hmm', hmm, '-lm', lm, '-dict', dict, '-hypseg', join(dir, 'out'), ...this.#decoderArgs];
    const child = spawn(this.#binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const d: Decoder = { child, dir, ctlFd, out, utterances: new Map(), log: '', ended: null };
    // The decoder lives as long as the stage process; it must not keep that process alive.
    child.unref();
    out.unref();
    (child.stderr as net.Socket).unref();
    child.stderr!.on('data', (b: Buffer) => {
      d.log = (d.log + b.toString()).slice(-4000);
    });
    createInterface({ input: out }).on('line', (line) => this.#answer(d, line));
    child.on('error', (err: NodeJS.ErrnoException) => {
      this.#ended(d, err.code === 'ENOENT' ? new RecogniserMissingError(`${this.#binary} not found: install Debian pocketsphinx (sudo apt-get install -y --no-install-recommends pocketsphinx pocketsphinx-en-us)`) : err);
    });
    child.on('exit', (code, signal) => {
      const tail = d.log.split('\n').filter((l) => l.startsWith('ERROR') || l.startsWith('FATAL')).slice(-5).join('\n');
      this.#ended(d, new RecogniserCrashError(code, signal, tail || d.log.trim().split('\n').slice(-5).join('\n')));
    });
    this.#live = d;
    return d;
  }

  #submit(d: Decoder, call: Call): void {
    if (call.done) return;
    if (d.ended || d.ctlFd < 0) return settle(call, d.ended ?? new RecogniserCrashError(null, null, 'the recogniser was closed'));
    try {
      // The control line names the utterance; the link gives it a name no caller can collide with.
      symlinkSync(call.wavPath, join(d.dir, `${call.id}.wav`));
      call.decoder = d;
      call.parts = [];
      call.remaining = call.spans.length;
      // Control line: file (under -cepdir, without .wav), first and last frame, utterance id.
      const lines = call.spans.map((span, k) => {
        d.utterances.set(`${call.id}-${k}`, { call, k });
        return `${call.id} ${Math.floor(span.start * FRAMES_PER_SECOND)} ${Math.ceil(span.end * FRAMES_PER_SECOND)} ${call.id}-${k}\n`;
      });
      writeSync(d.ctlFd, lines.join(''));
    } catch (err) {
      forget(d, call);
      settle(call, err as Error);
    }
  }

  #answer(d: Decoder, line: string): void {
    const u = parseHypsegLine(line);
    const entry = u && d.utterances.get(u.id);
    if (!u || !entry) return;
    d.utterances.delete(u.id);
    const { call, k } = entry;
    // Segment frames count from the utterance's first frame.
    const offset = Math.floor(call.spans[k]!.start * FRAMES_PER_SECOND) / FRAMES_PER_SECOND;
    call.parts[k] = u.words.map((w) => ({ word: w.word, start: round(w.start + offset), end: round(w.end + offset) }));
    if (--call.remaining > 0) return;
    void unlink(join(d.dir, `${call.id}.wav`)).catch(() => undefined);
    settle(call, null, call.parts.flatMap((p) => p ?? []));
  }

  /** A stuck decoder is killed; the calls queued behind it go to a fresh one. */
  #timedOut(call: Call, timeoutMs: number): void {
    const d = call.decoder;
    settle(call, new RecogniserTimeoutError(timeoutMs));
    if (!d) return;
    forget(d, call);
    const others = callsOf(d);
    d.utterances.clear();
    if (!d.ended) d.child.kill('SIGKILL'); // a stuck decoder ignores polite signals; nothing to flush
    this.#ended(d, new RecogniserTimeoutError(timeoutMs));
    for (const c of others) this.#running().then((fresh) => this.#submit(fresh, c), (err: Error) => settle(c, err));
  }

  #ended(d: Decoder, why: Error): void {
    if (d.ended) return;
    d.ended = why;
    for (const call of callsOf(d)) settle(call, why);
    d.utterances.clear();
    if (this.#live === d) {
      this.#live = null;
      this.#decoder = null;
    }
    closeControl(d);
    d.out.destroy();
    void rm(d.dir, { recursive: true, force: true });
  }
}

/** The calls with utterances still in the decoder, each once. */
function callsOf(d: Decoder): Call[] {
  return [...new Set([...d.utterances.values()].map((u) => u.call))];
}

function forget(d: Decoder, call: Call): void {
  for (const [id, u] of d.utterances) if (u.call === call) d.utterances.delete(id);
}

const round = (s: number): number => Math.round(s * 1000) / 1000;

/** Closes the control FIFO once: a closed fd number may be reused by the next open. */
function closeControl(d: Decoder): void {
  if (d.ctlFd < 0) return;
  closeSync(d.ctlFd);
  d.ctlFd = -1;
}

function settle(call: Call, error: Error | null, words: Word[] = []): void {
  if (call.done) return;
  call.done = true;
  clearTimeout(call.timer);
  call.decoder = null;
  if (error) call.reject(error);
  else call.resolve(words);
}

/** A PCM16 mono 16 kHz wav of silence. */
function silentWav(seconds: number): Buffer {
  const data = Math.round(seconds * 16000) * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(16000, 24);
  b.writeUInt32LE(32000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}
