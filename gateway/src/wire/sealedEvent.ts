/**
 * A seal in its wire form (`ledger.SealedEvent`), as every read, SubmitEvent and StreamEvents answers
 * it.
 */
import { toHex } from '../core';
import type { SealRecord } from '../core/sealRecord';
import type { SealedEvent } from '../generated/ledger/SealedEvent';
import { sealEntryHash } from '../core/sealLeaf';

/**
 * Converts a seal to its wire form.
 *
 * @param seal - the seal as the index stores it.
 * @param commitLatencyMs - receipt → seal of the call that is answered (0 for reads).
 * @returns the `SealedEvent` message.
 */
export function toSealedEvent(seal: SealRecord, commitLatencyMs = 0): SealedEvent {
  return {
    sequenceNumber: String(seal.sequenceNumber),
    eventId: seal.eventId,
    payload: Buffer.from(seal.payload),
    eventHash: toHex(seal.eventHash),
    previousHash: toHex(seal.previousHash),
    sealedTimestamp: String(seal.sealedTimestamp),
    commitLatencyMs: String(commitLatencyMs),
    blockNumber: String(seal.blockNumber),
    transactionId: seal.transactionId,
    entryIndex: seal.entryIndex,
    leafIndex: String(seal.sequenceNumber - 1),
    entryType: seal.entryType,
    vepsSignature:
      seal.entryType === 'event' ? Buffer.from(seal.vepsSignature, 'base64').toString('utf8') : '',
    vepsTimestamp: String(seal.vepsTimestamp),
    metadata: { ...seal.metadata },
    submitterMspId: seal.submitter.mspId,
    submitterId: seal.submitter.id,
    submitterCertSha256: seal.submitter.certSha256,
    clientCertSha256: seal.submitter.clientCertSha256,
    clientSubject: seal.submitter.clientSubject,
    entryHash: toHex(sealEntryHash(seal)),
  };
}
