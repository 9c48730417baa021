// The pure receipt verifier (gateway/src/receipt): receipts built from a real sequencer and index over
// version 2 journal records, checked offline. The per-field twins of every seal and digest field are
// the vectors test/vectors/receipt/verify-twins (vectors.spec.ts); here: history revisions, newer
// digests, the wire shapes buildReceipt reads, and malformed receipts.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { encodeJournalRecord, JOURNAL_EVENT_NAME, type JournalRecord } from '@chaincode/lib/journal';
import {
  consistencyProofFromSource,
  digestSigningBytes,
  fromHex,
  GENESIS_PREVIOUS_HASH,
  inclusionProofFromSource,
  rootFromSource,
  sha256,
  signDigest,
  toHex,
  type LedgerDigest,
} from '@gateway/core';
import type { InclusionProof__Output } from '@gateway/generated/ledger/InclusionProof';
import type { LedgerDigest__Output } from '@gateway/generated/ledger/LedgerDigest';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import { buildReceipt } from '@gateway/receipt/buildReceipt';
import { ReceiptError, verifyReceipt, type VerifyReceiptOptions } from '@gateway/receipt/receipt';
import { trustOfOrgCa, type SignerPolicy } from '@gateway/security/digestSigner';
import { newJournalSequencer } from '@gateway/sequencer/journalSequencer';
import { toSealedEvent } from '@gateway/wire/sealedEvent';

const IDENTITIES = path.join(__dirname, '../../../vectors/receipt/private');
const pem = (name: string): string => readFileSync(path.join(IDENTITIES, name), 'utf8');
const SIGNER_KEY = pem('signer.key.pem');
const SIGNER_CERT = pem('signer.cert.pem');
const ORG_CA = pem('org-ca.cert.pem');
/** The signer certificates of test/vectors/receipt/private are valid 2026-12-01..2126-12-01. */
const AT = new Date('2027-01-01T00:00:00Z');
const SIGNERS: SignerPolicy = { trust: trustOfOrgCa(ORG_CA), at: AT };

type Json = Record<string, unknown>;

const TX = (n: number): string => n.toString(16).padStart(64, '0');
const VALUE = canonicalBytes({ id: 'A-1', balance: '12.50' });
const VALUE_HASH = toHex(sha256(VALUE));

function record(txId: string, entries: JournalRecord['entries']): JournalRecord {
  return {
    version: 2,
    txId,
    timestamp: '2026-01-02T03:04:05.678Z',
    actor: { cert: 'a'.repeat(64), msp: 'Org1MSP', id: 'x509::CN=teller1::CN=ca', role: 'teller' },
    entries,
  };
}

/** An index holding a write entry (seq 1), an event (seq 2) and a delete (seq 3). */
function journal(): JournalIndex {
  const index = openJournalIndex(':memory:');
  const sequencer = newJournalSequencer({ index, logger: silentLogger });
  const records = [
    record(TX(1), [
      {
        type: 'account',
        action: 'Accounts:OpenAccount',
        writes: [{ key: '/account/A-1/', valueHash: VALUE_HASH, deleted: false }],
      },
    ]),
    record(TX(2), [
      {
        type: 'event',
        eventId: 'e-1',
        payload: Buffer.from('one').toString('base64'),
        vepsSignature: '',
        vepsTimestamp: '1702234567890',
        metadata: { lane: '7' },
        client: { cert: 'c'.repeat(64), subject: 'CN=client1' },
      },
    ]),
    record(TX(3), [
      {
        type: 'account',
        action: 'Accounts:CloseAccount',
        writes: [{ key: '/account/A-1/', valueHash: null, deleted: true }],
      },
    ]),
  ];
  records.forEach((r, i) =>
    sequencer.apply({
      blockNumber: BigInt(5 + i),
      transactionId: r.txId,
      eventName: JOURNAL_EVENT_NAME,
      payload: encodeJournalRecord(r),
    }),
  );
  return index;
}

function signedDigest(index: JournalIndex, size = index.size, channel?: string): LedgerDigest__Output {
  const digest: LedgerDigest = {
    treeSize: size,
    rootHash: rootFromSource(index, size),
    chainTipHash: index.get(size)?.eventHash ?? GENESIS_PREVIOUS_HASH,
    lastBlockNumber: BigInt(index.get(size)?.blockNumber ?? 0),
    ...(channel === undefined ? {} : { channel }),
  };
  return {
    treeSize: String(size),
    rootHash: toHex(digest.rootHash),
    chainTipHash: toHex(digest.chainTipHash),
    lastBlockNumber: String(digest.lastBlockNumber),
    signature: Buffer.from(signDigest(digest, SIGNER_KEY)),
    certificatePem: SIGNER_CERT,
    mspId: 'Org1MSP',
    signedBytes: Buffer.from(digestSigningBytes(digest)),
    channel: channel ?? 'ledger',
  };
}

/** The seal of `seq` in its wire (decoded) form. */
function wireSeal(index: JournalIndex, seq: number): SealedEvent__Output {
  const seal = toSealedEvent(index.get(seq)!);
  return { ...seal, payload: Buffer.from(seal.payload as Uint8Array) } as SealedEvent__Output;
}

function wireProof(index: JournalIndex, seq: number, size: number): InclusionProof__Output {
  return {
    sequenceNumber: String(seq),
    leafIndex: String(seq - 1),
    treeSize: String(size),
    eventHash: toHex(index.get(seq)!.eventHash),
    hashes: inclusionProofFromSource(index, seq - 1, size).map(toHex),
    rootHash: toHex(rootFromSource(index, size)),
  };
}

function receiptOf(
  index: JournalIndex,
  seq: number,
  revision?: { value: Uint8Array; deleted?: boolean },
): Json {
  const digest = signedDigest(index);
  const write = index.keyHistory('/account/A-1/', seq - 1, 1)[0];
  return buildReceipt(
    wireSeal(index, seq),
    wireProof(index, seq, index.size),
    digest,
    revision === undefined
      ? undefined
      : {
          write: {
            key: '/account/A-1/',
            valueHash: write?.valueHash ?? '',
            deleted: write?.deleted ?? false,
          },
          value: revision.value,
        },
  );
}

/** A history receipt of the event sealed at sequence 2 (`event/e-1`): no value hash, no value. */
function eventRevisionReceipt(index: JournalIndex): Json {
  return buildReceipt(wireSeal(index, 2), wireProof(index, 2, index.size), signedDigest(index), {
    write: { key: 'event/e-1', valueHash: '', deleted: false },
    value: new Uint8Array(),
  });
}

const bytesOf = (receipt: Json): Uint8Array => Buffer.from(JSON.stringify(receipt));
const failure = (receipt: Json, options: VerifyReceiptOptions = { signers: SIGNERS }): string => {
  try {
    verifyReceipt(bytesOf(receipt), options);
  } catch (err) {
    if (err instanceof ReceiptError) return err.field;
    throw err;
  }
  return 'verified';
};
const withRevision = (receipt: Json, change: Json): Json => ({
  ...receipt,
  revision: { ...(receipt.revision as Json), ...change },
});

describe('receipts', function () {
  let index: JournalIndex;
  beforeEach(function () {
    index = journal();
  });
  afterEach(function () {
    index.close();
  });

  describe('#buildReceipt and #verifyReceipt', function () {
    it('verifies a receipt of an event seal built from the wire answers, listing every check', function () {
      const result = verifyReceipt(bytesOf(receiptOf(index, 2)), { signers: SIGNERS });
      expect(result).to.include({ sequenceNumber: '2', treeSize: 3 });
      expect(result.checked.join('\n')).to.contain('entry_hash').and.contain('inclusion proof');
    });

    it("verifies a receipt of another channel's journal, whose digest names the channel", function () {
      const receipt = buildReceipt(
        wireSeal(index, 2),
        wireProof(index, 2, index.size),
        signedDigest(index, index.size, 'two'),
      );
      const result = verifyReceipt(bytesOf(receipt), { signers: SIGNERS });
      expect(result.checked.join('\n')).to.contain('ledger-digest-v3 of channel two');
    });

    it("refuses a channel receipt whose signed bytes are relabelled as the main channel's", function () {
      const receipt = buildReceipt(
        wireSeal(index, 2),
        wireProof(index, 2, index.size),
        signedDigest(index, index.size, 'two'),
      );
      const digest = receipt.digest as Json;
      const asMain = digestSigningBytes({
        treeSize: index.size,
        rootHash: rootFromSource(index, index.size),
        chainTipHash: index.get(index.size)?.eventHash ?? GENESIS_PREVIOUS_HASH,
        lastBlockNumber: BigInt(index.get(index.size)?.blockNumber ?? 0),
      });
      const relabelled = {
        ...receipt,
        digest: { ...digest, signedBytes: Buffer.from(asMain).toString('base64') },
      };
      expect(failure(relabelled)).to.equal('digest.signature');
    });

    it('refuses to build a receipt from a proof against another tree size than the digest', function () {
      expect(() => buildReceipt(wireSeal(index, 2), wireProof(index, 2, 2), signedDigest(index))).to.throw(
        /proof of 2 in 2, want 2 in 3/,
      );
    });

    it('names a changed submitter MSP id as seal.submitter_msp_id', function () {
      const receipt = receiptOf(index, 2);
      const seal = { ...(receipt.seal as Json), submitterMspId: 'Org2MSP' };
      expect(failure({ ...receipt, seal })).to.equal('seal.submitter_msp_id');
    });

    it('refuses a receipt whose signer is not issued by the org CA', function () {
      expect(
        failure(receiptOf(index, 2), { signers: { trust: trustOfOrgCa(pem('other-ca.cert.pem')), at: AT } }),
      ).to.equal('digest.certificate_pem');
    });
  });

  describe('history revisions', function () {
    it('verifies a revision whose value hashes to the sealed write', function () {
      const result = verifyReceipt(bytesOf(receiptOf(index, 1, { value: VALUE })), { signers: SIGNERS });
      expect(result.checked.at(-1)).to.contain(`hashes to the sealed value hash ${VALUE_HASH}`);
    });

    it('refuses a changed value, naming revision.value', function () {
      const receipt = receiptOf(index, 1, { value: VALUE });
      const other = Buffer.from(canonicalBytes({ id: 'A-1', balance: '99.50' })).toString('base64');
      expect(failure(withRevision(receipt, { value: other }))).to.equal('revision.value');
    });

    it('refuses a value hash other than the sealed one, naming revision.value_hash', function () {
      const receipt = receiptOf(index, 1, { value: VALUE });
      expect(failure(withRevision(receipt, { valueHash: 'b'.repeat(64) }))).to.equal('revision.value_hash');
    });

    it('refuses a key the sealed entry did not write, naming revision.key', function () {
      const receipt = receiptOf(index, 1, { value: VALUE });
      expect(failure(withRevision(receipt, { key: '/account/A-2/' }))).to.equal('revision.key');
    });

    it('refuses a revision flipped to a delete, naming revision.deleted', function () {
      const receipt = receiptOf(index, 1, { value: VALUE });
      expect(failure(withRevision(receipt, { deleted: true }))).to.equal('revision.deleted');
    });

    it('verifies the revision of a submitted event, which has no value', function () {
      const receipt = eventRevisionReceipt(index);
      const result = verifyReceipt(bytesOf(receipt), { signers: SIGNERS });
      expect(result.checked.at(-1)).to.equal(
        "revision: key event/e-1 is the sealed event (its content is the seal's payload)",
      );
    });

    it('refuses an event revision that carries value bytes, naming revision.value', function () {
      const receipt = eventRevisionReceipt(index);
      expect(failure(withRevision(receipt, { value: Buffer.from('e').toString('base64') }))).to.equal(
        'revision.value',
      );
    });

    it('refuses an event revision whose sealed payload has one byte changed, naming seal.payload', function () {
      const receipt = eventRevisionReceipt(index);
      const seal = receipt.seal as Json;
      const payload = Buffer.from(seal.payload as string, 'base64');
      payload[0] = payload[0]! ^ 1;
      expect(failure({ ...receipt, seal: { ...seal, payload: payload.toString('base64') } })).to.equal(
        'seal.payload',
      );
    });

    it('verifies the revision of an imported QLDB document, listed under qldb/<table>/<id>, and refuses a key it is not listed under', function () {
      const imported = record(TX(4), [
        {
          type: 'qldb-revision',
          importId: 'qldb/L/S:0/0',
          payload: Buffer.from(
            JSON.stringify({ documentId: 'D1', table: 'Vehicle', type: 'qldb-revision' }),
          ).toString('base64'),
        },
      ]);
      newJournalSequencer({ index, logger: silentLogger }).apply({
        blockNumber: 9n,
        transactionId: imported.txId,
        eventName: JOURNAL_EVENT_NAME,
        payload: encodeJournalRecord(imported),
      });
      const receiptFor = (key: string): Json =>
        buildReceipt(wireSeal(index, 4), wireProof(index, 4, index.size), signedDigest(index), {
          write: { key, valueHash: '', deleted: false },
          value: new Uint8Array(),
        });
      const result = verifyReceipt(bytesOf(receiptFor('qldb/Vehicle/D1')), { signers: SIGNERS });
      expect(result.checked.at(-1)).to.equal(
        "revision: key qldb/Vehicle/D1 lists the sealed qldb-revision entry (its record is the seal's payload)",
      );
      expect(failure(receiptFor('import/Org1MSP/qldb/L/S:0/0'))).to.equal('verified');
      expect(failure(receiptFor('qldb/Vehicle/D2'))).to.equal('revision.key');
      expect(failure(withRevision(receiptFor('qldb/Vehicle/D1'), { value: 'eA==' }))).to.equal(
        'revision.value',
      );
    });

    it('verifies a delete with no value and refuses one that carries a value', function () {
      const receipt = receiptOf(index, 3, { value: new Uint8Array() });
      expect(failure(receipt)).to.equal('verified');
      expect(failure(withRevision(receipt, { value: Buffer.from(VALUE).toString('base64') }))).to.equal(
        'revision.value',
      );
    });
  });

  describe('newer digests', function () {
    it('proves a receipt digest of size 2 is a prefix of the signed size-3 digest', function () {
      const digest = signedDigest(index, 2);
      const receipt = buildReceipt(wireSeal(index, 2), wireProof(index, 2, 2), digest);
      const newer = signedDigest(index, 3);
      const newerJson = {
        ...newer,
        signature: Buffer.from(newer.signature).toString('base64'),
        signedBytes: Buffer.from(newer.signedBytes).toString('base64'),
      };
      const consistency = {
        firstSize: '2',
        secondSize: '3',
        hashes: consistencyProofFromSource(index, 2, 3).map(toHex),
      };
      const options = { signers: SIGNERS, newerDigest: bytesOf(newerJson) };
      const ok = verifyReceipt(bytesOf(receipt), { ...options, consistency: bytesOf(consistency) });
      expect(ok.checked.at(-1)).to.contain('is a prefix of the newer signed digest (tree size 3)');
      const bad = { ...consistency, hashes: consistency.hashes.map((h) => toHex(sha256(fromHex(h)))) };
      expect(() => verifyReceipt(bytesOf(receipt), { ...options, consistency: bytesOf(bad) }))
        .to.throw(ReceiptError)
        .with.property('field', 'newer digest');
    });
  });

  describe('malformed receipts', function () {
    it('names what is malformed: not JSON, another format, missing bindings, a short hash', function () {
      const receipt = receiptOf(index, 2);
      expect(() => verifyReceipt(Buffer.from('{'), { signers: SIGNERS }))
        .to.throw(ReceiptError)
        .with.property('field', 'receipt');
      expect(failure({ ...receipt, format: 'ledger-receipt-v0' })).to.equal('format');
      expect(failure({ ...receipt, bindings: undefined })).to.equal('bindings');
      expect(failure({ ...receipt, seal: { ...(receipt.seal as Json), entryHash: 'ab' } })).to.equal(
        'seal.entry_hash',
      );
    });
  });
});
