// How the gateway re-encodes GET /system/functions: AddMetricsHandler (openfaas/faas
// gateway/metrics/add_metrics.go) unmarshals the provider's list into faas-provider's
// FunctionStatus and marshals it again, so fields the struct lacks (a provider's `service`)
// are dropped and empty ones are left out (omitempty).

/** The JSON fields of faas-provider types.FunctionStatus (v0.25.2, function_status.go);
 * all but name and image are omitempty. */
const STATUS_FIELDS = ['name', 'image', 'namespace', 'envProcess', 'envVars', 'constraints', 'secrets', 'labels', 'annotations', 'limits', 'requests', 'readOnlyRootFilesystem', 'invocationCount', 'replicas', 'availableReplicas', 'createdAt', 'usage'];

const POINTERS = ['limits', 'requests', 'usage'];

/** A status as Go's encoding/json writes the struct: its fields only, empty ones left out. */
export function asFunctionStatus(status: object): Record<string, unknown> {
  const empty = (v: unknown) => v === undefined || v === null || v === 0 || v === '' || v === false
    || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);
  const out: Record<string, unknown> = {};
  for (const k of STATUS_FIELDS) {
    const v = (status as Record<string, unknown>)[k];
    // name and image always; limits, requests and usage are pointers, kept unless null.
    const kept = k === 'name' || k === 'image' ? v !== undefined : POINTERS.includes(k) ? v !== undefined && v !== null : !empty(v);
    if (kept) out[k] = v;
  }
  return out;
}
