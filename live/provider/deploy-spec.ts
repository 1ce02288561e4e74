import { statSync } from 'node:fs';
import path from 'node:path';
import parseDuration from '../openfaas/duration.ts';
import { LiveError, RequestError } from '../openfaas/errors.ts';
import parseMemoryQuantity from '../openfaas/quantity.ts';
import type { FunctionDeployment } from '../openfaas/types.ts';
import { ANNOTATION_READINESS, LABEL_SCALE_MAX, LABEL_SCALE_MIN, LABEL_SCALE_ZERO, LABEL_SCALE_ZERO_DURATION } from '../openfaas/types.ts';
import type { ProviderConfig } from './config.ts';
import { checkDeployEnv } from './deploy-env.ts';
import resolveEntry, { STORE_STAND_INS } from './entry.ts';
import { parseFprocess } from '../testfn/alpine-command.ts';
import { deploymentReadiness, type ReadinessMode } from './readiness.ts';
import type { FunctionSettings } from './function-instance.ts';
import type { Namespaces } from './namespaces.ts';

// Validation of a FunctionDeployment, with faas-netes's status codes and wording
// (pkg/handlers/deploy.go, validate.go): every refusal is a 400 "validation failed: ...".

/** RFC 1123 label, as faas-netes requires of service names. */
const VALID_DNS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A secret's file name: no path, no leading dot (so never `.` or `..`). */
const SECRET_NAME = /^[a-zA-Z0-9][-._a-zA-Z0-9]*$/;
/** OpenFaaS CE caps replicas at 5 (faas-netes MaxReplicas). */
export const CE_MAX_REPLICAS = 5;
const DEFAULT_ZERO_DURATION_MS = 15 * 60_000;

/** What the provider knows that a deploy is checked against (namespaces.ts, secrets.ts). */
export interface DeploymentContext {
  namespaces: Namespaces;
  /** The file of secret `name` in `namespace`, or undefined. */
  findSecret(name: string, namespace: string): string | undefined;
}

export interface ParsedDeployment {
  spec: FunctionDeployment;
  /** The namespace it goes to: the spec's, else the provider's function namespace. */
  namespace: string;
  /** All but the secrets directory, which the provider makes once the deploy is accepted. */
  settings: Omit<FunctionSettings, 'secretsDir'>;
  initialReplicas: number;
}

function invalid(reason: string): RequestError {
  return new RequestError(400, `validation failed: ${reason}`);
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function checkShape(body: unknown): FunctionDeployment {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'failed to unmarshal request: expected a JSON object');
  }
  const d = body as Record<string, unknown>;
  for (const key of ['service', 'image', 'namespace', 'envProcess'] as const) {
    if (d[key] !== undefined && typeof d[key] !== 'string') throw new RequestError(400, `failed to unmarshal request: ${key} must be a string`);
  }
  for (const key of ['envVars', 'labels', 'annotations'] as const) {
    if (d[key] !== undefined && d[key] !== null && !isStringMap(d[key])) {
      throw new RequestError(400, `failed to unmarshal request: ${key} must map names to strings`);
    }
  }
  for (const key of ['secrets', 'constraints'] as const) {
    if (d[key] !== undefined && d[key] !== null && !(Array.isArray(d[key]) && (d[key] as unknown[]).every((s) => typeof s === 'string'))) {
      throw new RequestError(400, `failed to unmarshal request: ${key} must be a list of strings`);
    }
  }
  for (const key of ['limits', 'requests'] as const) {
    const r = d[key];
    if (r !== undefined && r !== null && (typeof r !== 'object' || !isStringMap(r))) {
      throw new RequestError(400, `failed to unmarshal request: ${key} must be {memory, cpu} strings`);
    }
  }
  return body as FunctionDeployment;
}

function checkCommunityLabels(labels: Record<string, string>): void {
  if (labels[LABEL_SCALE_ZERO] === 'true') throw invalid(`${LABEL_SCALE_ZERO} not available for Community Edition`);
  if (LABEL_SCALE_ZERO_DURATION in labels) throw invalid(`${LABEL_SCALE_ZERO_DURATION} not available for Community Edition`);
  // Pro's autoscaler settings (faas-netes pkg/handlers/validate.go validateScalingLabels).
  for (const key of ['com.openfaas.scale.target', 'com.openfaas.scale.type']) if (key in labels) throw invalid(`${key} not available for Community Edition`);
  for (const key of [LABEL_SCALE_MAX, LABEL_SCALE_MIN]) {
    if (Number(labels[key]) > CE_MAX_REPLICAS) throw invalid(`${key} is set too high for Community Edition`);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function wrapSpecError(error: unknown): never {
  if (error instanceof LiveError) throw new RequestError(400, `failed create Deployment spec: ${error.message}`);
  throw error;
}

/** Validates a deploy/update body; throws RequestError with faas-netes's status and message. */
export default function parseDeployment(body: unknown, config: ProviderConfig, context?: DeploymentContext): ParsedDeployment {
  const spec = checkShape(body);
  if (!spec.service) throw invalid('service: is required');
  if (!VALID_DNS.test(spec.service)) throw invalid(`service: (${spec.service}) is invalid, must be a valid DNS entry`);
  if (!spec.image) throw invalid('image: is required');
  let namespace = config.namespace;
  if (context) namespace = context.namespaces.resolve(spec.namespace);
  else if (spec.namespace && spec.namespace !== config.namespace) throw new RequestError(400, `namespace must be: ${config.namespace}`);
  const labels = spec.labels ?? {};
  if (config.communityEdition) checkCommunityLabels(labels);
  checkDeployEnv(spec.envVars ?? {});
  for (const secret of spec.secrets ?? []) {
    const found = !SECRET_NAME.test(secret) ? false : context ? context.findSecret(secret, namespace) !== undefined : isFile(path.join(config.secretMountPath, secret));
    if (!found) throw new RequestError(400, `unable to fetch secrets: secret ${secret} not found in namespace ${namespace} (the secrets API, or ${config.secretMountPath})`);
  }
  const resolved = resolveEntry(spec, config.root, config.storeStandIns);
  const entry = resolved.relative;
  if (entry === STORE_STAND_INS['functions/alpine']!.entry) {
    // Refused here rather than by a replica that would exit at every start.
    try {
      parseFprocess(spec.envProcess, '<SECRETS_DIR>');
    } catch (error) {
      throw invalid((error as Error).message);
    }
  }
  let memoryLimitBytes: number | undefined;
  let scaleToZeroAfterMs: number | undefined;
  let readiness: ReadinessMode = config.readiness;
  try {
    readiness = deploymentReadiness(spec.annotations ?? undefined, config.readiness, ANNOTATION_READINESS);
    if (spec.limits?.memory) memoryLimitBytes = parseMemoryQuantity('limits.memory', spec.limits.memory);
    if (spec.requests?.memory) parseMemoryQuantity('requests.memory', spec.requests.memory);
    if (!config.communityEdition && labels[LABEL_SCALE_ZERO] === 'true') {
      const text = labels[LABEL_SCALE_ZERO_DURATION];
      scaleToZeroAfterMs = text ? parseDuration(LABEL_SCALE_ZERO_DURATION, text) : DEFAULT_ZERO_DURATION_MS;
    }
  } catch (error) {
    wrapSpecError(error);
  }
  const min = Number(labels[LABEL_SCALE_MIN]);
  const initialReplicas = Number.isInteger(min) && min > 0 ? min : 1;
  return { spec, namespace, settings: { entry, memoryLimitBytes, memoryScope: resolved.memoryScope, scaleToZeroAfterMs, readiness }, initialReplicas };
}
