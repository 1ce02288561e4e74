import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

// A function sees only the secrets its deployment names, as OpenFaaS mounts them
// (/var/openfaas/secrets/<name>, one file each): the provider copies the named files (the
// secrets API's, or hand-placed ones in secret_mount_path: secrets.ts) into a directory of
// that deployment's own, which its replicas get as
// SECRETS_DIR. The platform's own files there (s3 keys, basic-auth-*) stay out of reach of
// a function that did not name them. Replicas run as the same user as the provider, so
// this is least privilege for code that follows the OpenFaaS contract, not a sandbox
// (docs/security.md).

export class SecretMounts {
  private base: string | undefined;

  /** `source`: where a secret's file is (undefined: none); `parent`: where this provider's directories go. */
  constructor(
    private readonly source: (name: string, namespace: string) => string | undefined,
    private readonly parent: string,
  ) {}

  /**
   * A new directory (0700) holding copies (0600) of exactly `names`, for one deployment:
   * a fresh one per deploy or update, so removing an old one never races a new one.
   */
  create(service: string, names: readonly string[], namespace: string): string {
    if (this.base === undefined) {
      mkdirSync(this.parent, { recursive: true, mode: 0o700 });
      this.base = mkdtempSync(path.join(this.parent, 'provider-'));
    }
    const dir = mkdtempSync(path.join(this.base, `${service}-`));
    try {
      for (const name of names) {
        // Copied then renamed: a replica never reads a half-written file.
        const partial = path.join(dir, `.${name}.partial`);
        const from = this.source(name, namespace);
        if (from === undefined) throw new Error(`secret ${name} not found in namespace ${namespace}`);
        copyFileSync(from, partial);
        chmodSync(partial, 0o600);
        renameSync(partial, path.join(dir, name));
      }
    } catch (error) {
      this.remove(dir);
      throw error;
    }
    return dir;
  }

  remove(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  /** Every directory this provider made (synchronous: also run at process exit). */
  removeAll(): void {
    if (this.base !== undefined) rmSync(this.base, { recursive: true, force: true });
    this.base = undefined;
  }
}
