import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Metadata, status, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import {
  encodeJournalRecord,
  eventContentHash,
  JOURNAL_EVENT_NAME,
  type EventEntry,
  type JournalRecord,
  type WriteEntry,
} from '@chaincode/lib/journal';
import { fromHex, journalLeafHash, sha256, toHex, verifyInclusion } from '@gateway/core';
import type { GetHistoryRequest__Output } from '@gateway/generated/ledger/GetHistoryRequest';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import { newJournalSequencer, type JournalSequencer } from '@gateway/sequencer/journalSequencer';
import type { HistoryPage } from '@gateway/generated/ledger/HistoryPage';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import {
  transactionHistorySource,
  chaincodeHistorySource,
  adaptiveHistorySource,
  type HistoryPosition,
  decodePageToken,
  encodePageToken,
  historyPage,
  HistorySourceError,
  HistoryValueMismatchError,
  parseHistoryRequest,
  recordOfKey,
  type FabricRevision,
  type HistoryValueSource,
} from '@gateway/server/history';
import { newLedgerService } from '@gateway/server/ledgerService';
import { newAdmissionGate, type AdmissionGate } from '@gateway/security/admissionGate';
import { processedTransactionBytes } from '@test-support/processedTransaction';
import { waitFor } from '@test-support/waitFor';

const TX = (n: number): string => n.toString(16).padStart(64, '0');
const ACCOUNT_KEY = '/account/Org1MSP/ACC-1/';

function record(txId: string, entries: JournalRecord['entries']): JournalRecord {
  return {
    version: 1,
    txId,
    timestamp: '2026-01-02T03:04:05.678Z',
    actor: { msp: 'Org1MSP', id: 'x509::CN=teller1', role: 'teller' },
    entries,
  };
}

function accountValue(balance: string): { accountNumber: string; balance: string } {
  return { accountNumber: 'ACC-1', balance };
}

function valueHash(value: unknown): string {
  return toHex(sha256(canonicalBytes(value)));
}

function accountWrite(action: string, balance: string): WriteEntry {
  return {
    type: 'account',
    action,
    writes: [
      { key: ACCOUNT_KEY, valueHash: valueHash(accountValue(balance)), deleted: false },
      { key: '/account~owner/Org1MSP/ACC-1/', valueHash: valueHash({}), deleted: false },
    ],
  };
}

const EVENT: EventEntry = {
  type: 'event',
  eventId: 'e-1',
  payload: Buffer.from('one').toString('base64'),
  vepsSignature: '',
  vepsTimestamp: '1702234567890',
  metadata: {},
};

function request(fields: Partial<GetHistoryRequest__Output>): GetHistoryRequest__Output {
  return { key: '', recordType: '', recordId: '', pageSize: 0, pageToken: '', ...fields };
}

function apply(sequencer: JournalSequencer, block: number, rec: JournalRecord): void {
  sequencer.apply({
    blockNumber: BigInt(block),
    transactionId: rec.txId,
    eventName: JOURNAL_EVENT_NAME,
    payload: encodeJournalRecord(rec),
  });
}

const EVENT_2: EventEntry = { ...EVENT, eventId: 'e-2', payload: Buffer.from('two').toString('base64') };

/** The record the chaincode stores for the batch of transaction 2 (events e-1 and e-2). */
function batchRecord(fields: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const contentSha256 = toHex(
    sha256(Buffer.from(eventContentHash(EVENT) + eventContentHash(EVENT_2), 'utf8')),
  );
  return {
    fabricTxId: TX(2),
    timestamp: '2026-01-02T03:04:05.678Z',
    eventIds: ['e-1', 'e-2'],
    contentSha256,
    ...fields,
  };
}

/**
 * The peer's history of ACC-1 (tx 1, 3, 4) and of the event batch of tx 2. It refuses any other record
 * as the chaincode does, and records what it was asked for in `asked`.
 */
function fabricHistory(
  overrides: Readonly<Record<string, FabricRevision>> = {},
  batch: Record<string, unknown> = batchRecord(),
  asked: string[] = [],
): HistoryValueSource {
  const account = new Map<string, FabricRevision>([
    [TX(1), { isDelete: false, value: accountValue('0.00') }],
    [TX(3), { isDelete: false, value: accountValue('10.00') }],
    [TX(4), { isDelete: false, value: accountValue('25.00') }],
  ]);
  for (const [tx, revision] of Object.entries(overrides)) account.set(tx, revision);
  const batches = new Map<string, FabricRevision>([[TX(2), { isDelete: false, value: batch }]]);
  return (r) => {
    asked.push(`${r.recordType} ${r.recordId}`);
    if (r.recordType === 'account') return Promise.resolve(account);
    if (r.recordType === 'eventbatch') return Promise.resolve(r.recordId === TX(2) ? batches : new Map());
    return Promise.reject(new Error(`keyType ${r.recordType} is unknown to this fake chaincode`));
  };
}

/** A fabric-gateway error as the peer's refusal gives it. */
function gatewayError(code: status, message: string): GatewayError {
  return new GatewayError({
    code,
    details: [{ address: 'peer0', mspId: 'Org1MSP', message }],
    cause: Object.assign(new Error(message), { code, details: message, metadata: new Metadata() }),
    message: `${code} ${message}`,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('GetHistory', function () {
  let dir: string;
  let index: JournalIndex;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-spec-'));
    index = openJournalIndex(path.join(dir, 'index.sqlite'));
    const sequencer = newJournalSequencer({ index, logger: silentLogger });
    apply(sequencer, 3, record(TX(1), [accountWrite('Accounts:OpenAccount', '0.00')]));
    apply(sequencer, 4, record(TX(2), [EVENT, EVENT_2]));
    apply(sequencer, 5, record(TX(3), [accountWrite('Accounts:Deposit', '10.00')]));
    apply(sequencer, 6, record(TX(4), [accountWrite('Accounts:Deposit', '25.00')]));
  });
  afterEach(function () {
    index.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const context = (values?: HistoryValueSource): Parameters<typeof historyPage>[0] => ({
    index,
    values,
  });

  describe('the key table', function () {
    it('holds every key a write entry wrote and event/<id> for an event entry, filled by the sequencer', function () {
      expect(index.keyHistory(ACCOUNT_KEY, 0, 10).map((w) => w.sequenceNumber)).to.deep.equal([1, 4, 5]);
      expect(index.keyHistory('/account~owner/Org1MSP/ACC-1/', 0, 10)).to.have.length(3);
      expect(index.keyHistory('event/e-1', 0, 10)).to.deep.equal([
        { key: 'event/e-1', sequenceNumber: 2, valueHash: null, deleted: false },
      ]);
      expect(index.keyHistory(ACCOUNT_KEY, 1, 1).map((w) => w.sequenceNumber)).to.deep.equal([4]);
    });

    it('counts the writes of a key above a sequence number', function () {
      expect(index.countKeyWrites(ACCOUNT_KEY, 0)).to.equal(3);
      expect(index.countKeyWrites(ACCOUNT_KEY, 1)).to.equal(2);
      expect(index.countKeyWrites(ACCOUNT_KEY, 5)).to.equal(0);
      expect(index.countKeyWrites('/account/Org1MSP/never/', 0)).to.equal(0);
    });

    it('is backfilled from the stored seals when an index written before it is opened', function () {
      index.close();
      const file = path.join(dir, 'index.sqlite');
      const db = new Database(file);
      db.exec('DROP TABLE key_writes');
      db.pragma('user_version = 0');
      db.close();
      index = openJournalIndex(file);
      expect(index.keyHistory(ACCOUNT_KEY, 0, 10).map((w) => w.sequenceNumber)).to.deep.equal([1, 4, 5]);
      expect(index.keyHistory('event/e-1', 0, 10).map((w) => w.sequenceNumber)).to.deep.equal([2]);
      expect(index.keyHistory(ACCOUNT_KEY, 0, 1)[0]?.valueHash).to.equal(valueHash(accountValue('0.00')));
    });
  });

  describe('#historyPage', function () {
    it('returns every revision oldest first with values that hash to the journal and proofs that verify', async function () {
      const page = await historyPage(context(fabricHistory()), request({ key: ACCOUNT_KEY }));
      expect(page.treeSize).to.equal('5');
      expect(page.nextPageToken).to.equal('');
      const revisions = page.revisions ?? [];
      expect(revisions.map((r) => r.seal?.sequenceNumber)).to.deep.equal(['1', '4', '5']);
      for (const revision of revisions) {
        const value = Buffer.from(revision.value as Uint8Array);
        expect(toHex(sha256(value))).to.equal(revision.write?.valueHash);
        const proof = revision.inclusionProof;
        const eventHash = fromHex(revision.seal?.eventHash ?? '', 'event_hash', 32);
        verifyInclusion(
          journalLeafHash(eventHash, fromHex(revision.seal?.entryHash ?? '', 'entry_hash', 32)),
          Number(proof?.leafIndex),
          5,
          (proof?.hashes ?? []).map((h) => fromHex(h, 'hash', 32)),
          fromHex(page.rootHash ?? '', 'root', 32),
        );
      }
    });

    it('walks the revisions one per page with page tokens', async function () {
      const seen: string[] = [];
      let pageToken = '';
      do {
        const page = await historyPage(
          context(fabricHistory()),
          request({ recordType: 'account', recordId: 'Org1MSP/ACC-1', pageSize: 1, pageToken }),
        );
        seen.push(...(page.revisions ?? []).map((r) => String(r.seal?.sequenceNumber)));
        pageToken = page.nextPageToken ?? '';
      } while (pageToken !== '');
      expect(seen).to.deep.equal(['1', '4', '5']);
    });

    it('answers a submitted event by key and by record type from its seal, without asking the peer', async function () {
      const asked: string[] = [];
      const source = fabricHistory({}, batchRecord(), asked);

      const byKey = await historyPage(context(source), request({ key: 'event/e-2' }));
      const byType = await historyPage(context(source), request({ recordType: 'event', recordId: 'e-2' }));

      expect(byType).to.deep.equal(byKey);
      const revision = byKey.revisions?.[0];
      expect(byKey.revisions).to.have.length(1);
      expect(revision?.seal).to.include({ sequenceNumber: '3', eventId: 'e-2', entryType: 'event' });
      expect(revision?.write).to.deep.equal({ key: 'event/e-2', valueHash: '', deleted: false });
      expect(Buffer.from(revision?.value as Uint8Array)).to.have.length(0);
      expect(asked).to.deep.equal([]);
    });

    it('answers an event batch with one revision, sealed by its first event, whose value the seals confirm', async function () {
      const key = `eventbatch/${TX(2)}`;

      const byKey = await historyPage(context(fabricHistory()), request({ key }));
      const byType = await historyPage(
        context(fabricHistory()),
        request({ recordType: 'eventbatch', recordId: TX(2) }),
      );

      expect(byType).to.deep.equal(byKey);
      const revision = byKey.revisions?.[0];
      expect(byKey.revisions).to.have.length(1);
      expect(revision?.seal).to.include({ sequenceNumber: '2', eventId: 'e-1', transactionId: TX(2) });
      expect(revision?.write).to.deep.equal({ key, valueHash: '', deleted: false });
      expect(Buffer.from(revision?.value as Uint8Array).equals(Buffer.from(canonicalBytes(batchRecord())))).to
        .be.true;
      const after = await historyPage(
        context(fabricHistory()),
        request({ key, pageToken: encodePageToken(key, 2) }),
      );
      expect(after.revisions).to.deep.equal([]);
    });

    it('answers NOT_FOUND for an event batch the peer does not have', async function () {
      const err = await rejection(
        historyPage(context(fabricHistory()), request({ key: `eventbatch/${TX(9)}` })),
      );
      expect(err).to.be.instanceOf(LedgerServiceError).and.to.have.property('code', status.NOT_FOUND);
    });

    it('refuses an event batch record that the seals of its events contradict, as a server-side mismatch', async function () {
      const key = `eventbatch/${TX(2)}`;
      const cases = [
        batchRecord({ contentSha256: 'f'.repeat(64) }),
        batchRecord({ fabricTxId: TX(7) }),
        batchRecord({ eventIds: ['e-1', 'e-2'], contentSha256: 'x' }),
        { something: 'else' },
      ];
      for (const batch of cases) {
        const err = await rejection(historyPage(context(fabricHistory({}, batch)), request({ key })));
        expect(err, JSON.stringify(batch)).to.be.instanceOf(HistoryValueMismatchError);
      }
    });

    it('leaves a value empty when the peer no longer has the revision or no source is configured', async function () {
      const page = await historyPage(context(), request({ key: ACCOUNT_KEY }));
      expect((page.revisions ?? []).map((r) => Buffer.from(r.value as Uint8Array).length)).to.deep.equal([
        0, 0, 0,
      ]);
      const index = await historyPage(
        context(fabricHistory()),
        request({ key: '/account~owner/Org1MSP/ACC-1/' }),
      );
      expect(index.revisions).to.have.length(3);
    });

    it('refuses a value that does not hash to the journaled value hash', async function () {
      const tampered = fabricHistory({ [TX(3)]: { isDelete: false, value: accountValue('99.00') } });
      const err = await rejection(historyPage(context(tampered), request({ key: ACCOUNT_KEY })));
      expect(err).to.be.instanceOf(HistoryValueMismatchError);
    });

    it('answers NOT_FOUND for a key never written', async function () {
      const err = await rejection(historyPage(context(), request({ key: '/account/Org1MSP/NOPE/' })));
      expect(err).to.be.instanceOf(LedgerServiceError).and.to.have.property('code', status.NOT_FOUND);
    });
  });

  describe('#parseHistoryRequest', function () {
    const invalid = (fields: Partial<GetHistoryRequest__Output>): void => {
      expect(() => parseHistoryRequest(request(fields)))
        .to.throw(LedgerServiceError)
        .with.property('code', status.INVALID_ARGUMENT);
    };

    it('builds the printable key from a record type and id and defaults the page size to 50', function () {
      expect(
        parseHistoryRequest(request({ recordType: 'account', recordId: 'Org1MSP/ACC-1' })),
      ).to.deep.equal({
        key: ACCOUNT_KEY,
        pageSize: 50,
        afterSequence: 0,
      });
      expect(parseHistoryRequest(request({ recordType: 'event', recordId: 'e 1' })).key).to.equal(
        'event/e 1',
      );
      const keyOf = (recordType: string, recordId: string): string =>
        parseHistoryRequest(request({ recordType, recordId })).key;
      expect(keyOf('eventbatch', TX(2))).to.equal(`eventbatch/${TX(2)}`);
      expect(keyOf('consortium', 'current')).to.equal('/consortium/current/');
      expect(keyOf('member', 'Org1MSP')).to.equal('/member/Org1MSP/');
      expect(keyOf('proposal', TX(5))).to.equal(`/proposal/${TX(5)}/`);
    });

    it('refuses missing, conflicting or malformed keys and record ids', function () {
      invalid({});
      invalid({ key: ACCOUNT_KEY, recordType: 'account', recordId: 'Org1MSP/ACC-1' });
      invalid({ key: 'a\u0000b' });
      invalid({ recordType: 'custody', recordId: 'P-1' });
      invalid({ recordType: 'account', recordId: 'bad id/ACC-1' });
      invalid({ recordType: 'account', recordId: 'Org1MSP/ACC-1/x' });
      invalid({ recordType: 'account', recordId: 'Org1MSP/' });
      invalid({ recordType: 'account', recordId: '' });
      invalid({ recordType: 'eventbatch', recordId: 'not-a-tx-id' });
      invalid({ recordType: 'consortium', recordId: 'other' });
      invalid({ recordType: 'member', recordId: 'Org 1' });
    });

    it('wants <mspId>/<id> as the record id of an org-scoped record, naming record_id', function () {
      expect(
        parseHistoryRequest(request({ recordType: 'transaction', recordId: 'Org2MSP/T-1' })).key,
      ).to.equal('/transaction/Org2MSP/T-1/');
      expect(() => parseHistoryRequest(request({ recordType: 'account', recordId: 'ACC-1' }))).to.throw(
        /^record_id: got "ACC-1", want for record_type account, <mspId>\/<id>/,
      );
    });

    it('finds an imported QLDB document by <table>/<documentId> under qldb/<table>/<documentId>, and refuses an id without its table', function () {
      expect(
        parseHistoryRequest(
          request({ recordType: 'qldb', recordId: 'VehicleRegistration/8F0TPCmdNQ6JTRpiLj2TmW' }),
        ).key,
      ).to.equal('qldb/VehicleRegistration/8F0TPCmdNQ6JTRpiLj2TmW');
      expect(() =>
        parseHistoryRequest(request({ recordType: 'qldb', recordId: '8F0TPCmdNQ6JTRpiLj2TmW' })),
      ).to.throw(
        /^record_id: got "8F0TPCmdNQ6JTRpiLj2TmW", want for record_type qldb, <table>\/<documentId>/,
      );
      expect(recordOfKey('qldb/VehicleRegistration/8F0TPCmdNQ6JTRpiLj2TmW')).to.equal(undefined);
    });

    it('names the proto field at fault: record_type for an unknown type, record_id for a malformed id', function () {
      expect(() => parseHistoryRequest(request({ recordType: 'custody', recordId: 'P-1' }))).to.throw(
        /^record_type: got "custody", want one of account, transaction, product, shipment, event, eventbatch, consortium, member, proposal, qldb$/,
      );
      expect(() => parseHistoryRequest(request({ recordType: 'eventbatch', recordId: 'x' }))).to.throw(
        /^record_id: got "x", want for record_type eventbatch, a Fabric transaction id/,
      );
    });

    it('refuses a page size above 500', function () {
      invalid({ key: ACCOUNT_KEY, pageSize: 501 });
      expect(parseHistoryRequest(request({ key: ACCOUNT_KEY, pageSize: 500 })).pageSize).to.equal(500);
    });

    it('accepts only a page token issued for the same key', function () {
      const token = encodePageToken(ACCOUNT_KEY, 3);
      expect(decodePageToken(ACCOUNT_KEY, token)).to.equal(3);
      invalid({ key: '/account/Org1MSP/ACC-2/', pageToken: token });
      invalid({ key: ACCOUNT_KEY, pageToken: 'garbage' });
      invalid({ key: ACCOUNT_KEY, pageToken: Buffer.from('h1.0.0000000000000000').toString('base64url') });
    });
  });

  describe('#recordOfKey', function () {
    it('maps record keys to the chaincode history query and other keys to nothing', function () {
      expect(recordOfKey(ACCOUNT_KEY)).to.deep.equal({ recordType: 'account', recordId: 'Org1MSP/ACC-1' });
      expect(recordOfKey('event/e-1')).to.deep.equal({ recordType: 'event', recordId: 'e-1' });
      expect(recordOfKey(`eventbatch/${TX(2)}`)).to.deep.equal({ recordType: 'eventbatch', recordId: TX(2) });
      expect(recordOfKey('/consortium/current/')).to.deep.equal({
        recordType: 'consortium',
        recordId: 'current',
      });
      expect(recordOfKey('/member/Org1MSP/')).to.deep.equal({ recordType: 'member', recordId: 'Org1MSP' });
      expect(recordOfKey('/proposal/P-1/')).to.deep.equal({ recordType: 'proposal', recordId: 'P-1' });
      expect(recordOfKey('/consortium/other/')).to.equal(undefined);
      expect(recordOfKey('eventbatch/short')).to.equal(undefined);
      expect(recordOfKey('/account~owner/Org1MSP/ACC-1/')).to.equal(undefined);
      expect(recordOfKey('/custody/P-1/x/y/')).to.equal(undefined);
      expect(recordOfKey('/product/Org2MSP/P-1/')).to.deep.equal({
        recordType: 'product',
        recordId: 'Org2MSP/P-1',
      });
      expect(recordOfKey('/account/Org1MSP/ACC-1/x/')).to.equal(undefined);
      expect(recordOfKey('/proposal/a/b/')).to.equal(undefined);
    });
  });

  describe('the GetHistory handler', function () {
    function getHistory(
      values: HistoryValueSource,
      req: GetHistoryRequest__Output,
      limits: { historyGate?: AdmissionGate; historyTimeoutMs?: number } = {},
    ): Promise<HistoryPage> {
      const service = newLedgerService({
        ...limits,
        index,
        submitter: { submit: () => Promise.reject(new Error('unused')), pending: 0 },
        identity: { mspId: 'Org1MSP', certificatePem: '', privateKeyPem: '' },
        status: { healthy: () => true, describe: () => 'SERVING' },
        logger: silentLogger,
        sealTimeoutMs: 1000,
        historyValues: values,
      });
      const call = { request: req } as unknown as ServerUnaryCall<GetHistoryRequest__Output, HistoryPage>;
      return new Promise((resolve, reject) => {
        service.GetHistory(call, (err: Partial<ServiceError> | null, page?: HistoryPage | null) => {
          if (err === null && page !== undefined && page !== null) resolve(page);
          else reject(Object.assign(new Error(err?.details ?? 'no answer'), { code: err?.code }));
        });
      });
    }

    it('answers a page, and INTERNAL with only a correlation id when a value does not match the journal', async function () {
      const page = await getHistory(fabricHistory(), request({ key: ACCOUNT_KEY }));
      expect(page.revisions).to.have.length(3);
      const tampered = fabricHistory({ [TX(1)]: { isDelete: false, value: accountValue('1.00') } });
      const err = await rejection(getHistory(tampered, request({ key: ACCOUNT_KEY })));
      expect(err).to.have.property('code', status.INTERNAL);
      expect((err as Error).message).to.match(/^internal error \(correlation id [0-9a-f-]{36}\)$/);
    });

    it('refuses a GetHistory call beyond the admission bound at once with RESOURCE_EXHAUSTED', async function () {
      let unblock: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => {
        unblock = resolve;
      });
      const slow: HistoryValueSource = async (record, wanted) => {
        await blocked;
        return fabricHistory()(record, wanted);
      };
      const historyGate = newAdmissionGate(1);
      const first = getHistory(slow, request({ key: ACCOUNT_KEY }), { historyGate });

      const second = await rejection(getHistory(slow, request({ key: ACCOUNT_KEY }), { historyGate }));
      unblock();

      expect(second).to.have.property('code', status.RESOURCE_EXHAUSTED);
      expect((second as Error).message).to.match(/1 GetHistory calls in flight/);
      expect((await first).revisions).to.have.length(3);
      expect(historyGate.inFlight).to.equal(0);
    });

    it('answers DEADLINE_EXCEEDED when the peer takes longer than the call deadline, and frees the slot when it ends', async function () {
      let unblock: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => {
        unblock = resolve;
      });
      const stuck: HistoryValueSource = async (record, wanted) => {
        await blocked;
        return fabricHistory()(record, wanted);
      };
      const historyGate = newAdmissionGate(4);

      const err = await rejection(
        getHistory(stuck, request({ key: ACCOUNT_KEY }), { historyGate, historyTimeoutMs: 20 }),
      );
      const heldAfterDeadline = historyGate.inFlight;
      unblock();
      await waitFor('the slot of the late page is freed', () => historyGate.inFlight === 0);

      expect(err).to.have.property('code', status.DEADLINE_EXCEEDED);
      expect((err as Error).message).to.equal('GetHistory took longer than 20 ms');
      expect(heldAfterDeadline).to.equal(1);
    });

    it('answers INTERNAL, never INVALID_ARGUMENT, when the peer refuses the gateway its own transaction query', async function () {
      const refusing = transactionHistorySource(
        () => Promise.reject(gatewayError(status.UNKNOWN, 'access denied for [GetTransactionByID]')),
        'ledger',
      );

      const err = await rejection(getHistory(refusing, request({ key: ACCOUNT_KEY })));

      expect(err).to.have.property('code', status.INTERNAL);
    });

    it('answers UNAVAILABLE when the peer cannot be reached, so that the client may retry', async function () {
      const unreachable = transactionHistorySource(
        () => Promise.reject(gatewayError(status.UNAVAILABLE, 'connection refused')),
        'ledger',
      );

      const err = await rejection(getHistory(unreachable, request({ key: ACCOUNT_KEY })));

      expect(err).to.have.property('code', status.UNAVAILABLE);
    });
  });

  describe('where a page sits', function () {
    it('tells the source how many revisions are newer than the page and the tx id of its newest one', async function () {
      const seen: (HistoryPosition | undefined)[] = [];
      const recording: HistoryValueSource = (record, wanted, position) => {
        seen.push(position);
        return fabricHistory()(record, wanted);
      };

      await historyPage(context(recording), request({ key: ACCOUNT_KEY, pageSize: 1 }));
      await historyPage(context(recording), request({ key: ACCOUNT_KEY, pageSize: 3 }));

      expect(seen).to.deep.equal([
        { newerRevisions: 2, newestTxId: TX(1) },
        { newerRevisions: 0, newestTxId: TX(4) },
      ]);
    });
  });

  describe('#chaincodeHistorySource', function () {
    const pages: Record<
      string,
      { records: { txId: string; isDelete: boolean; value: unknown }[]; bookmark: string }
    > = {
      '': { records: [{ txId: 'c', isDelete: false, value: { n: 3 } }], bookmark: 'b' },
      b: { records: [{ txId: 'b', isDelete: true, value: null }], bookmark: 'a' },
      a: { records: [{ txId: 'a', isDelete: false, value: { n: 1 } }], bookmark: '' },
    };
    const chaincode = (calls: (readonly string[])[]) => (name: string, args: readonly string[]) => {
      expect(name).to.equal('Audit:GetHistory');
      calls.push(args);
      return Promise.resolve(Buffer.from(JSON.stringify(pages[args[3] ?? ''])));
    };

    it("starts at the page's newest revision, its tx id being the query's bookmark", async function () {
      const calls: (readonly string[])[] = [];
      const source = chaincodeHistorySource(chaincode(calls));

      const found = await source({ recordType: 'account', recordId: 'Org1MSP/A-1' }, new Set(['b', 'a']), {
        newerRevisions: 1,
        newestTxId: 'b',
      });

      expect([...found.keys()]).to.deep.equal(['b', 'a']);
      expect(calls).to.deep.equal([
        ['account', 'Org1MSP/A-1', '200', 'b'],
        ['account', 'Org1MSP/A-1', '200', 'a'],
      ]);
    });

    it('walks from the newest revision when it is not told where the page sits', async function () {
      const calls: (readonly string[])[] = [];
      const source = chaincodeHistorySource(chaincode(calls));

      await source({ recordType: 'account', recordId: 'Org1MSP/A-1' }, new Set(['b']));

      expect(calls.map((c) => c[3])).to.deep.equal(['', 'b']);
    });

    it('wraps a chaincode refusal into a HistorySourceError that names the query', async function () {
      const source = chaincodeHistorySource(() =>
        Promise.reject(new Error('[INVALID_ARGUMENT] keyType: got "x"')),
      );

      const err = await rejection(source({ recordType: 'proposal', recordId: 'P-1' }, new Set(['a'])));

      expect(err).to.be.instanceOf(HistorySourceError);
      expect((err as Error).message).to.equal(
        'Audit:GetHistory(proposal, P-1) failed: [INVALID_ARGUMENT] keyType: got "x"',
      );
    });
  });

  describe('#adaptiveHistorySource', function () {
    const picking = (): { source: HistoryValueSource; used: string[] } => {
      const used: string[] = [];
      const named =
        (name: string): HistoryValueSource =>
        () => {
          used.push(name);
          return Promise.resolve(new Map());
        };
      return { source: adaptiveHistorySource(named('chaincode'), named('transactions'), 100), used };
    };
    const record = { recordType: 'account', recordId: 'Org1MSP/A-1' };

    it('asks the chaincode for a page with fewer newer revisions than its reach', async function () {
      const { source, used } = picking();

      await source(record, new Set(['t']), { newerRevisions: 99, newestTxId: 't' });

      expect(used).to.deep.equal(['chaincode']);
    });

    it("reads each revision's transaction for a page at or beyond its reach, or with no position", async function () {
      const { source, used } = picking();

      await source(record, new Set(['t']), { newerRevisions: 100, newestTxId: 't' });
      await source(record, new Set(['t']));

      expect(used).to.deep.equal(['transactions', 'transactions']);
    });
  });

  describe('#transactionHistorySource', function () {
    const ACC = '\u0000account\u0000Org1MSP\u0000A-1\u0000';
    const transactions: Record<string, Uint8Array> = {
      t1: processedTransactionBytes({ namespace: 'ledger', writes: [{ key: ACC, value: '{"n":1}' }] }),
      t2: processedTransactionBytes({ namespace: 'ledger', writes: [{ key: ACC, isDelete: true }] }),
      t3: processedTransactionBytes({ namespace: 'ledger', writes: [{ key: 'other', value: '{}' }] }),
      t4: processedTransactionBytes({
        namespace: 'ledger',
        writes: [{ key: ACC, value: '{"n":4}' }],
        validationCode: 11,
      }),
      t5: processedTransactionBytes({ namespace: 'ledger', writes: [{ key: ACC, value: 'not json' }] }),
    };
    const peerWith = (asked: string[]) => (txId: string) => {
      asked.push(txId);
      const bytes = transactions[txId];
      return bytes === undefined
        ? Promise.reject(gatewayError(status.UNKNOWN, `no such transaction ID [${txId}] in index`))
        : Promise.resolve(bytes);
    };

    it('reads each wanted revision from its own transaction, one query each, whatever the history length', async function () {
      const asked: string[] = [];
      const source = transactionHistorySource(peerWith(asked), 'ledger', 2);

      const found = await source({ recordType: 'account', recordId: 'Org1MSP/A-1' }, new Set(['t1', 't2']));

      expect([...found.entries()]).to.deep.equal([
        ['t1', { isDelete: false, value: { n: 1 } }],
        ['t2', { isDelete: true, value: null }],
      ]);
      expect(asked).to.deep.equal(['t1', 't2']);
    });

    it('has no revision where the transaction is unknown, invalid or did not write the key', async function () {
      const source = transactionHistorySource(peerWith([]), 'ledger');

      const found = await source(
        { recordType: 'account', recordId: 'Org1MSP/A-1' },
        new Set(['t3', 't4', 'missing']),
      );

      expect(found.size).to.equal(0);
    });

    it('refuses a written value that is not JSON as a HistorySourceError naming the transaction', async function () {
      const source = transactionHistorySource(peerWith([]), 'ledger');

      const err = await rejection(
        source({ recordType: 'account', recordId: 'Org1MSP/A-1' }, new Set(['t5'])),
      );

      expect(err).to.be.instanceOf(HistorySourceError);
      expect((err as Error).message).to.equal('transaction t5 wrote a value that is not JSON');
    });

    it('wraps a peer refusal into a HistorySourceError that names the query', async function () {
      const source = transactionHistorySource(() => Promise.reject(new Error('access denied')), 'ledger');

      const err = await rejection(source({ recordType: 'proposal', recordId: 'P-1' }, new Set(['tx9'])));

      expect(err).to.be.instanceOf(HistorySourceError);
      expect((err as Error).message).to.equal('GetTransactionByID(tx9) failed: access denied');
    });
  });
});
