import path from 'node:path';
import { parse } from 'yaml';
import { nearNote } from '../../sim/input/did-you-mean.ts';
import { StackError } from './errors.ts';
import type { Env } from './env.ts';
import type { FunctionDeployment } from './types.ts';
import { ANNOTATION_ENTRY } from './types.ts';

// faas-cli's stack.yml, read strictly: unknown keys and wrong types are errors that name
// the function and the field. ${VAR} and ${VAR:-default} are substituted as faas-cli does.

export interface StackFunction {
  name: string;
  lang: string;
  handler: string;
  image: string;
  environment: Record<string, string>;
  secrets: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  limits?: { memory?: string; cpu?: string };
  requests?: { memory?: string; cpu?: string };
  buildArgs: Record<string, string>;
}

export interface Stack {
  version: string;
  provider: { name: string; gateway: string };
  functions: StackFunction[];
}

const ROOT_KEYS = ['version', 'provider', 'functions', 'configuration'];
const FUNCTION_KEYS = ['lang', 'handler', 'image', 'environment', 'secrets', 'labels', 'annotations', 'limits', 'requests', 'build_args'];

function substitute(text: string, env: Env): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => env[name] || fallback || '');
}

export default function parseStack(text: string, file: string, env: Env = {}): Stack {
  let doc: unknown;
  try {
    doc = parse(substitute(text, env), { strict: true, uniqueKeys: true });
  } catch (error) {
    throw new StackError(file, '(document)', `not valid YAML: ${(error as Error).message}`);
  }
  const fail = (field: string, reason: string): never => {
    throw new StackError(file, field, reason);
  };
  const record = (value: unknown, field: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(field, 'must be a mapping');
  const str = (value: unknown, field: string): string =>
    typeof value === 'string' && value !== '' ? value : fail(field, 'must be a non-empty string');
  const strMap = (value: unknown, field: string): Record<string, string> => {
    if (value === undefined) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(record(value, field))) {
      // faas-cli turns unquoted numbers and booleans into strings; anything else is a mistake.
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else fail(`${field}.${k}`, 'must be a string, number or boolean');
    }
    return out;
  };
  const resources = (value: unknown, field: string) => {
    if (value === undefined) return undefined;
    const r = record(value, field);
    for (const key of Object.keys(r)) if (key !== 'memory' && key !== 'cpu') fail(`${field}.${key}`, `unknown key${nearNote(key, ['memory', 'cpu'])} (expected memory, cpu)`);
    const map = strMap(r, field);
    return { ...(map.memory ? { memory: map.memory } : {}), ...(map.cpu ? { cpu: map.cpu } : {}) };
  };

  const root = record(doc, '(document)');
  for (const key of Object.keys(root)) {
    if (!ROOT_KEYS.includes(key)) fail(key, `unknown key${nearNote(key, ROOT_KEYS)} (expected ${ROOT_KEYS.join(', ')})`);
  }
  // YAML reads `version: 1.0` as the number 1.
  const rawVersion = root.version ?? fail('version', 'is required');
  const version = typeof rawVersion === 'number' ? rawVersion.toFixed(1) : String(rawVersion);
  if (version !== '1.0') fail('version', `must be 1.0, got ${version}`);
  const provider = record(root.provider, 'provider');
  const functions = Object.entries(record(root.functions, 'functions')).map(([name, raw]): StackFunction => {
    const at = `functions.${name}`;
    const fn = record(raw, at);
    for (const key of Object.keys(fn)) if (!FUNCTION_KEYS.includes(key)) fail(`${at}.${key}`, `unknown key${nearNote(key, FUNCTION_KEYS)} (expected one of ${FUNCTION_KEYS.join(', ')})`);
    const secrets = fn.secrets ?? [];
    if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === 'string')) fail(`${at}.secrets`, 'must be a list of names');
    return {
      name,
      lang: str(fn.lang, `${at}.lang`),
      handler: str(fn.handler, `${at}.handler`),
      image: str(fn.image, `${at}.image`),
      environment: strMap(fn.environment, `${at}.environment`),
      secrets: secrets as string[],
      labels: strMap(fn.labels, `${at}.labels`),
      annotations: strMap(fn.annotations, `${at}.annotations`),
      limits: resources(fn.limits, `${at}.limits`),
      requests: resources(fn.requests, `${at}.requests`),
      buildArgs: strMap(fn.build_args, `${at}.build_args`),
    };
  });
  if (functions.length === 0) fail('functions', 'must name at least one function');
  return {
    version,
    provider: { name: str(provider.name, 'provider.name'), gateway: str(provider.gateway, 'provider.gateway') },
    functions,
  };
}

/** The deploy request faas-cli would send, plus the entry file for the embedded provider. */
export function toDeployment(fn: StackFunction): FunctionDeployment {
  const entry = path.posix.join(path.posix.normalize(fn.handler.replace(/^\.\//, '')), 'index.ts');
  return {
    service: fn.name,
    image: fn.image,
    envVars: fn.environment,
    secrets: fn.secrets,
    labels: fn.labels,
    annotations: { [ANNOTATION_ENTRY]: entry, ...fn.annotations },
    ...(fn.limits ? { limits: fn.limits } : {}),
    ...(fn.requests ? { requests: fn.requests } : {}),
  };
}
