// Runs after every other integration suite (its own mocha run): network:down must stop every process
// the scripts started, checked by PID.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { layout } from '@test-support/testNetwork';
import { isAlive } from '@test-support/processAlive';

describe('network:down', () => {
  it('leaves no peer, orderer, CA or chaincode process of ours running', () => {
    const pidDir = path.join(layout.runDir, 'pids');
    const started = fs
      .readdirSync(pidDir)
      .filter((f) => f.endsWith('.pid'))
      .map((f) => ({
        name: f.replace(/\.pid$/, ''),
        pid: Number(fs.readFileSync(path.join(pidDir, f), 'utf8')),
      }));
    const kinds = started.map((p) => p.name.replace(/[0-9]*(-.*)?$/, ''));
    expect(kinds).to.include.members(['ca', 'orderer', 'peer', 'chaincode']);
    expect(started.filter((p) => !isAlive(p.pid))).to.deep.equal([]);

    execFileSync('bash', [path.join(__dirname, '..', '..', '..', 'scripts', 'network-down.sh')], {
      stdio: 'ignore',
    });

    expect(started.filter((p) => isAlive(p.pid))).to.deep.equal([]);
    expect(fs.readdirSync(pidDir).filter((f) => f.endsWith('.pid'))).to.deep.equal([]);
  });
});
