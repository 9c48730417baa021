// Finds org names, MSP ids and node ports of the topology written into code instead of read from the
// topology file: in TypeScript, one-line string literals and numeric literals (comments and multi-line
// help texts are documentation); in shell scripts and YAML templates, every line that is not a comment
// or a here-document.
import * as ts from 'typescript';

/** What must not be hard-coded: words (org names, MSP ids) and port numbers. */
export interface TopologyTokens {
  readonly words: readonly string[];
  readonly ports: ReadonlySet<number>;
}

/** One hard-coded token: file, 1-based line, what was found. */
export interface HardcodedToken {
  readonly file: string;
  readonly line: number;
  readonly found: string;
}

function wordPattern(words: readonly string[]): RegExp {
  const alternatives = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`(?<![A-Za-z0-9_])(${alternatives})(?![A-Za-z0-9_])`);
}

/** Hard-coded org names, MSP ids and ports in one TypeScript source. */
export function scanTypeScript(file: string, text: string, tokens: TopologyTokens): HardcodedToken[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const words = wordPattern(tokens.words);
  const found: HardcodedToken[] = [];
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    const isText =
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node);
    if (isText && !node.text.includes('\n')) {
      const match = words.exec(node.text);
      if (match !== null) found.push({ file, line: lineOf(node), found: match[1] ?? '' });
    }
    if (ts.isNumericLiteral(node) && tokens.ports.has(Number(node.text))) {
      found.push({ file, line: lineOf(node), found: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Hard-coded org names, MSP ids and ports in a shell script or YAML template (comments skipped). */
export function scanLines(file: string, text: string, tokens: TopologyTokens): HardcodedToken[] {
  const words = wordPattern(tokens.words);
  const port = /(?<![0-9])([0-9]{2,5})(?![0-9])/g;
  const found: HardcodedToken[] = [];
  let hereDocEnd: string | undefined;
  text.split('\n').forEach((raw, i) => {
    if (hereDocEnd !== undefined) {
      if (raw.trim() === hereDocEnd) hereDocEnd = undefined;
      return;
    }
    const start = /<<-?\s*['"]?([A-Za-z0-9_]+)['"]?/.exec(raw);
    if (start !== null) hereDocEnd = start[1];
    if (/^\s*#/.test(raw)) return;
    const code = raw.replace(/\s#\s.*$/, '');
    const word = words.exec(code);
    if (word !== null) found.push({ file, line: i + 1, found: word[1] ?? '' });
    for (const m of code.matchAll(port)) {
      if (tokens.ports.has(Number(m[1]))) found.push({ file, line: i + 1, found: m[1] ?? '' });
    }
  });
  return found;
}
