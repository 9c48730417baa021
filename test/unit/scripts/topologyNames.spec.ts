import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { listenersOf, parseTopology } from '@gateway/topology/parseTopology';
import { scanLines, scanTypeScript, type TopologyTokens } from '@test-support/hardcodedTopology';

const REPO = path.resolve(__dirname, '..', '..', '..');
const topology = parseTopology(
  JSON.parse(fs.readFileSync(path.join(REPO, 'network', 'topology.json'), 'utf8')),
  'topology.json',
);
const tokens: TopologyTokens = {
  words: [topology.ordererOrg.mspId, ...topology.orgs.flatMap((o) => [o.name, o.mspId])],
  ports: new Set([
    ...listenersOf(topology).map((l) => l.port),
    topology.ports.networkBase,
    topology.ports.gatewayBase,
    topology.ports.gatewayMetricsBase,
  ]),
};

const tracked = (...patterns: string[]): string[] =>
  execFileSync('git', ['ls-files', ...patterns], { cwd: REPO, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '');
const read = (file: string): string => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('nothing but the topology file names an org or a node port', () => {
  it('finds no org name, MSP id or node port in the TypeScript of the chaincode and the gateway', () => {
    const files = tracked('gateway/src/*.ts', 'chaincode/src/*.ts').filter((f) => !f.includes('/generated/'));
    expect(files.length).to.be.greaterThan(50);
    expect(files.flatMap((f) => scanTypeScript(f, read(f), tokens))).to.deep.equal([]);
  });

  it('finds none in the network scripts and the channel templates', () => {
    const files = tracked(
      'scripts/*.sh',
      'network/*.sh',
      'network/builders/ccaas/bin/*',
      'channel-config/*.yaml',
    );
    expect(files.length).to.be.greaterThan(15);
    expect(files.flatMap((f) => scanLines(f, read(f), tokens))).to.deep.equal([]);
  });

  describe('the scanner', () => {
    it('finds an org name in a string literal and a node port as a number', () => {
      const code = "const org = 'org2';\nconst port = 7050;\nconst msp = `x ${org} Org1MSP`;\n";
      expect(scanTypeScript('x.ts', code, tokens)).to.deep.equal([
        { file: 'x.ts', line: 1, found: 'org2' },
        { file: 'x.ts', line: 2, found: '7050' },
        { file: 'x.ts', line: 3, found: 'Org1MSP' },
      ]);
    });

    it('lets comments, multi-line help texts and longer words through', () => {
      const code = "// org1 on 7050\nconst usage = `Usage: --org org1\\n  more`;\nconst s = 'org12 norg1';\n";
      expect(scanTypeScript('x.ts', code, tokens)).to.deep.equal([]);
    });

    it('finds them in shell code but not in comments or here-documents', () => {
      const script = [
        '# org1 listens on 7100',
        "cat <<'EOF'",
        'Usage: --org org1',
        'EOF',
        'org="${2:-org1}"  # default',
        'port=7100',
        'other=17100',
      ].join('\n');
      expect(scanLines('x.sh', script, tokens)).to.deep.equal([
        { file: 'x.sh', line: 5, found: 'org1' },
        { file: 'x.sh', line: 6, found: '7100' },
      ]);
    });
  });
});
