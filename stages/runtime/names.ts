// One spelling of clip and frame names for every artifact key, call key and index entry
// (`clip-003`, `frame-00004`): state.json, S3 keys and the index are joined on these.

export function clipTag(index: number): string {
  return `clip-${String(index).padStart(3, '0')}`;
}

export function frameTag(index: number): string {
  return `frame-${String(index).padStart(5, '0')}`;
}
