import { describe, expect, it } from 'vitest';
import { Namespaces, parseNamespaceList } from './namespaces.ts';

describe('Namespaces', () => {
  const ns = new Namespaces('openfaas-fn', ['certifier-test']);

  it('serves the function namespace and the listed ones, the default first', () => {
    expect(ns.all).toEqual(['openfaas-fn', 'certifier-test']);
    expect(new Namespaces('openfaas-fn').all).toEqual(['openfaas-fn']);
  });

  it('keys default-namespace functions by name and others by name.namespace', () => {
    expect(ns.key('echo', 'openfaas-fn')).toBe('echo');
    expect(ns.key('echo', 'certifier-test')).toBe('echo.certifier-test');
  });

  it('resolves an empty namespace to the default and refuses one not served with a 400 naming it', () => {
    expect(ns.resolve('')).toBe('openfaas-fn');
    expect(ns.resolve(undefined)).toBe('openfaas-fn');
    expect(ns.fromQuery(new URLSearchParams('namespace=certifier-test'))).toBe('certifier-test');
    expect(() => ns.resolve('kube-system')).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining('namespace kube-system is not allowed') }));
  });

  it('splits a /function/ name at its last dot, as faas-netes does, and gives up on a namespace not served', () => {
    expect(ns.splitFunction('echo')).toEqual({ name: 'echo', namespace: 'openfaas-fn' });
    expect(ns.splitFunction('echo.openfaas-fn')).toEqual({ name: 'echo', namespace: 'openfaas-fn' });
    expect(ns.splitFunction('echo.certifier-test')).toEqual({ name: 'echo', namespace: 'certifier-test' });
    expect(ns.splitFunction('echo.elsewhere')).toBeUndefined();
  });

  it('parseNamespaceList() reads provider_namespaces, blanks ignored, a bad name refused naming the variable', () => {
    expect(parseNamespaceList(' a-1, ,b ')).toEqual(['a-1', 'b']);
    expect(parseNamespaceList('')).toEqual([]);
    expect(() => parseNamespaceList('good,Bad_Name')).toThrow(/namespaces=.*'Bad_Name' is not a namespace name/);
  });
});
