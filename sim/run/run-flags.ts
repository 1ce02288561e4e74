// The flags every command that simulates a scenario reads alike (sim, recommend, optimize):
// where the result goes, how many replications, how quiet, the work budget, --help.
export const RUN_FLAGS = {
  replications: { type: 'string' },
  out: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  'max-events': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;
