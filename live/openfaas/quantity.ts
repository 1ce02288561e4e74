import { ConfigError } from './errors.ts';

// Kubernetes resource quantities as used in `limits.memory` ("512Mi", "1G", "128974848").
const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};
const QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?$/;

/** Parses a memory quantity into bytes; `field` names it in errors. */
export default function parseMemoryQuantity(field: string, value: string): number {
  const match = QUANTITY.exec(value.trim());
  if (!match) throw new ConfigError(field, value, 'expected a Kubernetes quantity such as "512Mi", "1Gi" or "256M"');
  const bytes = Number(match[1]) * SUFFIX[match[2] ?? '']!;
  if (bytes <= 0) throw new ConfigError(field, value, 'must be greater than zero');
  return Math.round(bytes);
}
