import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { importedRecordKeys } from '@chaincode/lib/importRecord';
import {
  fabricAnchorItem,
  fabricTransactionItem,
  fabricTransactionsSha256,
  type FabricTransaction,
} from '@gateway/migration/fabricImportItems';

const tx = (overrides: Partial<FabricTransaction> = {}): FabricTransaction => ({
  channel: 'old',
  blockNumber: 7,
  txIndex: 2,
  txId: 'ab'.repeat(32),
  creatorMspId: 'Org1MSP',
  blockHeaderHash: 'cd'.repeat(32),
  timestamp: '2026-01-02T03:04:05.678Z',
  writes: [
    { namespace: 'basic', key: 'asset1', value: Buffer.from('{"v":1}').toString('base64'), deleted: false },
    { namespace: 'basic', key: 'asset0', value: null, deleted: true },
  ],
  privateDataHashes: [
    {
      namespace: 'basic',
      collection: 'terms',
      keyHash: 'ee'.repeat(32),
      valueHash: 'ff'.repeat(32),
      deleted: false,
    },
  ],
  ...overrides,
});

describe('Fabric import records', () => {
  it('gives a valid transaction a record with its provenance and write set, listed under each key it wrote', () => {
    const item = fabricTransactionItem(tx());
    expect(item.importId).to.equal('fabric/old/7/2');
    expect(item.type).to.equal('fabric-transaction');
    expect(item.record).to.deep.include({
      type: 'fabric-transaction',
      channel: 'old',
      blockNumber: 7,
      txIndex: 2,
      creatorMspId: 'Org1MSP',
      blockHeaderHash: 'cd'.repeat(32),
      valuesOmitted: false,
    });
    expect(
      importedRecordKeys('fabric-transaction', 'Org2MSP', item.importId, canonicalBytes(item.record)),
    ).to.deep.equal(['import/Org2MSP/fabric/old/7/2', 'fabric/old/basic/asset0', 'fabric/old/basic/asset1']);
  });

  it('replaces values by their SHA-256 when the record would pass the 1 MiB entry limit, and keeps them just under it', () => {
    const big = Buffer.alloc(900 * 1024, 1);
    const item = fabricTransactionItem(
      tx({ writes: [{ namespace: 'n', key: 'k', value: big.toString('base64'), deleted: false }] }),
    );
    expect(item.record).to.include({ valuesOmitted: true });
    expect((item.record.writes as { valueSha256: string }[])[0]!.valueSha256).to.equal(
      createHash('sha256').update(big).digest('hex'),
    );
    expect(canonicalBytes(item.record).length).to.be.below(1024 * 1024);
    const small = Buffer.alloc(600 * 1024, 1);
    const kept = fabricTransactionItem(
      tx({ writes: [{ namespace: 'n', key: 'k', value: small.toString('base64'), deleted: false }] }),
    );
    expect(kept.record).to.include({ valuesOmitted: false });
  });

  it('ends with an anchor holding the last block header hash and a hash over exactly the imported transactions', () => {
    const txs = [tx(), tx({ blockNumber: 8, txIndex: 0, txId: '01'.repeat(32) })];
    const anchor = fabricAnchorItem(
      { channel: 'old', lastBlockNumber: 9, lastBlockHeaderHash: '99'.repeat(32) },
      txs,
      {
        orderer: '127.0.0.1:7050',
        archivedBy: 'Org1MSP',
      },
    );
    expect(anchor.importId).to.equal('fabric/old/anchor/9');
    expect(anchor.record).to.deep.equal({
      type: 'fabric-anchor',
      channel: 'old',
      lastBlockNumber: 9,
      lastBlockHeaderHash: '99'.repeat(32),
      transactionCount: 2,
      transactionsSha256: createHash('sha256')
        .update(`${'cd'.repeat(32)}:2:${'ab'.repeat(32)}\n${'cd'.repeat(32)}:0:${'01'.repeat(32)}\n`)
        .digest('hex'),
      orderer: '127.0.0.1:7050',
      archivedBy: 'Org1MSP',
    });
    expect(fabricTransactionsSha256(txs.slice(1))).to.not.equal(fabricTransactionsSha256(txs));
  });
});
