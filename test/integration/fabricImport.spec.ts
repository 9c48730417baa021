// `ledger fabric import` on the real network: the test network's `ledger` channel is archived from
// Org1's peer, and the archive imported into a second, fresh network (its own port block and run
// folder) as its Org1's admin: a gateway there seals each valid transaction as a fabric-transaction
// entry (listed under fabric/<channel>/<namespace>/<key>) and the anchor last, and both member orgs'
// gateways sign the anchor into their digests (receipts verified offline). A tampered archive, and one
// read from an orderer, are refused, and nothing of them is imported.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { BLOCKS_DIR, blockFileName } from '@gateway/fabricArchive/archiveLayout';
import type { HistoryPage__Output } from '@gateway/generated/ledger/HistoryPage';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import { withFlippedDataByte } from '@test-support/fabricBlockTamper';
import { startDevGateway, type DevGateway } from '@test-support/gatewayProcess';
import { runLedgerCli } from '@test-support/ledgerCli';
import { networkLayout, orgLayout } from '@gateway/fabric/networkLayout';
import { layout, openLedger, submitWrite, uniqueId } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';

interface ImportReport {
  readonly ok: boolean;
  readonly channel: string;
  readonly blocks: number;
  readonly transactions: number;
  readonly imported: number;
  readonly skipped: number;
  readonly anchor: { importId: string; lastBlockHeaderHash: string; transactionCount: number };
}

interface TransactionRecord {
  readonly type: string;
  readonly txId: string;
  readonly creatorMspId: string;
  readonly blockNumber: number;
  readonly writes: readonly { namespace: string; key: string; value: string | null }[];
}

const recordOf = (seal: SealedEvent__Output): unknown =>
  JSON.parse(Buffer.from(seal.payload).toString('utf8'));

const REPO = path.resolve(__dirname, '..', '..');

/** Runs a network script with `env` over this process's; rejects with its output when it fails. */
function networkScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(REPO, 'scripts', script), ...args],
      { cwd: REPO, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err === null) resolve();
        else reject(new Error(`${script} failed: ${err.message}\n${stdout}\n${stderr}`));
      },
    );
  });
}

describe('ledger fabric import on the real network', function () {
  this.timeout(600_000);
  let work: string;
  /** The second network, fresh: where the archive is imported. */
  let target: NodeJS.ProcessEnv | undefined;
  const second = (): NodeJS.ProcessEnv => target ?? {};
  let archive: string;
  let org1: DevGateway | undefined;
  let org2: DevGateway | undefined;
  const account = uniqueId('FIMP').toUpperCase();
  let openedTxId: string;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabric-import-'));
    archive = path.join(work, 'archive');
    const session = openLedger('org1', 'teller1');
    try {
      const opened = await submitWrite(session.contract, 'Accounts:OpenAccount', account, 'cust-fimp', 'USD');
      openedTxId = opened.commit.transactionId;
    } finally {
      session.close();
    }
    const archived = await runLedgerCli([
      'fabric',
      'archive',
      '--peer',
      orgLayout(layout, 'org1').peerEndpoint,
      '--out',
      archive,
    ]);
    expect(archived.code, archived.stderr).to.equal(0);
    // A block of ports clear of the test network's (base .. base+551).
    const base = Number(process.env.NETWORK_PORT_BASE ?? '7000') + 3000;
    target = {
      NETWORK_PORT_BASE: String(base),
      NETWORK_RUN_DIR: path.join(work, 'second-network'),
      CHAINCODE_PORT: String(base + 500),
      GATEWAY_PORT: String(base + 551),
    };
    await networkScript('network-up.sh', [], second());
    await networkScript('deploy-chaincode.sh', [], second());
    [org1, org2] = await Promise.all([
      startDevGateway('org1', 'fabric-import-1', target),
      startDevGateway('org2', 'fabric-import-2', target),
    ]);
  });

  after(async () => {
    await Promise.all([org1?.stop(), org2?.stop()]);
    if (target !== undefined) await networkScript('network-down.sh', ['--clean'], second());
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function sealedHistory(
    gateway: DevGateway,
    key: string,
    count: number,
  ): Promise<HistoryPage__Output> {
    let page: HistoryPage__Output | undefined;
    await waitFor(
      `${key} has ${count} revision(s) at the gateway`,
      async () => {
        try {
          page = await gateway.client.getHistory({ key, pageSize: 500 });
          return page.revisions.length >= count;
        } catch {
          return false;
        }
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    return page as HistoryPage__Output;
  }

  it('refuses a tampered archive naming the block, and imports nothing of it', async () => {
    const tampered = path.join(work, 'tampered');
    fs.cpSync(archive, tampered, { recursive: true });
    const file = path.join(tampered, BLOCKS_DIR, blockFileName(2));
    fs.writeFileSync(file, withFlippedDataByte(fs.readFileSync(file)));
    const run = await runLedgerCli(['fabric', 'import', tampered], second());
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^fabric import: FAILED: block 2: dataHash: /);
    expect(fs.existsSync(path.join(tampered, 'import-org1.checkpoint.json'))).to.equal(false);
  });

  it('refuses an archive read from an orderer: which transactions are valid is unknown', async () => {
    const fromOrderer = path.join(work, 'orderer');
    const archived = await runLedgerCli(['fabric', 'archive', '--out', fromOrderer]);
    expect(archived.code, archived.stderr).to.equal(0);
    const run = await runLedgerCli(['fabric', 'import', fromOrderer], second());
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('was read from an orderer: its blocks carry no validation flags');
  });

  it('journals every valid transaction with its provenance and the anchor, which both orgs’ gateways sign', async () => {
    const run = await runLedgerCli(['fabric', 'import', archive, '--batch', '50'], second());
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    const report = JSON.parse(run.stdout) as ImportReport;
    // The second network is fresh: every valid transaction of the archive is journaled, none skipped.
    expect(report).to.include({
      ok: true,
      channel: layout.channelName,
      imported: report.transactions,
      skipped: 0,
    });
    expect(report.transactions).to.be.above(0);
    expect(report.anchor.transactionCount).to.equal(report.transactions);

    // The account's opening transaction, imported: listed under the key it wrote.
    const key = `fabric/${layout.channelName}/${layout.chaincodeName}//account/Org1MSP/${account}/`;
    const [imported] = (await sealedHistory(org1 as DevGateway, key, 1)).revisions.map(
      (r) => r.seal as SealedEvent__Output,
    );
    expect(imported!.entryType).to.equal('fabric-transaction');
    const record = recordOf(imported!) as TransactionRecord;
    expect(record).to.include({ type: 'fabric-transaction', txId: openedTxId, creatorMspId: 'Org1MSP' });
    expect(record.writes.some((w) => w.key === `/account/Org1MSP/${account}/` && w.value !== null)).to.equal(
      true,
    );

    // The anchor, at both gateways, each writing a receipt signed by its own org's gateway identity.
    const anchorKey = `import/Org1MSP/${report.anchor.importId}`;
    const gateways: readonly ['org1' | 'org2', DevGateway][] = [
      ['org1', org1 as DevGateway],
      ['org2', org2 as DevGateway],
    ];
    for (const [org, gateway] of gateways) {
      const [anchor] = (await sealedHistory(gateway, anchorKey, 1)).revisions.map(
        (r) => r.seal as SealedEvent__Output,
      );
      expect(anchor!.entryType).to.equal('fabric-anchor');
      expect((recordOf(anchor!) as { lastBlockHeaderHash: string }).lastBlockHeaderHash).to.equal(
        report.anchor.lastBlockHeaderHash,
      );
      const receipt = path.join(work, `anchor-${org}.json`);
      const written = await runLedgerCli([
        'history',
        anchorKey,
        '--receipt',
        receipt,
        '--insecure',
        '--address',
        gateway.gateway.address,
      ]);
      expect(written.code, written.stderr).to.equal(0);
      const verified = await runLedgerCli([
        'verify-receipt',
        receipt,
        '--org-ca',
        orgLayout(networkLayout(second()), org).caCertPath,
      ]);
      expect(verified.code, verified.stderr).to.equal(0);
      expect(verified.stdout).to.contain('receipt verified');
    }
  });

  it('imports nothing twice when run again without its checkpoint', async () => {
    fs.rmSync(path.join(archive, 'import-org1.checkpoint.json'), { force: true });
    const run = await runLedgerCli(['fabric', 'import', archive], second());
    expect(run.code, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as ImportReport;
    expect(report).to.include({ imported: 0, skipped: report.transactions });
  });
});
