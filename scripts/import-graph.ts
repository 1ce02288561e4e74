// The project's own import graph, for the folder-rules test: every tracked TypeScript source,
// and the project files each one imports (relative specifiers only; packages and node: builtins
// are not the project's). Read from TypeScript's syntax tree, so imports, re-exports and
// dynamic `import('…')` all count, `import type` is told apart, and strings or comments that
// look like imports do not.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const REPO = path.resolve(import.meta.dirname, '..');

/** Tracked .ts files, repository-relative, without vendored code. */
export function sourceFiles(root = REPO): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter((f) => f !== '' && !f.includes('/vendor/') && !f.endsWith('.d.ts'));
}

export interface Import {
  /** Repository-relative path of the imported file. */
  file: string;
  /** `import type` / `export type … from`: erased when compiled, so no load-order edge. */
  typeOnly: boolean;
}

/** The project files `file` imports, repository-relative. */
export function importsOf(file: string, root = REPO): Import[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  const add = (spec: string, typeOnly: boolean): void => {
    if (spec.startsWith('./') || spec.startsWith('../')) found.push({ file: path.relative(root, path.resolve(root, path.dirname(file), spec)), typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text, node.importClause?.isTypeOnly ?? false);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text, node.isTypeOnly);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) add(node.arguments[0].text, false);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export type Graph = Map<string, Import[]>;

export function importGraph(root = REPO): Graph {
  return new Map(sourceFiles(root).map((f) => [f, importsOf(f, root)]));
}

/**
 * The import cycles among files through imports that load (type-only imports are erased, so
 * a model's classes may name each other's types): Tarjan's strongly connected components of
 * more than one file, or a file importing itself.
 */
export function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const { file: w, typeOnly } of graph.get(v) ?? []) {
      if (typeOnly || !graph.has(w)) continue; // erased, or JSON / a file outside the tracked sources
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).some((i) => i.file === v && !i.typeOnly)) found.push(scc.reverse());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}
