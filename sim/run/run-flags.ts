// The flags every command that simulates a scenario reads alike (sim, recommend, optimize):
// where the result goes, how many replications, how quiet, how wide the tables (--wide: every
// column, no 100-column limit), the work budget, --help.
export const RUN_FLAGS = {
  replications: { type: 'string' },
  out: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  wide: { type: 'boolean', default: false },
  'max-events': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;
