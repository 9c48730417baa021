/**
 * The transactions of a block: each envelope's channel header, validation code and signatures.
 * A valid endorser transaction is signed by its creator (a member of an application or orderer org of
 * the configuration in force) over the payload, and each endorsement signs
 * `proposal_response_payload || endorser` with the key of an application org's identity. A
 * configuration transaction is signed by an orderer org's identity (except in the genesis block,
 * which configtxgen leaves unsigned). Invalid transactions are recorded with their code and not
 * checked further. Pure.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { concatBytes } from '../core';
import { ArchiveVerificationError } from './archiveFailure';
import type { BlockParts } from './blockParts';
import type { ConfigInForce, ConfigMsp } from './channelMsps';
import { checkSignedBy } from './identityCheck';

/** `peer.TxValidationCode.VALID`. */
export const VALID = 0;

/** One decoded envelope. */
export interface DecodedTransaction {
  readonly txIndex: number;
  readonly type: number;
  readonly txId: string;
  readonly channelId: string;
  /** Channel header timestamp, ISO 8601 (UTC); '' when absent. */
  readonly timestamp: string;
  readonly creator: Uint8Array;
  readonly payload: common.Payload;
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  /** The peer's validation code; undefined when the block has no TRANSACTIONS_FILTER (an orderer's block). */
  readonly validationCode: number | undefined;
}

/**
 * The validation codes a peer wrote into the block, or undefined for a block as the orderer cut it.
 *
 * @param parts - the decoded block.
 * @returns one code per envelope, or undefined.
 * @throws ArchiveVerificationError (field `transactionsFilter`) when the flags do not match the envelopes.
 */
export function validationFlags(parts: BlockParts): Uint8Array | undefined {
  const flags = parts.metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  if (flags === undefined || flags.length === 0) return undefined;
  if (flags.length !== parts.envelopes.length) {
    throw new ArchiveVerificationError({
      blockNumber: parts.number,
      field: 'transactionsFilter',
      detail: `${flags.length} validation flags for ${parts.envelopes.length} transactions`,
    });
  }
  return flags;
}

function isoOf(timestamp: { getSeconds(): number; getNanos(): number } | undefined): string {
  if (timestamp === undefined) return '';
  const millis = timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6);
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * Decodes every envelope of a block.
 *
 * @param parts - the decoded block.
 * @returns the transactions, in block order.
 * @throws ArchiveVerificationError (field `transactions[i]`) when an envelope does not decode.
 */
export function decodeTransactions(parts: BlockParts): DecodedTransaction[] {
  const flags = validationFlags(parts);
  return parts.envelopes.map((bytes, txIndex) => {
    try {
      const envelope = common.Envelope.deserializeBinary(bytes);
      const payloadBytes = envelope.getPayload_asU8();
      const payload = common.Payload.deserializeBinary(payloadBytes);
      const header = payload.getHeader();
      if (header === undefined) throw new Error('the payload has no header');
      const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
      const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
      return {
        txIndex,
        type: channelHeader.getType(),
        txId: channelHeader.getTxId(),
        channelId: channelHeader.getChannelId(),
        timestamp: isoOf(channelHeader.getTimestamp()),
        creator: signatureHeader.getCreator_asU8(),
        payload,
        payloadBytes,
        signature: envelope.getSignature_asU8(),
        validationCode: flags?.[txIndex],
      };
    } catch (err) {
      throw new ArchiveVerificationError({
        blockNumber: parts.number,
        field: `transactions[${txIndex}]`,
        detail: `the envelope does not decode: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  });
}

/**
 * The endorsements of an endorser transaction: each endorser and its signature over
 * `proposal_response_payload || endorser`.
 *
 * @param payload - the envelope's payload.
 * @returns the endorsements of every action, in order.
 * @throws Error when the transaction does not decode.
 */
export function endorsementsOf(
  payload: common.Payload,
): { readonly endorser: Uint8Array; readonly signature: Uint8Array; readonly signed: Uint8Array }[] {
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  return transaction.getActionsList().flatMap((action) => {
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
    if (endorsed === undefined) throw new Error('a transaction action has no endorsed action');
    const response = endorsed.getProposalResponsePayload_asU8();
    return endorsed.getEndorsementsList().map((e) => ({
      endorser: e.getEndorser_asU8(),
      signature: e.getSignature_asU8(),
      signed: concatBytes(response, e.getEndorser_asU8()),
    }));
  });
}

/** What the checks found in one block's transactions. */
export interface TransactionSummary {
  readonly transactions: number;
  /** Valid transactions per the peer's flags; undefined for an orderer's block (no flags). */
  readonly valid: number | undefined;
  /** True when the block's only transaction is a configuration (header type CONFIG). */
  readonly isConfig: boolean;
}

function union(config: ConfigInForce): Map<string, ConfigMsp> {
  return new Map([...config.application, ...config.orderer]);
}

/** Options of {@link checkTransactions}. */
export interface TransactionCheckOptions {
  readonly channel: string;
  /** The configuration in force before this block (undefined for the genesis block). */
  readonly config: ConfigInForce | undefined;
}

type Fail = (field: string, detail: string) => never;

function checkEndorsements(tx: DecodedTransaction, config: ConfigInForce, fail: Fail): void {
  let endorsements: ReturnType<typeof endorsementsOf>;
  try {
    endorsements = endorsementsOf(tx.payload);
  } catch (err) {
    return fail('endorsements', err instanceof Error ? err.message : String(err));
  }
  if (endorsements.length === 0) fail('endorsements', 'a valid transaction without endorsements');
  endorsements.forEach((e, j) => {
    const verdict = checkSignedBy(e.endorser, e.signed, e.signature, config.application);
    if (typeof verdict === 'string') fail(`endorsements[${j}]`, verdict);
  });
}

/** Checks the signatures of one valid (or not yet validated) transaction. */
function checkTransaction(tx: DecodedTransaction, config: ConfigInForce, fail: Fail): void {
  if (tx.type === common.HeaderType.CONFIG) {
    const verdict = checkSignedBy(tx.creator, tx.payloadBytes, tx.signature, config.orderer);
    if (typeof verdict === 'string') fail('creator', verdict);
    return;
  }
  if (tx.type !== common.HeaderType.ENDORSER_TRANSACTION) return;
  const verdict = checkSignedBy(tx.creator, tx.payloadBytes, tx.signature, union(config));
  if (typeof verdict === 'string') fail('creator', verdict);
  // A block as the orderer cut it has no validation flags: an endorsement that does not satisfy the
  // policy is the peers' to mark invalid, so endorsements are checked on validated blocks only.
  if (tx.validationCode !== undefined) checkEndorsements(tx, config, fail);
}

/**
 * Checks the transactions of a block.
 *
 * @param parts - the decoded block.
 * @param options - the channel and the configuration in force before the block.
 * @returns counts and whether the block is a configuration block.
 * @throws ArchiveVerificationError naming the block and `transactions[i].<field>`.
 */
export function checkTransactions(parts: BlockParts, options: TransactionCheckOptions): TransactionSummary {
  const transactions = decodeTransactions(parts);
  const failAt =
    (i: number): Fail =>
    (field, detail) => {
      throw new ArchiveVerificationError({
        blockNumber: parts.number,
        field: `transactions[${i}].${field}`,
        detail,
      });
    };
  const isConfig = transactions.some((tx) => tx.type === common.HeaderType.CONFIG);
  if (isConfig && transactions.length !== 1) {
    failAt(0)('type', `a configuration block holds ${transactions.length} transactions, want 1`);
  }
  let valid = 0;
  for (const tx of transactions) {
    if (tx.channelId !== options.channel) {
      failAt(tx.txIndex)('channelId', `got '${tx.channelId}', want '${options.channel}'`);
    }
    if (tx.validationCode !== undefined && tx.validationCode !== VALID) continue;
    valid++;
    // The genesis block (no configuration before it) is the trust anchor: its configuration is taken.
    if (options.config !== undefined) checkTransaction(tx, options.config, failAt(tx.txIndex));
  }
  return {
    transactions: transactions.length,
    valid: validationFlags(parts) === undefined ? undefined : valid,
    isConfig,
  };
}
