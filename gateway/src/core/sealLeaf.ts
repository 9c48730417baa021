/**
 * The Merkle leaf of a seal (format 2, `core/entryRecord.ts`): `event_hash` plus the hash of every
 * other field the seal returns, so an inclusion proof covers them all.
 */
import { entryHash, journalLeafHash, type EntryRecordFields } from './entryRecord';
import type { SealRecord } from './sealRecord';

/**
 * The entry record fields of a seal, as the seal returns them (the VEPS signature as its text).
 *
 * @param seal - a seal.
 * @returns its record fields.
 */
export function sealEntryFields(seal: SealRecord): EntryRecordFields {
  return {
    entryType: seal.entryType,
    transactionId: seal.transactionId,
    blockNumber: seal.blockNumber,
    entryIndex: seal.entryIndex,
    sealedTimestamp: seal.sealedTimestamp,
    vepsSignature:
      seal.entryType === 'event' ? Buffer.from(seal.vepsSignature, 'base64').toString('utf8') : '',
    vepsTimestamp: seal.vepsTimestamp,
    metadata: seal.metadata,
    submitterMspId: seal.submitter.mspId,
    submitterId: seal.submitter.id,
    submitterCertSha256: seal.submitter.certSha256,
    clientCertSha256: seal.submitter.clientCertSha256,
    clientSubject: seal.submitter.clientSubject,
  };
}

/**
 * `entry_hash` of a seal.
 *
 * @param seal - a seal.
 * @returns 32 bytes.
 */
export function sealEntryHash(seal: SealRecord): Uint8Array {
  return entryHash(sealEntryFields(seal));
}

/**
 * The RFC 9162 leaf hash of a seal: `SHA-256(0x00 || 0x02 || event_hash || entry_hash)`.
 *
 * @param seal - a seal (its stored `eventHash` is used as is).
 * @returns 32 bytes.
 */
export function sealLeafHash(seal: SealRecord): Uint8Array {
  return journalLeafHash(seal.eventHash, sealEntryHash(seal));
}
