import path from 'node:path';
import type { FunctionDeployment, FunctionStatus } from '../openfaas/types.ts';
import { Replica } from './replica.ts';
import type { ProviderConfig } from './config.ts';
import type { ReplicaTmp } from './replica-tmp.ts';
import type { MemoryScope } from './entry.ts';
import type { ReadinessMode } from './readiness.ts';
import { rollOut } from './rolling-update.ts';

// A deployed function: its spec, the replica count asked for and the replica processes
// that realise it (the embedded stand-in for a Deployment + its pods + its Service).

const MAX_BACKOFF_MS = 300_000;
/** Host variables a process needs to run at all; nothing else leaks from the provider. */
const HOST_ENV = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
/** Preloaded into each replica so it dies with the provider (lifeline.ts). */
const LIFELINE = new URL('./lifeline.ts', import.meta.url).href;

export interface FunctionSettings {
  entry: string;
  /** This deployment's own secrets directory (SecretMounts): only the secrets it names. */
  secretsDir: string;
  memoryLimitBytes: number | undefined;
  /** What the limit is measured on (entry.ts MemoryScope); 'tree' when not said. */
  memoryScope?: MemoryScope;
  /** Idle time before scaling to zero, when the function opted in and the edition allows. */
  scaleToZeroAfterMs: number | undefined;
  /** From com.fave.readiness, else the provider's `readiness` (readiness.ts). */
  readiness: ReadinessMode;
}

export class FunctionInstance {
  desired: number;
  readonly replicas: Replica[] = [];
  invocationCount = 0;
  inflight = 0;
  lastActivity = Date.now();
  readonly createdAt = new Date();
  private sequence = 0;
  private crashes = 0;
  private restartAt = 0;
  private removed = false;
  /** Replicas whose port is still being found: counted so reconcile does not double-start. */
  private pending = 0;
  /** Which update is rolling out (each PUT takes over from the one before); 0: none yet. */
  private rollout = 0;
  private rolling = false;

  constructor(
    public spec: FunctionDeployment,
    public settings: FunctionSettings,
    initialReplicas: number,
    private readonly config: ProviderConfig,
    private readonly log: (line: string) => void,
    private readonly tmp: ReplicaTmp,
    /** Where each line a replica writes goes besides the log (the logs API): (replica id, line). */
    private readonly onOutput?: (instance: string, line: string) => void,
  ) {
    this.desired = initialReplicas;
  }

  get name(): string {
    return this.spec.service;
  }

  /** Replicas not on their way out. */
  private live(): Replica[] {
    return this.replicas.filter((r) => r.state !== 'terminating' && r.state !== 'exited');
  }

  /** Calls its processes are still working on, answered or not: what `inflight` (counted
   * at the proxy) misses once a caller got a 504 or gave up while the work went on. */
  async running(): Promise<number> {
    const counts = await Promise.all(this.replicas.map((r) => r.running()));
    return counts.reduce((a, b) => a + b, 0);
  }

  ready(): Replica[] {
    return this.replicas.filter((r) => r.ready);
  }

  /** Kubernetes service routing: any ready endpoint, uniformly at random. */
  pickReady(random: () => number = Math.random): Replica | undefined {
    const ready = this.ready();
    return ready.length === 0 ? undefined : ready[Math.floor(random() * ready.length)];
  }

  get namespace(): string {
    return this.spec.namespace || this.config.namespace;
  }

  status(): FunctionStatus {
    const { service, ...rest } = this.spec;
    return {
      ...rest,
      service,
      name: service,
      namespace: this.namespace,
      // faas-netes labels a function's pods faas_function=<name>, the user's labels over it
      // (pkg/handlers/deploy.go makeDeploymentSpec at d20fea66), and reports those labels.
      labels: { faas_function: service, ...(this.spec.labels ?? {}) },
      replicas: this.desired,
      availableReplicas: this.ready().length,
      invocationCount: this.invocationCount,
      createdAt: this.createdAt.toISOString(),
    };
  }

  scale(replicas: number): void {
    this.desired = replicas;
    this.crashes = 0;
    this.restartAt = 0;
    this.reconcile();
  }

  /** A rolling update (rolling-update.ts): new replicas start one at a time beside the old
   * ones, each old one stopping once a new one is ready. `replicas`: the count the update sets
   * (faas-netes update.go sets com.openfaas.scale.min's, when the label is there). Resolves
   * once the old replicas, which read the previous settings, have all exited. */
  async update(spec: FunctionDeployment, settings: FunctionSettings, replicas?: number): Promise<void> {
    this.spec = spec;
    this.settings = settings;
    if (replicas !== undefined) this.desired = replicas;
    const generation = ++this.rollout;
    const old = new Set(this.live());
    this.rolling = true;
    try {
      await rollOut(
        {
          desired: () => this.desired,
          live: () => this.live(),
          startNew: () => this.startReplica(),
          stop: (r) => void r.stop(this.config.terminationGraceMs),
          current: () => !this.removed && this.rollout === generation,
        },
        old,
        { pollMs: Math.min(100, this.config.readinessPeriodMs), retryDelayMs: this.config.restartBackoffMs },
      );
    } finally {
      if (this.rollout === generation) {
        this.rolling = false;
        this.reconcile();
      }
    }
    await Promise.all([...old].map((r) => r.exited));
  }

  /** Starts or stops replicas until the live count matches `desired`. */
  reconcile(now = Date.now()): void {
    // During a rollout the rollout keeps the counts (it may run one over, maxSurge).
    if (this.removed || this.rolling) return;
    const live = this.live();
    const count = live.length + this.pending;
    if (count > this.desired) {
      // Kubernetes removes not-ready pods first, then the youngest.
      const victims = [...live]
        .sort((a, b) => Number(a.ready) - Number(b.ready) || b.startedAt - a.startedAt)
        .slice(0, Math.max(0, count - this.desired));
      for (const r of victims) void r.stop(this.config.terminationGraceMs);
    } else if (count < this.desired && now >= this.restartAt) {
      this.reconcileUp(this.desired - count);
    }
  }

  private reconcileUp(count: number): void {
    for (let i = 0; i < count; i++) void this.startReplica();
  }

  private async startReplica(): Promise<Replica | undefined> {
    const id = `${this.name}-${++this.sequence}`;
    const env: Record<string, string> = {};
    for (const key of HOST_ENV) if (process.env[key] !== undefined) env[key] = process.env[key]!;
    Object.assign(env, {
      ...(this.spec.envProcess ? { fprocess: this.spec.envProcess } : {}),
      ...(this.settings.memoryLimitBytes ? { memory_limit_mb: String(Math.floor(this.settings.memoryLimitBytes / 2 ** 20)) } : {}),
      ...this.spec.envVars,
      // The provider's own, after the deployment's (which may not name them: deploy-env.ts).
      HOSTNAME: id,
      // The stage runtime listens on loopback only and refuses foreign Host/Origin headers.
      HOST: '127.0.0.1',
      LOCAL_ONLY: 'true',
      // Where the stage runtime reads secrets (/var/openfaas/secrets in a cluster).
      SECRETS_DIR: this.settings.secretsDir,
    });
    this.pending++;
    let privateTmp: string | undefined;
    try {
      // Told to the replica as its TMPDIR, where Node's os.tmpdir() and the stages put temp files.
      if (this.config.privateTmp) env.TMPDIR = privateTmp = await this.tmp.make(id, this.spec.envVars?.TMPDIR);
    } catch (error) {
      this.pending--;
      this.log(`[${id}] cannot create its TMPDIR: ${(error as Error).message}`);
      return undefined;
    }
    const replica = await Replica.start({
      id,
      command: process.execPath,
      args: ['--import', 'tsx', '--import', LIFELINE, path.resolve(this.config.root, this.settings.entry)],
      cwd: this.config.root,
      env,
      readinessInitialDelayMs: this.config.readinessInitialDelayMs,
      readinessPeriodMs: this.config.readinessPeriodMs,
      readinessFailureThreshold: this.config.readinessFailureThreshold,
      readinessTimeoutMs: this.config.readinessTimeoutMs,
      readiness: this.settings.readiness,
      log: this.log,
      ...(this.onOutput ? { onOutput: (line: string) => this.onOutput!(id, line) } : {}),
    }).finally(() => this.pending--);
    this.replicas.push(replica);
    if (this.removed) replica.kill('removed');
    void replica.exited.then((exit) => {
      this.replicas.splice(this.replicas.indexOf(replica), 1);
      // The pod's filesystem goes with the pod, whatever the stage left in it.
      if (privateTmp) void this.tmp.remove(privateTmp).catch(() => undefined);
      if (exit.reason === 'stopped' || exit.reason === 'removed' || exit.reason === 'shutdown') return;
      // Restart policy Always, with CrashLoopBackOff-style doubling delays.
      const crashes = replica.readyAt === undefined ? ++this.crashes : (this.crashes = 1);
      const delay = Math.min(this.config.restartBackoffMs * 2 ** (crashes - 1), MAX_BACKOFF_MS);
      this.restartAt = Date.now() + (crashes <= 1 ? 0 : delay);
      this.log(
        `[${replica.id}] exited (code ${exit.code}, signal ${exit.signal}${exit.reason ? `, ${exit.reason}` : ''}); ` +
          `restart in ${Math.max(0, this.restartAt - Date.now())} ms`,
      );
      setTimeout(() => this.reconcile(), Math.max(0, this.restartAt - Date.now())).unref();
    });
    return replica;
  }

  /** Stops every replica; the function will not start new ones. */
  async remove(graceMs: number, reason = 'removed'): Promise<void> {
    this.removed = true;
    this.desired = 0;
    await Promise.all([...this.replicas].map((r) => r.stop(graceMs, reason)));
  }

  /** Synchronous last resort for process exit. */
  killAll(): void {
    this.removed = true;
    for (const r of this.replicas) r.kill('shutdown');
  }
}
