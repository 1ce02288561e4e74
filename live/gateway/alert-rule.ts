// The rule half of Community Edition's alert lives in sim/model/alert-rule.ts, so the
// simulator's `evaluation: "chart"` and this gateway compute the same rate() (live may import
// sim; sim imports nothing outside sim/).
export * from '../../sim/model/alert-rule.ts';
