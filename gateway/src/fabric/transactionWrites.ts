/**
 * The world-state writes of one committed transaction, decoded from the `peer.ProcessedTransaction`
 * that qscc `GetTransactionByID` returns: envelope → payload → transaction → each action's endorsed
 * proposal response → chaincode action results → read-write set of one chaincode namespace. Pure.
 */
import { common, ledger, peer } from '@hyperledger/fabric-protos';

/** One key a transaction wrote. */
export interface TransactionWrite {
  readonly isDelete: boolean;
  /** The bytes written (empty for a delete). */
  readonly value: Uint8Array;
}

/** What {@link transactionWrites} found. */
export interface DecodedTransactionWrites {
  /** The peer's validation code (0 = VALID): only a valid transaction's writes were applied. */
  readonly validationCode: number;
  /** World-state key → its write, for the namespace asked for. */
  readonly writes: ReadonlyMap<string, TransactionWrite>;
}

/** Thrown for bytes that are not a processed endorser transaction. */
export class TransactionDecodeError extends Error {
  override readonly name = 'TransactionDecodeError';
}

/**
 * Decodes the writes a processed transaction made in one chaincode namespace.
 *
 * @param processedTransaction - bytes of a `peer.ProcessedTransaction`.
 * @param namespace - the chaincode name (e.g. `ledger`).
 * @returns the validation code and the namespace's writes.
 * @throws TransactionDecodeError when the bytes are not a processed endorser transaction.
 */
export function transactionWrites(
  processedTransaction: Uint8Array,
  namespace: string,
): DecodedTransactionWrites {
  try {
    const processed = peer.ProcessedTransaction.deserializeBinary(processedTransaction);
    const envelope = processed.getTransactionenvelope();
    if (envelope === undefined) throw new TransactionDecodeError('processed transaction without an envelope');
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const writes = new Map<string, TransactionWrite>();
    for (const action of transaction.getActionsList()) {
      for (const [key, write] of actionWrites(action, namespace)) writes.set(key, write);
    }
    return { validationCode: processed.getValidationcode(), writes };
  } catch (err) {
    if (err instanceof TransactionDecodeError) throw err;
    throw new TransactionDecodeError(`not a processed endorser transaction: ${(err as Error).message}`);
  }
}

function actionWrites(action: peer.TransactionAction, namespace: string): [string, TransactionWrite][] {
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const endorsed = actionPayload.getAction();
  if (endorsed === undefined)
    throw new TransactionDecodeError('transaction action without an endorsed action');
  const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
  const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
  return rwset
    .getNsRwsetList()
    .filter((ns) => ns.getNamespace() === namespace)
    .flatMap((ns) => ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList())
    .map((w) => [w.getKey(), { isDelete: w.getIsDelete(), value: w.getValue_asU8() }]);
}

/**
 * The world-state key of a printable journal key: U+0000 is written as `/` in the journal, so a
 * composite key `/account/Org1MSP/ACC-1/` is `\u0000account\u0000Org1MSP\u0000ACC-1\u0000` in the world state; a simple key
 * (no leading `/`) is itself.
 *
 * @param printableKey - a key as the journal lists it.
 * @returns the world-state key.
 */
export function worldStateKey(printableKey: string): string {
  return printableKey.startsWith('/') ? printableKey.replaceAll('/', '\u0000') : printableKey;
}
