import { describe, expect, it } from 'vitest';
import { parseFprocess } from './alpine-command.ts';

// The functions/alpine stand-in runs four commands and nothing else (the rest of it runs in
// the provider's certifier-api test and under the certifier itself).
describe('the functions/alpine stand-in', () => {
  it('runs env, cat and sha512sum at fixed paths, and maps /var/openfaas/secrets/<name> to its SECRETS_DIR', () => {
    expect(parseFprocess('env', undefined)).toEqual(['/usr/bin/env', []]);
    expect(parseFprocess(' cat ', undefined)).toEqual(['/usr/bin/cat', []]);
    expect(parseFprocess('sha512sum', undefined)).toEqual(['/usr/bin/sha512sum', []]);
    expect(parseFprocess('cat /var/openfaas/secrets/secret-string', '/run/fn')).toEqual(['/usr/bin/cat', ['/run/fn/secret-string']]);
  });

  it('refuses any other program or argument, so a deploy cannot choose what runs', () => {
    for (const fprocess of ['sh -c id', '/usr/bin/env', 'env FOO=1 id', 'cat /etc/passwd', 'cat /var/openfaas/secrets/../x', 'sha512sum /etc/shadow', '', undefined]) {
      expect(() => parseFprocess(fprocess, '/run/fn'), String(fprocess)).toThrow(/is not one this stand-in runs/);
    }
  });
});
