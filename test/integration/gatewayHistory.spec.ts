// GetHistory against a gateway process on the real network: an account opened and deposited to twice
// through @hyperledger/fabric-gateway has three revisions, oldest first, whose seals, proofs and values
// verify; paging, NOT_FOUND and INVALID_ARGUMENT.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { Contract } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { sealJson, verifySealHash, type LedgerClient } from '../../gateway/src/client/ledgerClient';
import { fromHex, sha256, toHex, verifyInclusion } from '../../gateway/src/core';
import { parseReceiptSeal, sealLeafHashChecked } from '../../gateway/src/receipt/receipt';
import type { FabricConnection } from '../../gateway/src/fabric/connect';
import type { HistoryPage__Output } from '../../gateway/src/generated/ledger/HistoryPage';
import type { Revision__Output } from '../../gateway/src/generated/ledger/Revision';
import { startDevGateway, type DevGateway } from '../support/gatewayProcess';
import { connectUser, layout, uniqueId } from '../support/testNetwork';

const LEDGER = path.resolve(__dirname, '..', '..', 'gateway', 'bin', 'ledger.js');
const run = promisify(execFile);
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error('expected the call to fail');
}

function verifyRevision(revision: Revision__Output, page: HistoryPage__Output): void {
  const seal = revision.seal;
  const proof = revision.inclusionProof;
  if (seal === null || proof === null) throw new Error('revision without seal or proof');
  expect(verifySealHash(seal), `seal ${seal.sequenceNumber} hash`).to.equal(true);
  expect(proof.treeSize).to.equal(page.treeSize);
  verifyInclusion(
    sealLeafHashChecked(parseReceiptSeal(sealJson(seal))),
    Number(seal.sequenceNumber) - 1,
    Number(page.treeSize),
    proof.hashes.map((h) => fromHex(h, 'hash', 32)),
    fromHex(page.rootHash, 'root_hash', 32),
  );
  expect(toHex(sha256(revision.value))).to.equal(revision.write?.valueHash);
}

describe('GetHistory through a gateway process', function () {
  this.timeout(180_000);
  let dev: DevGateway;
  let client: LedgerClient;
  let connection: FabricConnection;
  let teller: Contract;
  const account = uniqueId('HIST').toUpperCase();
  const key = `/account/${account}/`;

  before(async function () {
    dev = await startDevGateway('org1', 'history-it');
    client = dev.client;
    connection = connectUser('org1', 'teller1');
    teller = connection.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
    await teller.submitTransaction('Accounts:OpenAccount', account, 'cust-history', 'USD');
    await teller.submitTransaction('Transactions:Deposit', uniqueId('hist-dep'), account, '10.00');
    await teller.submitTransaction('Transactions:Deposit', uniqueId('hist-dep'), account, '15.50');
    // The gateway seals from the peer's block events: wait until it has all three revisions.
    for (let attempt = 0; attempt < 120; attempt++) {
      const page = await client.getHistory({ key }).catch(() => undefined);
      if (page?.revisions.length === 3) return;
      await pause(500);
    }
    throw new Error(`the gateway did not seal the three revisions of ${key}`);
  });

  after(async function () {
    connection.close();
    await dev.stop();
    fs.rmSync(dev.dir, { recursive: true, force: true });
  });

  it('returns the three revisions oldest first with seals, proofs and values that verify', async function () {
    const page = await client.getHistory({ recordType: 'account', recordId: account });
    expect(page.nextPageToken).to.equal('');
    const sequences = page.revisions.map((r) => Number(r.seal?.sequenceNumber));
    expect(sequences).to.deep.equal([...sequences].sort((a, b) => a - b));
    expect(page.revisions.map((r) => r.seal?.entryType)).to.deep.equal([
      'account',
      'transaction',
      'transaction',
    ]);
    const balances = page.revisions.map(
      (r) => (JSON.parse(Buffer.from(r.value).toString('utf8')) as { balance: string }).balance,
    );
    expect(balances.map(Number)).to.deep.equal([0, 10, 25.5]);
    for (const revision of page.revisions) {
      expect(revision.write?.key).to.equal(key);
      verifyRevision(revision, page);
    }
  });

  it('walks the same revisions one per page with page tokens', async function () {
    const all = await client.getHistory({ key });
    const walked: string[] = [];
    let pageToken = '';
    do {
      const page = await client.getHistory({ key, pageSize: 1, pageToken });
      expect(page.revisions).to.have.length(1);
      walked.push(...page.revisions.map((r) => r.seal?.sequenceNumber ?? ''));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(walked).to.deep.equal(all.revisions.map((r) => r.seal?.sequenceNumber));
  });

  it('answers NOT_FOUND for a key that was never written', async function () {
    const err = await failure(client.getHistory({ recordType: 'account', recordId: uniqueId('NEVER') }));
    expect(err.code).to.equal(status.NOT_FOUND);
  });

  it('answers INVALID_ARGUMENT for a bad record type, a bad page size and a foreign page token', async function () {
    const first = await client.getHistory({ key, pageSize: 1 });
    const cases = [
      client.getHistory({ recordType: 'custody', recordId: 'P-1' }),
      client.getHistory({ key, pageSize: 501 }),
      client.getHistory({ key: '/account/OTHER/', pageToken: first.nextPageToken }),
      client.getHistory({ key, pageToken: 'not-a-token' }),
    ];
    for (const call of cases) expect((await failure(call)).code).to.equal(status.INVALID_ARGUMENT);
  });

  it('prints every page with ledger history --all', async function () {
    const { stdout } = await run(process.execPath, [
      LEDGER,
      'history',
      key,
      '--page-size',
      '2',
      '--all',
      '--insecure',
      '--address',
      dev.gateway.address,
    ]);
    const pages = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { revisions: { seal: { sequenceNumber: string } }[] });
    expect(pages.map((p) => p.revisions.length)).to.deep.equal([2, 1]);
  });
});
