import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { runFabricCommand } from '@gateway/cli/fabricCommand';
import { archiveChannel } from '@gateway/fabricArchive/archiveChannel';
import { blockFileName } from '@gateway/fabricArchive/archiveLayout';
import { withFlippedDataByte } from '@test-support/fabricBlockTamper';
import { CHANNEL, FIXTURE_HEIGHT, fixtureBlock } from '../fabricArchive/fixtureBlocks';

async function fabric(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runFabricCommand(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: {
      isTTY: false,
      write: (t) => {
        stderr += t;
      },
    },
  });
  return { status, stdout, stderr };
}

describe('ledger fabric', function () {
  let work: string;
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabric-cli-unit-'));
    await archiveChannel({
      dir: path.join(work, 'archive'),
      channel: CHANNEL,
      source: 'peer',
      endpoint: '127.0.0.1:7100',
      archivedBy: { mspId: 'Org1MSP', subject: 'CN=auditor1' },
      deliver: {
        height: () => Promise.resolve(FIXTURE_HEIGHT),
        async *blocks() {
          for (let n = 0; n < FIXTURE_HEIGHT; n++) yield await Promise.resolve(fixtureBlock(n));
        },
        close: () => undefined,
      },
    });
  });
  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('prints its help with exit 0, and with exit 2 when run without a command', async () => {
    const help = await fabric('--help');
    expect(help).to.include({ status: 0, stderr: '' });
    for (const command of ['archive [options]', 'verify-archive [options] <DIR>', 'import [options] <DIR>']) {
      expect(help.stdout).to.contain(command);
    }
    const bare = await fabric();
    expect(bare.status).to.equal(2);
    expect(bare.stderr).to.contain('Usage: ledger fabric [options] [command]');
  });

  it('exits 2 naming the problem for an unknown command, a missing --out and an unknown option', async () => {
    expect(await fabric('copy')).to.include({ status: 2 });
    expect((await fabric('copy')).stderr).to.contain("unknown command 'copy'");
    expect((await fabric('archive')).stderr).to.contain('archive needs --out DIR');
    expect((await fabric('archive', '--out', 'x', '--orderer', 'a:1', '--peer', 'b:2')).stderr).to.contain(
      'give --orderer or --peer, not both',
    );
    expect((await fabric('verify-archive', 'x', '--bogus')).stderr).to.contain("unknown option '--bogus'");
    expect((await fabric('archive', '--out', 'x', '--msp-id', 'M')).stderr).to.contain('go together');
  });

  it('verify-archive prints a JSON report and exits 0 for a good archive', async () => {
    const run = await fabric('verify-archive', path.join(work, 'archive'));

    expect(run.status, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.include({ ok: true, blocks: FIXTURE_HEIGHT, channel: CHANNEL });
  });

  it('verify-archive exits 1 naming the first failing block and field, on stdout and stderr', async () => {
    const copy = path.join(work, 'flipped');
    fs.cpSync(path.join(work, 'archive'), copy, { recursive: true });
    fs.writeFileSync(path.join(copy, 'blocks', blockFileName(4)), withFlippedDataByte(fixtureBlock(4)));

    const run = await fabric('verify-archive', copy);

    expect(run.status).to.equal(1);
    expect((JSON.parse(run.stdout) as { failure: unknown }).failure).to.deep.include({
      blockNumber: 4,
      field: 'dataHash',
    });
    expect(run.stderr).to.match(
      /^fabric verify-archive: FAILED at block 4: dataHash: SHA-256 of the block data is/,
    );
  });

  it('verify-archive exits 1 for a folder that is not an archive', async () => {
    const run = await fabric('verify-archive', path.join(work, 'nothing'));

    expect(run.status).to.equal(1);
    expect(run.stderr).to.contain('not an archive');
  });
});
