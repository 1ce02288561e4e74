// The machine's speed drifting over time: on a shared VM the same work takes longer in some
// minutes than in others, and every call running then is slowed alike (measured here: the
// calibration's warm calls, taken in turns across the stages, share a common factor with sd
// ~9% that wanders over ~20 s). Drawn independently per call, that spread averages out over a
// pipeline's 16 calls; as a common factor it does not, which is what live end-to-end latency
// shows.
//
// Each node's log slowdown x follows an Ornstein-Uhlenbeck process with stationary sd sigma
// and correlation time tau, stepped every tau / STEPS_PER_TAU seconds: x' = ρx + √(1−ρ²)·σ·z
// with ρ = exp(−step / tau). The node's speed is exp(−x); every job on it progresses at that
// multiple of its rate (node-state.ts), and a change reschedules the node's completions.
import type { Uniform } from '../dist/spec.ts';
import { normalDraw } from '../dist/normal.ts';
import type { Engine } from '../engine/engine.ts';
import type { NodeState } from './node-state.ts';

export const STEPS_PER_TAU = 8;

export class NodeSpeed {
  private readonly x: Float64Array;
  private readonly step: number;
  private readonly rho: number;
  private readonly innovation: number;
  private readonly evStep: number;

  constructor(
    private readonly engine: Engine,
    spec: { sigma: number; tau: number },
    private readonly nodes: NodeState[],
    private readonly u: Uniform,
    /** Reschedules a node's completions after its speed changed. */
    private readonly changed: (node: NodeState) => void,
  ) {
    this.x = new Float64Array(nodes.length);
    this.step = spec.tau / STEPS_PER_TAU;
    this.rho = Math.exp(-1 / STEPS_PER_TAU);
    this.innovation = Math.sqrt(1 - this.rho * this.rho) * spec.sigma;
    this.evStep = engine.on('node speed', () => this.onStep());
    // Start in the stationary distribution: the run begins in a random minute.
    for (let i = 0; i < nodes.length; i++) {
      this.x[i] = spec.sigma * this.normal();
      nodes[i]!.speed = Math.exp(-this.x[i]!);
    }
  }

  start(): void {
    this.engine.after(this.step, this.evStep);
  }

  private onStep(): void {
    for (let i = 0; i < this.nodes.length; i++) {
      this.x[i] = this.rho * this.x[i]! + this.innovation * this.normal();
      const node = this.nodes[i]!;
      node.speed = Math.exp(-this.x[i]!);
      this.changed(node);
    }
    this.engine.after(this.step, this.evStep);
  }

  /** A standard normal draw (the uniform kept off 0, where the quantile is −∞). */
  private normal(): number {
    return normalDraw(this.u() * (1 - 2 ** -33) + 2 ** -34);
  }
}
