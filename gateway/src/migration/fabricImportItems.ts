/**
 * What `ledger fabric import` journals: one `fabric-transaction` record per valid transaction of an
 * archived channel, with its provenance, and the `fabric-anchor` record that ends the import. Pure.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes, MAX_PAYLOAD_BYTES } from '@fabric-ledger/chaincode/shared';
import type { FabricImportRecord } from '../fabricArchive/importRecords';
import type { ImportItem } from './importBatches';

/** A valid transaction of an archived channel, with where it sits and who created it. */
export type FabricTransaction = FabricImportRecord;

/** What the anchor says of the archive's end. */
export interface FabricArchiveTip {
  readonly channel: string;
  /** Number of the last archived block. */
  readonly lastBlockNumber: number;
  /** Lowercase hex header hash of the last archived block. */
  readonly lastBlockHeaderHash: string;
}

/** Room left for the record's other fields when values are replaced by their hashes. */
const VALUE_ROOM = MAX_PAYLOAD_BYTES - 64 * 1024;

/** `fabric/<channel>/<blockNumber>/<txIndex>`: one transaction's import id. */
export function fabricTransactionImportId(
  tx: Pick<FabricTransaction, 'channel' | 'blockNumber' | 'txIndex'>,
): string {
  return `fabric/${tx.channel}/${tx.blockNumber}/${tx.txIndex}`;
}

/** `fabric/<channel>/anchor/<lastBlockNumber>`: the anchor's import id. */
export function fabricAnchorImportId(tip: FabricArchiveTip): string {
  return `fabric/${tip.channel}/anchor/${tip.lastBlockNumber}`;
}

function recordOf(tx: FabricTransaction, omitValues: boolean): Record<string, unknown> {
  return {
    type: 'fabric-transaction',
    channel: tx.channel,
    blockNumber: tx.blockNumber,
    txIndex: tx.txIndex,
    txId: tx.txId,
    creatorMspId: tx.creatorMspId,
    blockHeaderHash: tx.blockHeaderHash,
    timestamp: tx.timestamp,
    writes: tx.writes.map((w) =>
      omitValues && w.value !== null
        ? {
            namespace: w.namespace,
            key: w.key,
            value: null,
            valueSha256: createHash('sha256').update(Buffer.from(w.value, 'base64')).digest('hex'),
            deleted: w.deleted,
          }
        : { namespace: w.namespace, key: w.key, value: w.value, deleted: w.deleted },
    ),
    privateDataHashes: tx.privateDataHashes.map((p) => ({ ...p })),
    valuesOmitted: omitValues,
  };
}

/**
 * The record of one transaction. Values go in as written (base64); a transaction whose record would
 * pass the journal's 1 MiB entry limit gets each value's SHA-256 hex (`valueSha256`) instead, and
 * `valuesOmitted: true` says so.
 *
 * @param tx - a valid transaction of the archive.
 * @returns the item to import.
 */
export function fabricTransactionItem(tx: FabricTransaction): ImportItem {
  const full = recordOf(tx, false);
  const record = canonicalBytes(full).length <= VALUE_ROOM ? full : recordOf(tx, true);
  return {
    type: 'fabric-transaction',
    importId: fabricTransactionImportId(tx),
    record: record as ImportItem['record'],
  };
}

/**
 * SHA-256 hex over the imported transactions, each as `<blockHeaderHash>:<txIndex>:<txId>\n`, in
 * import order: the anchor's summary of exactly which transactions were imported.
 */
export function fabricTransactionsSha256(txs: readonly FabricTransaction[]): string {
  const hash = createHash('sha256');
  for (const tx of txs) hash.update(`${tx.blockHeaderHash}:${tx.txIndex}:${tx.txId}\n`);
  return hash.digest('hex');
}

/**
 * The anchor that ends an import: the archive's last block and its header hash, the number of
 * transactions and {@link fabricTransactionsSha256}.
 *
 * @param tip - the archive's last block.
 * @param txs - the transactions imported, in order.
 * @param archive - where the blocks came from (orderer address, archiving MSP), for the record.
 */
export function fabricAnchorItem(
  tip: FabricArchiveTip,
  txs: readonly FabricTransaction[],
  archive: { readonly orderer: string; readonly archivedBy: string },
): ImportItem {
  return {
    type: 'fabric-anchor',
    importId: fabricAnchorImportId(tip),
    record: {
      type: 'fabric-anchor',
      channel: tip.channel,
      lastBlockNumber: tip.lastBlockNumber,
      lastBlockHeaderHash: tip.lastBlockHeaderHash,
      transactionCount: txs.length,
      transactionsSha256: fabricTransactionsSha256(txs),
      orderer: archive.orderer,
      archivedBy: archive.archivedBy,
    },
  };
}
