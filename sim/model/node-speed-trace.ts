// The machine's speed as it was measured, replayed: a live run records how long a fixed small
// CPU job took about every second (machine.jsonl), and calibrate/validate turns that into
// speed = baseline / probe. Replaying it takes the machine's noise out of the comparison
// between a live run and the model, so what is left is the model's own error.
//
// The speed is piecewise constant: speed[i] from at[i] until at[i + 1], the last one to the
// end of the run. It is one machine, so every node of the platform gets it. Unlike NodeSpeed
// (the Ornstein-Uhlenbeck drift) it draws no random numbers, so every other part of the model
// sees exactly the random streams it sees without a trace. resolve.ts has already checked the
// trace (at[0] = 0, strictly increasing, speeds in bounds) and dropped points that repeat the
// speed before them, so each event here is a real change: a respeed with an unchanged speed
// would still advance every job's remaining work in floating point and move its completion
// by an ulp.
import type { Engine } from '../engine/engine.ts';
import type { SpeedTrace } from './config.ts';
import type { NodeState } from './node-state.ts';

export class NodeSpeedTrace {
  /** The point whose speed holds now. */
  private i = 0;
  private readonly ev: number;

  constructor(
    private readonly engine: Engine,
    private readonly trace: SpeedTrace,
    private readonly nodes: NodeState[],
    /** Reschedules a node's completions after its speed changed. */
    private readonly changed: (node: NodeState) => void,
  ) {
    this.ev = engine.on('node speed trace', () => this.onStep());
    // No job runs yet: the speed at 0 needs no respeed.
    for (const node of nodes) node.speed = trace.speed[0]!;
  }

  start(): void {
    if (this.trace.at.length > 1) this.engine.at(this.trace.at[1]!, this.ev);
  }

  private onStep(): void {
    this.i++;
    const speed = this.trace.speed[this.i]!;
    for (const node of this.nodes) {
      node.speed = speed;
      this.changed(node);
    }
    if (this.i + 1 < this.trace.at.length) this.engine.at(this.trace.at[this.i + 1]!, this.ev);
  }
}
