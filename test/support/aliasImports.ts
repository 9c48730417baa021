// Rewrites relative module specifiers of a test file into the test path aliases of test/tsconfig.json
// (`../../../../gateway/src/core/hash` -> `@gateway/core/hash`). Pure: text in, text out; the command
// line around it is test/support/convertImports.ts.
import * as path from 'node:path';
import * as ts from 'typescript';

/** One alias: `name` (`@gateway`) stands for the absolute folder `dir` (`<repo>/gateway/src`). */
export interface PathAlias {
  readonly name: string;
  readonly dir: string;
}

/** One specifier rewritten, with its 1-based line. */
export interface ImportRewrite {
  readonly line: number;
  readonly from: string;
  readonly to: string;
}

/** A file's text after the rewrite and the rewrites made (none: the text is unchanged). */
export interface RewriteResult {
  readonly text: string;
  readonly rewrites: readonly ImportRewrite[];
}

/**
 * The aliases of a tsconfig `paths` table whose entries are relative to `baseDir`: `"@x/*": ["dir/*"]`
 * and `"@x": ["dir"]` both give `{ name: '@x', dir: baseDir/dir }`. Throws on an entry of another
 * shape (several targets, a `*` elsewhere), naming the key, since the rewrite would not be its inverse.
 */
export function aliasesFromPaths(
  paths: Readonly<Record<string, readonly string[]>>,
  baseDir: string,
): PathAlias[] {
  const byName = new Map<string, string>();
  for (const [key, targets] of Object.entries(paths)) {
    const [target, ...more] = targets;
    const wildcard = key.endsWith('/*');
    const name = wildcard ? key.slice(0, -2) : key;
    const dir = target !== undefined && wildcard && target.endsWith('/*') ? target.slice(0, -2) : target;
    if (dir === undefined || more.length > 0 || name.includes('*') || dir.includes('*')) {
      throw new Error(`paths["${key}"]: expected "@name/*": ["folder/*"] or "@name": ["folder"]`);
    }
    const absolute = path.resolve(baseDir, dir);
    const known = byName.get(name);
    if (known !== undefined && known !== absolute) {
      throw new Error(`paths["${key}"]: ${name} already stands for ${known}`);
    }
    byName.set(name, absolute);
  }
  return [...byName].map(([name, dir]) => ({ name, dir }));
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}

/**
 * The alias form of `specifier` imported from `importerFile` (absolute), or undefined to keep it:
 * a bare (package) specifier, a target in no aliased folder, or an import inside one aliased folder
 * (test/support importing test/support stays relative).
 */
export function aliasedSpecifier(
  importerFile: string,
  specifier: string,
  aliases: readonly PathAlias[],
): string | undefined {
  if (!/^\.\.?(\/|$)/.test(specifier)) return undefined;
  const target = path.resolve(path.dirname(importerFile), specifier);
  const alias = [...aliases]
    .sort((a, b) => b.dir.length - a.dir.length)
    .find((candidate) => isInside(target, candidate.dir));
  if (alias === undefined || isInside(importerFile, alias.dir)) return undefined;
  const rest = path.relative(alias.dir, target).split(path.sep).join('/');
  return rest === '' ? alias.name : `${alias.name}/${rest}`;
}

/** The string literal naming a module in `node`, if `node` is an import, export, require() or import(). */
function moduleSpecifierOf(node: ts.Node): ts.StringLiteral | undefined {
  let candidate: ts.Node | undefined;
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
    candidate = node.moduleSpecifier;
  } else if (ts.isExternalModuleReference(node)) {
    candidate = node.expression;
  } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
    candidate = node.argument.literal;
  } else if (ts.isCallExpression(node) && node.arguments.length === 1) {
    const callee = node.expression;
    const named =
      callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
    candidate = named ? node.arguments[0] : undefined;
  }
  return candidate !== undefined && ts.isStringLiteral(candidate) ? candidate : undefined;
}

/**
 * Rewrites every relative module specifier of `text` (the file `fileName`, absolute) that points
 * into an aliased folder: import/export declarations, `import x = require()`, `require()`, `import()`
 * and `import('...')` types. Only the characters between the quotes change.
 */
export function rewriteImports(fileName: string, text: string, aliases: readonly PathAlias[]): RewriteResult {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; rewrite: ImportRewrite }[] = [];
  const visit = (node: ts.Node): void => {
    const literal = moduleSpecifierOf(node);
    const to = literal === undefined ? undefined : aliasedSpecifier(fileName, literal.text, aliases);
    if (literal !== undefined && to !== undefined) {
      const start = literal.getStart(source) + 1;
      const line = source.getLineAndCharacterOfPosition(start).line + 1;
      edits.push({ start, end: literal.getEnd() - 1, rewrite: { line, from: literal.text, to } });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.rewrite.to + out.slice(edit.end);
  }
  return { text: out, rewrites: edits.map((edit) => edit.rewrite) };
}
