// The faas-provider REST API data types (github.com/openfaas/faas-provider/types), field
// names exactly as they appear in JSON so a real faas-netes and this embedded provider
// can be swapped behind either gateway.

export interface FunctionResources {
  memory?: string;
  cpu?: string;
}

/** Body of POST/PUT /system/functions. */
export interface FunctionDeployment {
  service: string;
  image: string;
  namespace?: string;
  envProcess?: string;
  envVars?: Record<string, string>;
  constraints?: string[];
  secrets?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  limits?: FunctionResources;
  requests?: FunctionResources;
  readOnlyRootFilesystem?: boolean;
}

/** Element of GET /system/functions and body of GET /system/function/{name}. */
export interface FunctionStatus extends FunctionDeployment {
  name: string;
  invocationCount?: number;
  replicas?: number;
  availableReplicas?: number;
  createdAt?: string;
}

/** Body of POST /system/scale-function/{name}. */
export interface ScaleServiceRequest {
  serviceName: string;
  replicas: number;
}

/** Body of DELETE /system/functions. */
export interface DeleteFunctionRequest {
  functionName: string;
}

/** Body of the provider's GET /system/info. */
export interface ProviderInfo {
  provider: string;
  orchestration: string;
  version: { sha: string; release: string };
}

export const LABEL_SCALE_MIN = 'com.openfaas.scale.min';
export const LABEL_SCALE_MAX = 'com.openfaas.scale.max';
export const LABEL_SCALE_ZERO = 'com.openfaas.scale.zero';
export const LABEL_SCALE_ZERO_DURATION = 'com.openfaas.scale.zero-duration';
/** FAVE-only annotation: the TypeScript entry file a replica runs, relative to the repo root. */
export const ANNOTATION_ENTRY = 'com.fave.entry';
/** FAVE-only annotation: this function's replica readiness, 'stage' or 'watchdog' (live/provider/readiness.ts). */
export const ANNOTATION_READINESS = 'com.fave.readiness';

/** faas-provider's route pattern for function names (serve.go NameExpression), for the gateway's and the provider's routes. */
export const FUNCTION_NAME = '[-a-zA-Z_0-9.]+';
