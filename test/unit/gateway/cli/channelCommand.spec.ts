import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import * as sinon from 'sinon';
import { runChannelCommand } from '@gateway/cli/channelCommand';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ledger channel ARGV` in this process, its output captured. */
async function run(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = sinon.stub(process.stdout, 'write').callsFake((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = sinon.stub(process.stderr, 'write').callsFake((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return { status: await runChannelCommand(argv), stdout, stderr };
  } finally {
    out.restore();
    err.restore();
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = saved[key];
    }
  }
}

describe('ledger channel', () => {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-command-'));
  after(() => {
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('describes create, its name rule and its --members flag in --help, exit 0', async () => {
    const help = await run(['create', '--help']);
    expect(help.status).to.equal(0);
    expect(help.stdout).to.contain('--members <MSP,MSP...>');
    expect(help.stdout).to.contain('RUN/channels/NAME.json');
    const top = await run(['--help']);
    expect(top.status).to.equal(0);
    expect(top.stdout).to.match(/create .*NAME/);
    expect(top.stdout).to.contain("Fabric's channel name rule");
  });

  it('refuses create without --members as a usage error, exit 2, naming the flag', async () => {
    const missing = await run(['create', 'org1org2']);
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.contain("required option '--members <MSP,MSP...>' not specified");
  });

  it('lists the main channel, then each recorded channel in name order', async () => {
    fs.mkdirSync(path.join(runDir, 'channels'));
    fs.writeFileSync(
      path.join(runDir, 'channels', 'b.json'),
      '{"name":"b","members":["Org1MSP","Org3MSP"]}\n',
    );
    fs.writeFileSync(
      path.join(runDir, 'channels', 'a.json'),
      '{"name":"a","members":["Org1MSP","Org2MSP"]}\n',
    );
    const listed = await run(['list'], { NETWORK_RUN_DIR: runDir });
    expect(listed.status).to.equal(0);
    expect(listed.stdout.trim().split('\n')).to.deep.equal([
      '{"name":"ledger","main":true}',
      '{"name":"a","members":["Org1MSP","Org2MSP"]}',
      '{"name":"b","members":["Org1MSP","Org3MSP"]}',
    ]);
  });

  it('lists only the main channel when no channel was created', async () => {
    const empty = fs.mkdtempSync(path.join(runDir, 'empty-'));
    const listed = await run(['list'], { NETWORK_RUN_DIR: empty });
    expect(listed.stdout).to.equal('{"name":"ledger","main":true}\n');
  });

  it('fails with exit 1 on an unreadable channel record', async () => {
    const broken = fs.mkdtempSync(path.join(runDir, 'broken-'));
    fs.mkdirSync(path.join(broken, 'channels'));
    fs.writeFileSync(path.join(broken, 'channels', 'x.json'), '{not json');
    const listed = await run(['list'], { NETWORK_RUN_DIR: broken });
    expect(listed.status).to.equal(1);
    expect(listed.stderr).to.match(/^error: /);
  });
});
