import { expect } from 'chai';
import { toHex } from '@gateway/core';
import { blockDataHash, blockHeaderHash } from '@gateway/fabricArchive/blockHashes';
import type { ConfigInForce } from '@gateway/fabricArchive/channelMsps';
import { genesisState, verifyBlock, type ChainState } from '@gateway/fabricArchive/verifyBlock';
import {
  withFlippedDataByte,
  withNumber,
  withPreviousHash,
  withWrongOrdererSignature,
} from '@test-support/fabricBlockTamper';
import { CHANNEL, CONFIG_UPDATE, fixtureBlock, fixtureBlocks, partsOf, stateBefore } from './fixtureBlocks';

// Block 5's header, as the orderer wrote it, names block 4's header hash: a known answer from Fabric.
const BLOCK_4_HEADER_HASH = '537fecd8c24b19568aa37320a4ba536478965b0ceec13dba0443ba2ff55d1b4a';
const BLOCK_4_DATA_HASH = 'd6c6ff16e73a5c2fd4a34e608387674d32b4da002332bae52cd0545691f32148';

function failureOf(bytes: Uint8Array, state: ChainState): unknown {
  const verdict = verifyBlock(bytes, state);
  return verdict.ok ? 'accepted' : verdict.failure;
}

describe('verifyBlock on blocks of our own network', function () {
  it("computes a header hash that the next block, written by Fabric's orderer, names as its previous hash", function () {
    expect(toHex(blockHeaderHash(partsOf(fixtureBlock(4))))).to.equal(BLOCK_4_HEADER_HASH);
    expect(toHex(partsOf(fixtureBlock(5)).previousHash)).to.equal(BLOCK_4_HEADER_HASH);
  });

  it("computes the data hash Fabric's orderer put in the header", function () {
    expect(toHex(blockDataHash(partsOf(fixtureBlock(4)).envelopes))).to.equal(BLOCK_4_DATA_HASH);
    expect(toHex(partsOf(fixtureBlock(4)).dataHash)).to.equal(BLOCK_4_DATA_HASH);
  });

  it('accepts the whole chain from the genesis block, naming the orderer signer and the config in force', function () {
    let state = genesisState(CHANNEL);
    const entries = fixtureBlocks().map((bytes) => {
      const verdict = verifyBlock(bytes, state);
      if (!verdict.ok) throw new Error(verdict.failure.detail);
      state = verdict.next;
      return verdict.entry;
    });

    expect(entries.map((e) => e.number)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(entries[0]).to.include({ config: true, lastConfig: 0, previousHash: '' });
    expect(entries[0]?.ordererSigners).to.deep.equal([]);
    expect(entries[4]).to.include({
      headerHash: BLOCK_4_HEADER_HASH,
      config: false,
      transactions: 1,
      validTransactions: 1,
    });
    expect(entries[4]?.ordererSigners[0]).to.match(/^OrdererMSP: .*CN=orderer\d/);
    expect(state.config?.blockNumber).to.equal(CONFIG_UPDATE);
    expect([...(state.config?.application.keys() ?? [])].sort()).to.deep.equal(['Org1MSP', 'Org2MSP']);
    expect([...(state.config?.orderer.keys() ?? [])]).to.deep.equal(['OrdererMSP']);
  });

  it('refuses a block with one flipped byte in its data, naming the block and the data hash', function () {
    const failure = failureOf(withFlippedDataByte(fixtureBlock(4)), stateBefore(4));

    expect(failure).to.deep.include({ blockNumber: 4, field: 'dataHash' });
    expect((failure as { detail: string }).detail).to.contain(`the header says ${BLOCK_4_DATA_HASH}`);
  });

  it('refuses a block whose orderer signature does not verify, naming the block', function () {
    const failure = failureOf(withWrongOrdererSignature(fixtureBlock(5)), stateBefore(5));

    expect(failure).to.deep.include({ blockNumber: 5, field: 'ordererSignature' });
    expect((failure as { detail: string }).detail).to.match(
      /signature 0: the signature of .* does not verify/,
    );
  });

  it('refuses a chain with a missing block, naming the number expected', function () {
    const failure = failureOf(fixtureBlock(4), stateBefore(3));

    expect(failure).to.deep.equal({
      blockNumber: 3,
      field: 'number',
      detail: 'block 3 is missing: the next block is 4',
    });
  });

  it('refuses a block whose previous hash is not the header hash of the block before', function () {
    const failure = failureOf(withPreviousHash(fixtureBlock(4), new Uint8Array(32)), stateBefore(4));

    expect(failure).to.deep.include({ blockNumber: 4, field: 'previousHash' });
  });

  it('refuses a block signed by an orderer that is not of an orderer org of the configuration in force', function () {
    const before = stateBefore(4);
    const config = before.config as ConfigInForce;
    const withoutOrderers: ChainState = { ...before, config: { ...config, orderer: new Map() } };

    const failure = failureOf(fixtureBlock(4), withoutOrderers);

    expect(failure).to.deep.include({ blockNumber: 4, field: 'ordererSignature' });
    expect((failure as { detail: string }).detail).to.contain('names MSP OrdererMSP, not one of none');
  });

  it('refuses a block whose last configuration index is not the configuration block in force', function () {
    const before = stateBefore(4);
    const movedConfig: ChainState = {
      ...before,
      config: { ...(before.config as ConfigInForce), blockNumber: 2 },
    };

    const failure = failureOf(fixtureBlock(4), movedConfig);

    expect(failure).to.deep.include({ blockNumber: 4, field: 'lastConfig' });
    expect((failure as { detail: string }).detail).to.contain(
      'names configuration block 0, the one in force is block 2',
    );
  });

  it('refuses a block of another channel', function () {
    const failure = failureOf(fixtureBlock(4), { ...stateBefore(4), channel: 'other' });

    expect(failure).to.deep.include({ blockNumber: 4, field: 'transactions[0].channelId' });
  });

  it('refuses bytes that are not a block, naming the block expected', function () {
    const failure = failureOf(Uint8Array.of(0xff, 0xff, 0xff), stateBefore(2));

    expect(failure).to.deep.include({ blockNumber: 2, field: 'block' });
  });

  it('refuses a first block that is not a configuration block', function () {
    const failure = failureOf(withNumber(fixtureBlock(1), 0, new Uint8Array(0)), genesisState(CHANNEL));

    expect(failure).to.deep.include({ blockNumber: 0, field: 'config' });
  });

  it('validates a configuration block with the configuration before it, and puts its own in force from its height', function () {
    const before = stateBefore(CONFIG_UPDATE);
    const verdict = verifyBlock(fixtureBlock(CONFIG_UPDATE), before);
    if (!verdict.ok) throw new Error(verdict.failure.detail);

    expect(before.config?.blockNumber).to.equal(0);
    expect(verdict.entry).to.include({ config: true, lastConfig: CONFIG_UPDATE });
    expect(verdict.next.config?.blockNumber).to.equal(CONFIG_UPDATE);
    const after = verifyBlock(fixtureBlock(CONFIG_UPDATE + 1), verdict.next);
    expect(after.ok && after.entry.lastConfig).to.equal(CONFIG_UPDATE);
  });

  it("refuses a configuration block whose orderer is not of the previous configuration's orderer orgs", function () {
    const before = stateBefore(CONFIG_UPDATE);
    const config = before.config as ConfigInForce;

    const failure = failureOf(fixtureBlock(CONFIG_UPDATE), {
      ...before,
      config: { ...config, orderer: new Map() },
    });

    expect(failure).to.deep.include({ blockNumber: CONFIG_UPDATE, field: 'ordererSignature' });
  });

  it('refuses a block after a configuration update checked as if the old configuration were still in force', function () {
    const after = stateBefore(CONFIG_UPDATE + 1);
    const stale: ChainState = { ...after, config: stateBefore(CONFIG_UPDATE).config };

    const failure = failureOf(fixtureBlock(CONFIG_UPDATE + 1), stale);

    expect(failure).to.deep.include({
      blockNumber: CONFIG_UPDATE + 1,
      field: 'lastConfig',
      detail: `the orderer names configuration block ${CONFIG_UPDATE}, the one in force is block 0`,
    });
  });
});
