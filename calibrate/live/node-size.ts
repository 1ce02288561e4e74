// The node size a profile records: where the functions ran. On the embedded platform that is
// this machine; on a cluster it is the cluster's nodes, which OpenFaaS's API does not report
// (GET /system/info names the provider, not its nodes), so the user gives it (--cores,
// --memory-mb). Without it this machine's size is used, and the note and a warning say so:
// never the laptop's silently.

export interface NodeSize {
  cores: number;
  memoryMB: number;
}

export function profileNode(
  embedded: boolean,
  given: { cores?: number; memoryMB?: number } | undefined,
  here: NodeSize,
): { node: NodeSize; note: string; guessed: boolean } {
  const node = { cores: given?.cores ?? here.cores, memoryMB: given?.memoryMB ?? here.memoryMB };
  const guessed = !embedded && (given?.cores === undefined || given?.memoryMB === undefined);
  if (guessed) {
    return { node, guessed, note: `node: ${node.cores} cores, ${node.memoryMB} MB, partly or wholly this machine's, not the cluster's (OpenFaaS does not report node size): give the cluster's with --cores and --memory-mb.` };
  }
  const source = given?.cores !== undefined || given?.memoryMB !== undefined ? 'as given' : 'this machine, where the embedded platform ran';
  return { node, guessed, note: `node: ${node.cores} cores, ${node.memoryMB} MB (${source}).` };
}
