// Order statistics for the profile builders and the scorecard: d3-array's (R-7, linear
// between order statistics), NaN rather than undefined when there is nothing to order, so a
// missing statistic stays a number the JSON writers and checks already treat as "none".
import { quantile as d3Quantile } from 'd3-array';

export const quantile = (values: readonly number[], q: number): number => d3Quantile(values, q) ?? NaN;

export const median = (values: readonly number[]): number => quantile(values, 0.5);
