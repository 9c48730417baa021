import { expect } from 'chai';
import { toHex } from '@gateway/core';
import { blockHeaderHash } from '@gateway/fabricArchive/blockHashes';
import { ImportRecordError, importRecordsOfBlock } from '@gateway/fabricArchive/importRecords';
import { withValidationFlags } from '@test-support/fabricBlockTamper';
import { CHANNEL, fixtureBlock, partsOf } from './fixtureBlocks';

const MVCC_READ_CONFLICT = 11;

describe('importRecordsOfBlock', function () {
  it("gives a valid endorser transaction's id, creator, block, time and its writes with U+0000 shown as /", function () {
    const records = importRecordsOfBlock(fixtureBlock(4), CHANNEL);

    expect(records).to.have.length(1);
    const [record] = records;
    expect(record).to.include({
      channel: CHANNEL,
      blockNumber: 4,
      txIndex: 0,
      creatorMspId: 'Org1MSP',
      blockHeaderHash: toHex(blockHeaderHash(partsOf(fixtureBlock(4)))),
    });
    expect(record?.txId).to.match(/^[0-9a-f]{64}$/);
    expect(record?.timestamp).to.match(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const ledgerWrites = record?.writes.filter((w) => w.namespace === 'ledger') ?? [];
    expect(ledgerWrites.length).to.be.greaterThan(0);
    expect(ledgerWrites.every((w) => !w.key.includes('\u0000'))).to.equal(true);
    const account = ledgerWrites.find((w) => w.key.startsWith('/account/Org1MSP/arch-'));
    expect(account, JSON.stringify(ledgerWrites.map((w) => w.key))).to.not.equal(undefined);
    expect(account?.deleted).to.equal(false);
    expect(JSON.parse(Buffer.from(account?.value ?? '', 'base64').toString('utf8'))).to.be.an('object');
    expect(record?.privateDataHashes).to.deep.equal([]);
  });

  it("gives the lifecycle's writes under their own namespace", function () {
    const [commit] = importRecordsOfBlock(fixtureBlock(3), CHANNEL);

    expect(commit?.writes.some((w) => w.namespace === '_lifecycle')).to.equal(true);
  });

  it('gives nothing for a configuration block, nor for a transaction the peers marked invalid', function () {
    expect(importRecordsOfBlock(fixtureBlock(0), CHANNEL)).to.deep.equal([]);
    expect(
      importRecordsOfBlock(withValidationFlags(fixtureBlock(4), [MVCC_READ_CONFLICT]), CHANNEL),
    ).to.deep.equal([]);
  });

  it("refuses a block as the orderer cut it: without the peers' flags, validity is unknown", function () {
    expect(() => importRecordsOfBlock(withValidationFlags(fixtureBlock(4), []), CHANNEL)).to.throw(
      ImportRecordError,
      /block 4 has no validation flags/,
    );
  });

  it('refuses bytes that are not a block', function () {
    expect(() => importRecordsOfBlock(Uint8Array.of(0xff, 0xff), CHANNEL)).to.throw(
      ImportRecordError,
      /^not a block: /,
    );
  });

  it('refuses a block of another channel, naming the transaction', function () {
    expect(() => importRecordsOfBlock(fixtureBlock(4), 'other')).to.throw(
      ImportRecordError,
      /block 4, transaction 0 .*channel 'ledger', not 'other'/,
    );
  });
});
