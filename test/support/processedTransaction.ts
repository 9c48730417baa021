// Builds the bytes qscc GetTransactionByID returns (a peer.ProcessedTransaction) for a transaction that
// wrote the given keys in one chaincode namespace, for unit tests of the code that decodes them.
import { common, ledger, peer } from '@hyperledger/fabric-protos';

/** One key written. */
export interface FakeWrite {
  readonly key: string;
  readonly value?: string;
  readonly isDelete?: boolean;
}

/**
 * A processed endorser transaction: one action whose read-write set writes `writes` in `namespace`
 * (plus, when given, `otherNamespaceWrites` in `other`).
 */
export function processedTransactionBytes(options: {
  readonly namespace: string;
  readonly writes: readonly FakeWrite[];
  readonly validationCode?: number;
  readonly other?: { readonly namespace: string; readonly writes: readonly FakeWrite[] };
}): Uint8Array {
  const nsRwset = (namespace: string, writes: readonly FakeWrite[]): ledger.rwset.NsReadWriteSet => {
    const kv = new ledger.rwset.kvrwset.KVRWSet();
    kv.setWritesList(
      writes.map((w) => {
        const write = new ledger.rwset.kvrwset.KVWrite();
        write.setKey(w.key);
        write.setIsDelete(w.isDelete === true);
        write.setValue(Buffer.from(w.value ?? '', 'utf8'));
        return write;
      }),
    );
    const ns = new ledger.rwset.NsReadWriteSet();
    ns.setNamespace(namespace);
    ns.setRwset(kv.serializeBinary());
    return ns;
  };
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setNsRwsetList([
    ...(options.other === undefined ? [] : [nsRwset(options.other.namespace, options.other.writes)]),
    nsRwset(options.namespace, options.writes),
  ]);
  const chaincodeAction = new peer.ChaincodeAction();
  chaincodeAction.setResults(rwset.serializeBinary());
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new common.Payload();
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const processed = new peer.ProcessedTransaction();
  processed.setTransactionenvelope(envelope);
  processed.setValidationcode(options.validationCode ?? 0);
  return processed.serializeBinary();
}
