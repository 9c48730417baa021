/**
 * What a journal import takes from an archived block: for every VALID endorser transaction (per the
 * peer's validation flags), its identity (block, index, transaction id, creator's MSP, timestamp) and
 * the world-state writes it made, per namespace, plus the hashes of its private data writes (the
 * private values themselves are never in a block). Keys are shown as the project shows them: U+0000,
 * the separator of composite keys, as `/`. Pure.
 */
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { toHex } from '../core';
import { ArchiveVerificationError } from './archiveFailure';
import { blockHeaderHash } from './blockHashes';
import { blockParts } from './blockParts';
import { decodeTransactions, validationFlags, VALID } from './transactionChecks';

/** One public world-state write. */
export interface ImportWrite {
  /** The chaincode namespace (e.g. `ledger`, `_lifecycle`). */
  readonly namespace: string;
  /** The key, U+0000 shown as `/`. */
  readonly key: string;
  /** The value written, base64; null for a delete. */
  readonly value: string | null;
  readonly deleted: boolean;
}

/** One private data write, as the block has it: hashes only. */
export interface ImportPrivateDataHash {
  readonly namespace: string;
  readonly collection: string;
  /** Hex SHA-256 of the key. */
  readonly keyHash: string;
  /** Hex SHA-256 of the value; null for a delete. */
  readonly valueHash: string | null;
  readonly deleted: boolean;
}

/** One valid endorser transaction of an archived channel, ready to import. */
export interface FabricImportRecord {
  readonly channel: string;
  readonly blockNumber: number;
  /** Position of the transaction in its block. */
  readonly txIndex: number;
  readonly txId: string;
  /** MSP id of the transaction's creator (the client that submitted it). */
  readonly creatorMspId: string;
  /** Hex header hash of the block (the next block names it as previous hash). */
  readonly blockHeaderHash: string;
  /** The channel header's timestamp, ISO 8601 UTC. */
  readonly timestamp: string;
  readonly writes: readonly ImportWrite[];
  readonly privateDataHashes: readonly ImportPrivateDataHash[];
}

/** Thrown when a block cannot give import records. */
export class ImportRecordError extends Error {
  override readonly name = 'ImportRecordError';
}

const printableKey = (key: string): string => key.replaceAll('\u0000', '/');

function writesOf(rwset: ledger.rwset.TxReadWriteSet): {
  writes: ImportWrite[];
  privateDataHashes: ImportPrivateDataHash[];
} {
  const writes: ImportWrite[] = [];
  const privateDataHashes: ImportPrivateDataHash[] = [];
  for (const ns of rwset.getNsRwsetList()) {
    const namespace = ns.getNamespace();
    for (const w of ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList()) {
      const deleted = w.getIsDelete();
      writes.push({
        namespace,
        key: printableKey(w.getKey()),
        value: deleted ? null : Buffer.from(w.getValue_asU8()).toString('base64'),
        deleted,
      });
    }
    for (const collection of ns.getCollectionHashedRwsetList()) {
      const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
      for (const w of hashed.getHashedWritesList()) {
        const deleted = w.getIsDelete();
        privateDataHashes.push({
          namespace,
          collection: collection.getCollectionName(),
          keyHash: toHex(w.getKeyHash_asU8()),
          valueHash: deleted ? null : toHex(w.getValueHash_asU8()),
          deleted,
        });
      }
    }
  }
  return { writes, privateDataHashes };
}

function rwsetsOf(payload: common.Payload): ledger.rwset.TxReadWriteSet[] {
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  return transaction.getActionsList().map((action) => {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    if (endorsed === undefined) throw new Error('a transaction action has no endorsed action');
    const response = peer.ProposalResponsePayload.deserializeBinary(
      endorsed.getProposalResponsePayload_asU8(),
    );
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
    return ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
  });
}

/**
 * The import records of a block: one per VALID endorser transaction, in block order.
 *
 * @param blockBytes - a serialized common.Block as a peer committed it (with validation flags).
 * @param channel - the channel the block belongs to.
 * @returns the records (empty for a configuration block or a block without valid endorser transactions).
 * @throws ImportRecordError when the bytes are not a block, the block has no validation flags (a block
 *   as the orderer cut it: which transactions are valid is only known to the peers), or a valid
 *   transaction does not decode; the message names the block and the transaction.
 */
export function importRecordsOfBlock(blockBytes: Uint8Array, channel: string): FabricImportRecord[] {
  let parts: ReturnType<typeof blockParts>;
  try {
    parts = blockParts(blockBytes, -1);
  } catch (err) {
    const detail = err instanceof ArchiveVerificationError ? err.failure.detail : String(err);
    throw new ImportRecordError(`not a block: ${detail}`);
  }
  const where = `block ${parts.number}`;
  let transactions: ReturnType<typeof decodeTransactions>;
  try {
    if (validationFlags(parts) === undefined) {
      throw new ImportRecordError(
        `${where} has no validation flags (a block as the orderer cut it): archive the channel from a peer (--peer) to know which transactions are valid`,
      );
    }
    transactions = decodeTransactions(parts);
  } catch (err) {
    if (err instanceof ImportRecordError) throw err;
    throw new ImportRecordError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const headerHash = toHex(blockHeaderHash(parts));
  return transactions
    .filter((tx) => tx.type === common.HeaderType.ENDORSER_TRANSACTION && tx.validationCode === VALID)
    .map((tx) => {
      try {
        if (tx.channelId !== channel) {
          throw new Error(`the transaction is of channel '${tx.channelId}', not '${channel}'`);
        }
        const creatorMspId = msp.SerializedIdentity.deserializeBinary(tx.creator).getMspid();
        const writes: ImportWrite[] = [];
        const privateDataHashes: ImportPrivateDataHash[] = [];
        for (const rwset of rwsetsOf(tx.payload)) {
          const found = writesOf(rwset);
          writes.push(...found.writes);
          privateDataHashes.push(...found.privateDataHashes);
        }
        return {
          channel,
          blockNumber: parts.number,
          txIndex: tx.txIndex,
          txId: tx.txId,
          creatorMspId,
          blockHeaderHash: headerHash,
          timestamp: tx.timestamp,
          writes,
          privateDataHashes,
        };
      } catch (err) {
        throw new ImportRecordError(
          `${where}, transaction ${tx.txIndex} (${tx.txId}): ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    });
}
