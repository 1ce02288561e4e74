// The Alertmanager half of Community Edition's alert lives in sim/model/alert-groups.ts,
// shared with the simulator's `evaluation: "chart"`.
export * from '../../sim/model/alert-groups.ts';
