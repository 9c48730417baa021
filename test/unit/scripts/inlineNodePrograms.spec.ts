import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';

// The shell scripts keep process lifecycle; what they compute on JSON (invitations, config blocks,
// update envelopes, anchor peers) lives in TypeScript with unit tests (gateway/src/fabric/
// channelUpdateFiles.ts, run through gateway/src/cli/editChannelConfig.ts). So no script may carry an
// inline `node -e` program. scripts/use-node.sh is the one exception: it probes the Node runtime and
// its native modules before anything TypeScript can load.

const REPO = path.join(__dirname, '..', '..', '..');
const EXEMPT = new Set(['scripts/use-node.sh']);

/** The `node -e` / `node --eval` lines of a script (comments skipped), as `file:line: text`. */
function inlinePrograms(file: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => !line.trimStart().startsWith('#'))
    .filter(({ line }) => /\bnode\b[^|;&]*\s(?:-e|--eval|-p|--print)\b/.test(line))
    .map(({ line, number }) => `${file}:${number}: ${line.trim()}`);
}

function shellScripts(): string[] {
  return ['scripts', 'network'].flatMap((dir) =>
    fs
      .readdirSync(path.join(REPO, dir))
      .filter((name) => name.endsWith('.sh'))
      .map((name) => `${dir}/${name}`),
  );
}

describe('shell scripts hold no inline node programs', () => {
  it('finds none in scripts/ and network/ (use-node.sh, the runtime probe, aside)', () => {
    const found = shellScripts()
      .filter((file) => !EXEMPT.has(file))
      .flatMap((file) => inlinePrograms(file, fs.readFileSync(path.join(REPO, file), 'utf8')));
    expect(found).to.deep.equal([]);
  });

  it('flags node -e, --eval and -p in a script line, and not a comment or a TypeScript CLI run', () => {
    const script = [
      "node -e 'console.log(1)'",
      '  X=1 node --eval "1"',
      "v=$(node -p 'process.version')",
      "# node -e 'in a comment'",
      'node -r ts-node/register/transpile-only gateway/src/cli/editChannelConfig.ts members c.json',
    ].join('\n');
    expect(inlinePrograms('s.sh', script)).to.deep.equal([
      "s.sh:1: node -e 'console.log(1)'",
      's.sh:2: X=1 node --eval "1"',
      "s.sh:3: v=$(node -p 'process.version')",
    ]);
  });
});
