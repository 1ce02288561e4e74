// bench:live's and bench:stages' shared start: BENCH_* counts and their flags.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { benchOptions, envCount } from './options.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('bench options', () => {
  it('envCount takes a whole number ≥ 1, the fallback when unset or empty, and refuses anything else naming the variable', () => {
    vi.stubEnv('BENCH_TEST_COUNT', '');
    expect(envCount('BENCH_TEST_COUNT', 3)).toBe(3);
    vi.stubEnv('BENCH_TEST_COUNT', '12');
    expect(envCount('BENCH_TEST_COUNT', 3)).toBe(12);
    for (const bad of ['0', '-1', '2.5', '1e3', 'x', ' 4']) {
      vi.stubEnv('BENCH_TEST_COUNT', bad);
      expect(() => envCount('BENCH_TEST_COUNT', 3)).toThrow(`BENCH_TEST_COUNT=${JSON.stringify(bad)} is invalid: expected an integer >= 1`);
    }
  });

  it('benchOptions reads --wide, prints the usage and answers null for --help, and refuses a positional argument', () => {
    expect(benchOptions(['--wide'], 'usage: x')).toMatchObject({ wide: true });
    expect(benchOptions([], 'usage: x')).toMatchObject({ wide: false });
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(benchOptions(['--help'], 'usage: x')).toBeNull();
    expect(out).toHaveBeenCalledWith('usage: x');
    expect(() => benchOptions(['extra'], 'usage: x')).toThrow("options only, got 'extra'");
  });
});
