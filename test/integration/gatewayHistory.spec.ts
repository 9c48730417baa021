// GetHistory against a gateway process on the real network: an account opened and deposited to twice
// through @hyperledger/fabric-gateway has three revisions, oldest first, whose seals, proofs and values
// verify; paging, NOT_FOUND and INVALID_ARGUMENT; and one test per other record type the journal
// writes (transaction, product, shipment, submitted event, event batch, consortium, member, proposal).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { Contract } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { sealJson, verifySealHash, type LedgerClient } from '@gateway/client/ledgerClient';
import { fromHex, sha256, toHex, verifyInclusion } from '@gateway/core';
import { parseReceiptSeal, sealLeafHashChecked } from '@gateway/receipt/receipt';
import type { GetHistoryRequest } from '@gateway/generated/ledger/GetHistoryRequest';
import type { HistoryPage__Output } from '@gateway/generated/ledger/HistoryPage';
import type { Revision__Output } from '@gateway/generated/ledger/Revision';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { startDevGateway, type DevGateway } from '@test-support/gatewayProcess';
import { awaitCommitted, type SubmitResult } from '@gateway/fabric/awaitCommitted';
import { openLedger, submitWrite, uniqueId, type LedgerSession } from '@test-support/testNetwork';
import { runLedgerCli } from '@test-support/ledgerCli';
import { waitFor } from '@test-support/waitFor';

const REPO = path.resolve(__dirname, '..', '..');

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
  const sessions: LedgerSession[] = [];
  let teller: Contract;
  let custodian: Contract;
  let admin: Contract;
  const account = uniqueId('HIST').toUpperCase();
  /** Records are scoped by the org that created them: Org1's account is `Org1MSP/<n>` in the gateway. */
  const key = `/account/Org1MSP/${account}/`;

  /**
   * The history the gateway answers once it has sealed `count` revisions: it seals from its Org1 peer's
   * block events, a little after a submit through that peer returns.
   */
  const sealedHistory = async (request: GetHistoryRequest, count: number): Promise<HistoryPage__Output> => {
    let page: HistoryPage__Output | undefined;
    await waitFor(
      `the gateway has sealed ${count} revision(s) of ${JSON.stringify(request)}`,
      async () => {
        page = await client.getHistory(request).catch((err: unknown) => {
          if ((err as ServiceError).code !== status.NOT_FOUND) throw err;
          return undefined;
        });
        return page !== undefined && page.revisions.length >= count;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    if (page === undefined) throw new Error('unreachable: waitFor resolved without a page');
    return page;
  };

  const valueOf = (revision: Revision__Output | undefined): Record<string, unknown> =>
    JSON.parse(Buffer.from(revision?.value ?? []).toString('utf8')) as Record<string, unknown>;

  before(async function () {
    dev = await startDevGateway('org1', 'history-it');
    client = dev.client;
    for (const user of ['teller1', 'custodian1', 'admin1']) sessions.push(openLedger('org1', user));
    [teller, custodian, admin] = sessions.map((s) => s.contract) as [Contract, Contract, Contract];
    await teller.submitTransaction('Accounts:OpenAccount', account, 'cust-history', 'USD');
    await teller.submitTransaction('Transactions:Deposit', uniqueId('hist-dep'), account, '10.00');
    await teller.submitTransaction('Transactions:Deposit', uniqueId('hist-dep'), account, '15.50');
    await sealedHistory({ key }, 3);
  });

  after(async function () {
    sessions.forEach((s) => {
      s.close();
    });
    await dev.stop();
    fs.rmSync(dev.dir, { recursive: true, force: true });
  });

  it('returns the three revisions oldest first with seals, proofs and values that verify', async function () {
    const page = await client.getHistory({ recordType: 'account', recordId: `Org1MSP/${account}` });
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
    const err = await failure(
      client.getHistory({ recordType: 'account', recordId: `Org1MSP/${uniqueId('NEVER')}` }),
    );
    expect(err.code).to.equal(status.NOT_FOUND);
  });

  it('answers INVALID_ARGUMENT for a bad record type, a bad page size and a foreign page token', async function () {
    const first = await client.getHistory({ key, pageSize: 1 });
    const cases = [
      client.getHistory({ recordType: 'custody', recordId: 'P-1' }),
      client.getHistory({ key, pageSize: 501 }),
      client.getHistory({ key: '/account/Org1MSP/OTHER/', pageToken: first.nextPageToken }),
      client.getHistory({ recordType: 'account', recordId: account }),
      client.getHistory({ key, pageToken: 'not-a-token' }),
    ];
    for (const call of cases) expect((await failure(call)).code).to.equal(status.INVALID_ARGUMENT);
  });

  it('prints every page with ledger history --all', async function () {
    const ran = await runLedgerCli([
      'history',
      key,
      '--page-size',
      '2',
      '--all',
      '--insecure',
      '--address',
      dev.gateway.address,
    ]);
    expect(ran.code, ran.stderr).to.equal(0);
    const pages = ran.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { revisions: { seal: { sequenceNumber: string } }[] });
    expect(pages.map((p) => p.revisions.length)).to.deep.equal([2, 1]);
  });

  describe('every record type the journal writes', function () {
    it('answers the history of a transaction record', async function () {
      const id = uniqueId('hist-tx');
      await teller.submitTransaction('Transactions:Deposit', id, account, '1.00');

      const page = await sealedHistory({ recordType: 'transaction', recordId: `Org1MSP/${id}` }, 1);

      expect(page.revisions).to.have.length(1);
      expect(page.revisions[0]?.write?.key).to.equal(`/transaction/Org1MSP/${id}/`);
      expect(valueOf(page.revisions[0])).to.include({ transactionId: id });
      page.revisions.forEach((r) => {
        verifyRevision(r, page);
      });
    });

    it('answers the history of a product through its custody changes', async function () {
      const id = uniqueId('HIST-P');
      await custodian.submitTransaction('Custody:RegisterProduct', id, 'crate', 'Ghent');
      await custodian.submitTransaction('Custody:OfferCustody', id, 'Org2MSP', 'Lille', 'e'.repeat(64));

      const page = await sealedHistory({ key: `/product/Org1MSP/${id}/` }, 2);

      expect(page.revisions).to.have.length(2);
      expect(valueOf(page.revisions[0]).pendingOffer).to.equal(null);
      expect(valueOf(page.revisions[1]).pendingOffer).to.not.equal(null);
      page.revisions.forEach((r) => {
        verifyRevision(r, page);
      });
    });

    it('answers the history of a shipment through its status changes', async function () {
      const product = uniqueId('HIST-SP');
      const id = uniqueId('HIST-S');
      await custodian.submitTransaction('Custody:RegisterProduct', product, 'pallet', 'Bremen');
      await custodian.submitTransaction('Custody:CreateShipment', id, JSON.stringify([product]), 'Bremen');
      await custodian.submitTransaction('Custody:UpdateShipmentStatus', id, 'IN_TRANSIT', 'Hanover');

      const page = await sealedHistory({ recordType: 'shipment', recordId: `Org1MSP/${id}` }, 2);

      expect(page.revisions.map((r) => valueOf(r).status)).to.deep.equal(['CREATED', 'IN_TRANSIT']);
      page.revisions.forEach((r) => {
        verifyRevision(r, page);
      });
    });

    it('answers the history of a submitted event by key and by record type: its seal, with no value', async function () {
      const eventId = uniqueId('hist-ev');
      const seal = await client.submitEvent({
        eventId,
        payload: Buffer.from('history of an event'),
        vepsTimestamp: String(Date.now()),
      });

      const byKey = await client.getHistory({ key: `event/${eventId}` });
      const byType = await client.getHistory({ recordType: 'event', recordId: eventId });

      expect(byType.revisions).to.deep.equal(byKey.revisions);
      expect(byKey.revisions).to.have.length(1);
      const revision = byKey.revisions[0];
      expect(revision?.seal?.sequenceNumber).to.equal(seal.sequenceNumber);
      expect(revision?.seal?.eventHash).to.equal(seal.eventHash);
      expect(revision?.write).to.deep.include({ key: `event/${eventId}`, valueHash: '', deleted: false });
      expect(revision?.value).to.have.length(0);
      const proof = revision?.inclusionProof;
      if (revision?.seal == null || proof == null) throw new Error('revision without seal or proof');
      expect(verifySealHash(revision.seal)).to.equal(true);
      verifyInclusion(
        sealLeafHashChecked(parseReceiptSeal(sealJson(revision.seal))),
        Number(revision.seal.sequenceNumber) - 1,
        Number(byKey.treeSize),
        proof.hashes.map((h) => fromHex(h, 'hash', 32)),
        fromHex(byKey.rootHash, 'root_hash', 32),
      );
    });

    it('answers the history of an event batch: one revision, the record listing its event', async function () {
      const eventId = uniqueId('hist-batch');
      const seal = await client.submitEvent({
        eventId,
        payload: Buffer.from('history of a batch'),
        vepsTimestamp: String(Date.now()),
      });

      const page = await client.getHistory({ recordType: 'eventbatch', recordId: seal.transactionId });

      expect(page.revisions).to.have.length(1);
      const revision = page.revisions[0];
      expect(revision?.write?.key).to.equal(`eventbatch/${seal.transactionId}`);
      expect(revision?.seal?.transactionId).to.equal(seal.transactionId);
      const batch = valueOf(revision);
      expect(batch.fabricTxId).to.equal(seal.transactionId);
      expect(batch.eventIds).to.be.an('array').that.includes(eventId);
      expect(await client.getHistory({ key: `eventbatch/${seal.transactionId}` })).to.deep.equal(page);
    });

    it('answers NOT_FOUND for the event batch of a transaction id the channel never had', async function () {
      const unknown = 'ab'.repeat(32);

      const err = await client.getHistory({ recordType: 'eventbatch', recordId: unknown }).then(
        () => undefined,
        (e: unknown) => e as ServiceError,
      );

      expect(err?.code).to.equal(status.NOT_FOUND);
    });

    it('answers the history of the governance records: the consortium, a member and a proposal', async function () {
      const consortium = fs.readFileSync(path.join(REPO, 'channel-config', 'consortium.json'), 'utf8');
      // Both founding members accept the charter (the second founds the consortium). The network may
      // have its consortium already (the governance suite creates it too).
      const org2 = openLedger('org2', 'admin1');
      sessions.push(org2);
      const accept = (contract: Contract): Promise<SubmitResult | undefined> =>
        submitWrite(contract, 'Governance:InitConsortium', consortium).catch((err: unknown) => {
          if (chaincodeErrorCode(err) !== 'ALREADY_EXISTS') throw err;
          return undefined;
        });
      const first = await accept(admin);
      if (first !== undefined) {
        await awaitCommitted(org2.network, first.commit);
        const second = await accept(org2.contract);
        // The Org1 admin's session (opened third in before()) reads and writes next.
        const org1Admin = sessions[2];
        if (second !== undefined && org1Admin !== undefined)
          await awaitCommitted(org1Admin.network, second.commit);
      }
      const policyChange = {
        policyChange: {
          policy: {
            thresholdPercentage: 60,
            proposalDurationInHours: 24,
            thresholdComparator: 'GREATER_THAN',
          },
        },
      };
      const created = await submitWrite(
        admin,
        'Governance:CreateProposal',
        JSON.stringify(policyChange),
        'history of a proposal',
      );
      const { proposalId } = JSON.parse(Buffer.from(created.result).toString('utf8')) as {
        proposalId: string;
      };

      const proposal = await sealedHistory({ recordType: 'proposal', recordId: proposalId }, 1);
      const current = await sealedHistory({ recordType: 'consortium', recordId: 'current' }, 1);
      const member = await sealedHistory({ key: '/member/Org1MSP/' }, 1);

      expect(valueOf(proposal.revisions[0])).to.include({ proposalId });
      expect(valueOf(current.revisions[0])).to.include({
        networkName: 'ledger-consortium',
      });
      expect(valueOf(member.revisions[0])).to.include({ mspId: 'Org1MSP' });
      for (const page of [proposal, current, member])
        page.revisions.forEach((r) => {
          verifyRevision(r, page);
        });
    });

    it('names the request field of a malformed record id for each record type', async function () {
      const cases: [string, string][] = [
        ['eventbatch', 'not-a-transaction-id'],
        ['consortium', 'other'],
        ['member', 'Org 1'],
        ['event', ''],
        ['account', 'Org1MSP/'],
        ['product', 'P-1'],
      ];
      for (const [recordType, recordId] of cases) {
        const err = await failure(client.getHistory({ recordType, recordId }));
        expect(err.code, recordType).to.equal(status.INVALID_ARGUMENT);
        expect(err.details, recordType).to.match(/^(record_id|key): /);
      }
    });
  });
});
