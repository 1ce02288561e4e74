import { describe, expect, it } from 'vitest';
import { checkPrunedLock, ImageManifestError, imagePackageJson, type Lockfile } from './image-manifest.ts';

const ROOT = {
  name: 'fave',
  version: '0.1.0',
  type: 'module',
  engines: { node: '>=20.19' },
  dependencies: { ajv: '8.20.0', seedrandom: '3.0.5', unused: '1.0.0' },
  devDependencies: { vitest: '3.2.4' },
};

describe('imagePackageJson', () => {
  it('imagePackageJson() lists the packages the stage loads at the repository\'s pinned versions, and nothing else', () => {
    const loads = new Map([['ajv', ['sim/profile/load.ts']], ['seedrandom', ['sim/random/streams.ts']]]);
    expect(imagePackageJson('sim-runner', loads, ROOT)).toEqual({
      name: 'fave-sim-runner',
      version: '0.1.0',
      private: true,
      type: 'module',
      engines: { node: '>=20.19' },
      dependencies: { ajv: '8.20.0', seedrandom: '3.0.5' },
    });
  });

  it('imagePackageJson() refuses a package the stage loads that is a devDependency or not listed, naming the files', () => {
    const loads = new Map([['vitest', ['stages/a/x.ts']], ['left-pad', ['stages/a/y.ts', 'stages/runtime/z.ts']]]);
    const build = () => imagePackageJson('a', loads, ROOT);
    expect(build).toThrow(ImageManifestError);
    expect(build).toThrow("stages/a/x.ts loads 'vitest', which package.json lists under devDependencies only");
    expect(build).toThrow("stages/a/y.ts, stages/runtime/z.ts loads 'left-pad', which package.json does not list");
  });
});

describe('checkPrunedLock', () => {
  const rootLock: Lockfile = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'fave' },
      'node_modules/ajv': { version: '8.20.0', integrity: 'sha512-a' },
      'node_modules/vitest': { version: '3.2.4', integrity: 'sha512-v', dev: true },
    },
  };

  it('checkPrunedLock() accepts a lock whose every package is the repository\'s', () => {
    const lock: Lockfile = { lockfileVersion: 3, packages: { '': { name: 'fave-x' }, 'node_modules/ajv': { version: '8.20.0', integrity: 'sha512-a' } } };
    expect(() => checkPrunedLock('fave-x', lock, rootLock)).not.toThrow();
  });

  it.each([
    ['a version npm resolved anew', { 'node_modules/ajv': { version: '8.21.0', integrity: 'sha512-b' } }, 'node_modules/ajv is 8.21.0, the repository pins 8.20.0'],
    ['a package the repository does not lock', { 'node_modules/left-pad': { version: '1.0.0' } }, "node_modules/left-pad is not in the repository's package-lock.json"],
    ['a dev dependency', { 'node_modules/vitest': { version: '3.2.4', integrity: 'sha512-v' } }, 'node_modules/vitest is a dev dependency in the repository'],
  ])('checkPrunedLock() refuses %s', (_, packages, message) => {
    const lock: Lockfile = { lockfileVersion: 3, packages: { '': { name: 'fave-x' }, ...packages } };
    expect(() => checkPrunedLock('fave-x', lock, rootLock)).toThrow(message);
  });
});
