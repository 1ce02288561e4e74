import { ConfigError, RequestError } from '../openfaas/errors.ts';

// Which namespaces the embedded provider serves, and which one a request means. As faas-netes
// did while the certifier at 2e39d05 was written (openfaas/faas-netes d20fea66, April 2022,
// pkg/handlers/namespaces.go): the function namespace plus the namespaces an administrator
// marked for OpenFaaS (there, the `openfaas` annotation; here, `provider_namespaces`). Later
// CE releases serve the function namespace only (faas-netes b6808728, "Use a primary
// namespace for OpenFaaS CE"): that is what an empty `provider_namespaces` gives.
//
// Functions of the default namespace are keyed by their name alone, those of another by
// "name.namespace" (function names are DNS labels, never dotted): the provider's `functions`
// map and everything that reads it by name stay as they were for the default namespace.

/** RFC 1123 label, what Kubernetes requires of a namespace name. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export class Namespaces {
  readonly all: readonly string[];

  constructor(
    readonly defaultNamespace: string,
    extra: readonly string[] = [],
  ) {
    this.all = [...new Set([defaultNamespace, ...extra])];
  }

  /** The key of a function in the provider's map. */
  key(name: string, namespace: string): string {
    return namespace === this.defaultNamespace ? name : `${name}.${namespace}`;
  }

  /** The namespace a request names (empty: the default), refused unless served: faas-netes's
   * NamespaceResolver answers "unable to manage secrets within the <ns> namespace" and its
   * function handlers a 400 for a namespace they cannot use. */
  resolve(requested: string | null | undefined): string {
    const namespace = requested ? requested : this.defaultNamespace;
    if (!this.all.includes(namespace)) throw new RequestError(400, `namespace ${namespace} is not allowed (served: ${this.all.join(', ')})`);
    return namespace;
  }

  /** `?namespace=` of a request's query. */
  fromQuery(search: URLSearchParams): string {
    return this.resolve(search.get('namespace'));
  }

  /** "fn.ns" of a /function/ route → [fn, ns], split at the last dot as faas-netes's
   * FunctionLookup.Resolve (pkg/k8s/proxy.go getNamespace) does; undefined for a namespace not served. */
  splitFunction(routeName: string): { name: string; namespace: string } | undefined {
    const dot = routeName.lastIndexOf('.');
    if (dot < 0) return { name: routeName, namespace: this.defaultNamespace };
    const namespace = routeName.slice(dot + 1);
    if (!this.all.includes(namespace)) return undefined;
    return { name: routeName.slice(0, dot), namespace };
  }
}

/** `provider_namespaces`: a comma-separated list of namespace names, blanks ignored. */
export function parseNamespaceList(text: string): string[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const ns of names) {
    if (!NAMESPACE.test(ns)) throw new ConfigError('namespaces', text, `'${ns}' is not a namespace name (lower-case letters, digits and '-')`);
  }
  return names;
}
