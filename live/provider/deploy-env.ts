import { RequestError } from '../openfaas/errors.ts';

// Which environment variables a deploy request may give a replica. In a cluster the image
// decides how its process starts; here a replica is a process on the user's own machine,
// started by `node --import tsx <entry>`, so a variable that changes how a process is
// loaded or run would let a deploy run any code it likes: a probe did it with
// NODE_OPTIONS=--import=data:text/javascript,...execSync(...). Those are refused with a 400
// naming the key, by family (prefix) and by name; docs/security.md has the list and why.
// Names compare case-insensitively: refusing `node_options` too costs nothing.

/** Families of loader and runtime switches, each of which can load or run other code. */
export const REFUSED_PREFIXES: readonly string[] = [
  'LD_', // glibc's loader: LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT load shared objects into every process
  'DYLD_', // macOS's loader, the same
  'NODE_', // NODE_OPTIONS (--import, --require), NODE_PATH, NODE_EXTRA_CA_CERTS, NODE_TLS_REJECT_UNAUTHORIZED
  'NPM_CONFIG_', // npm's config (script-shell, node-options) for anything a stage runs through npm/npx
  'TSX_', // tsx loads the entry: TSX_TSCONFIG_PATH brings path aliases that remap imports
  'ESBUILD_', // esbuild under tsx: ESBUILD_BINARY_PATH runs another binary
  'OPENSSL_', // OPENSSL_CONF, OPENSSL_MODULES: OpenSSL loads engines and providers (shared objects)
  'PYTHON', // PYTHONPATH, PYTHONSTARTUP, PYTHONHOME, PYTHONINSPECT for Python children
  'PERL5', // PERL5OPT, PERL5LIB, PERL5DB
  'RUBY', // RUBYOPT, RUBYLIB
  'GCONV_', // glibc's iconv modules (shared objects)
  'BASH_FUNC_', // exported shell functions, run by any bash child
];

/** Single variables with the same power. */
export const REFUSED_NAMES: readonly string[] = [
  'PATH', // which ffmpeg, pocketsphinx, sh a stage runs
  'BASH_ENV', // a file bash sources before any non-interactive script
  'ENV', // the same for sh/dash
  'SHELLOPTS', 'BASHOPTS', 'PS4', 'IFS', 'CDPATH', 'GLOBIGNORE', 'PROMPT_COMMAND', // shells' behaviour
  'PERLLIB', 'LOCPATH', // Perl's library path; glibc's locale files
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', // agents loaded into any JVM child
];

/** Allowed although a prefix covers it: it changes no loading. */
const ALLOWED: readonly string[] = ['NODE_ENV'];

/** Set by the provider for each replica; a deploy changing them would break the contract
 * (PORT, HOST: where it listens; SECRETS_DIR: which secrets it sees; LOCAL_ONLY: whether
 * its server refuses foreign Host/Origin; HOSTNAME: its replica id). */
export const PROVIDER_NAMES: readonly string[] = ['PORT', 'HOST', 'HOSTNAME', 'SECRETS_DIR', 'LOCAL_ONLY'];

/** Kubernetes' rule for env names (C identifier plus '-' and '.'). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Why a deploy may not set `key` (undefined when it may). */
export function refusedReason(key: string): string | undefined {
  const upper = key.toUpperCase();
  if (!ENV_NAME.test(key)) return 'is not a valid environment variable name';
  if (PROVIDER_NAMES.includes(upper)) return 'is set by the provider for each replica';
  if (ALLOWED.includes(upper)) return undefined;
  if (REFUSED_NAMES.includes(upper) || REFUSED_PREFIXES.some((p) => upper.startsWith(p))) {
    return 'changes how the replica process is loaded or run';
  }
  return undefined;
}

/** Throws a 400 naming the first variable a deploy may not set. */
export function checkDeployEnv(envVars: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(envVars)) {
    const reason = refusedReason(key);
    if (reason) throw new RequestError(400, `validation failed: envVars: ${key} ${reason} (see docs/security.md)`);
    // spawn() would throw on it: refuse it here, where the caller learns why.
    if (value.includes('\0')) throw new RequestError(400, `validation failed: envVars: ${key} contains a NUL byte`);
  }
}
