import type { Artifacts } from './artifacts.ts';
import type { Env } from './config.ts';
import type { TelemetryPhases } from './telemetry.ts';

export type PhaseName = 'download' | 'compute' | 'upload';

/** What a handler gets for one call; see README.md for the contract of each member. */
export interface StageContext<S = undefined> {
  readonly requestId: string;
  readonly stage: string;
  readonly callId: string | null;
  /** Private to this call; removed after it, also on error. */
  readonly tempDir: string;
  /** What `init` returned. */
  readonly state: S;
  readonly env: Env;
  download(s3Uri: string, localPath: string): Promise<number>;
  upload(localPath: string, name: string): Promise<string>;
  putJson(name: string, value: unknown): Promise<string>;
  getJson<T = unknown>(s3Uri: string): Promise<T>;
  keyFor(name: string): string;
  uriFor(name: string): string;
  /** Times `fn` into the named phase; repeated calls add up. */
  phase<T>(name: PhaseName, fn: () => Promise<T> | T): Promise<T>;
}

export type StageHandler<S = undefined> = (input: unknown, ctx: StageContext<S>) => Promise<object>;

export interface RequestContextInit<S> {
  requestId: string;
  stage: string;
  callId: string | null;
  tempDir: string;
  state: S;
  env: Env;
  artifacts: Artifacts;
}

export class RequestContext<S> implements StageContext<S> {
  readonly requestId: string;
  readonly stage: string;
  readonly callId: string | null;
  readonly tempDir: string;
  readonly state: S;
  readonly env: Env;
  readonly artifacts: Artifacts;
  readonly phases: Pick<TelemetryPhases, PhaseName> = { download: 0, compute: 0, upload: 0 };

  constructor(init: RequestContextInit<S>) {
    this.requestId = init.requestId;
    this.stage = init.stage;
    this.callId = init.callId;
    this.tempDir = init.tempDir;
    this.state = init.state;
    this.env = init.env;
    this.artifacts = init.artifacts;
  }

  download(s3Uri: string, localPath: string): Promise<number> {
    return this.artifacts.download(s3Uri, localPath);
  }

  upload(localPath: string, name: string): Promise<string> {
    return this.artifacts.upload(localPath, name);
  }

  putJson(name: string, value: unknown): Promise<string> {
    return this.artifacts.putJson(name, value);
  }

  getJson<T = unknown>(s3Uri: string): Promise<T> {
    return this.artifacts.getJson<T>(s3Uri);
  }

  keyFor(name: string): string {
    return this.artifacts.keyFor(name);
  }

  uriFor(name: string): string {
    return this.artifacts.uriFor(name);
  }

  async phase<T>(name: PhaseName, fn: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.phases[name] += (performance.now() - start) / 1000;
    }
  }
}
