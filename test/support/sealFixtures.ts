/**
 * Hand-built seals (the gateway's {@link SealRecord}) for unit tests: one builder, neutral defaults,
 * the fields a test cares about given explicitly.
 */
import type { CertifiedEvent } from '@chaincode/lib/journal';
import { eventHash } from '@gateway/core/hashChain';
import type { SealRecord, SealSubmitter } from '@gateway/core/sealRecord';

/** A submitter as a format 2 journal record of an event submitted through Org1's gateway gives it. */
export const TEST_SUBMITTER: SealSubmitter = {
  mspId: 'Org1MSP',
  id: 'x509::/C=US/O=Org1MSP/CN=gateway1::/C=US/O=Org1MSP/CN=ca.Org1MSP',
  certSha256: '1'.repeat(64),
  clientCertSha256: '2'.repeat(64),
  clientSubject: 'C=US, O=Org1MSP, CN=client1',
};

/**
 * A seal of `fields` over the defaults: entry 1, event id `e1`, empty payload, zero hashes, timestamp 1,
 * block 1, transaction `tx`, entry index 0, an `event` entry without VEPS signature (timestamp 0) or
 * metadata, submitted by {@link TEST_SUBMITTER}. The hashes are fresh arrays on each call; the event
 * hash is not computed (see {@link chainedSeal}).
 */
export function sealRecord(fields: Partial<SealRecord> = {}): SealRecord {
  return {
    sequenceNumber: 1,
    eventId: 'e1',
    payload: new Uint8Array(),
    eventHash: new Uint8Array(32),
    previousHash: new Uint8Array(32),
    sealedTimestamp: 1,
    blockNumber: 1,
    transactionId: 'tx',
    entryIndex: 0,
    entryType: 'event',
    vepsSignature: '',
    vepsTimestamp: 0,
    metadata: {},
    submitter: TEST_SUBMITTER,
    ...fields,
  };
}

/**
 * The seal a sequencer gives a submitted `event`: its id, decoded payload, VEPS signature and timestamp
 * and metadata, then `fields`, over the {@link sealRecord} defaults.
 */
export function sealOfEvent(event: CertifiedEvent, fields: Partial<SealRecord> = {}): SealRecord {
  return sealRecord({
    eventId: event.eventId,
    payload: Buffer.from(event.payload, 'base64'),
    vepsSignature: event.vepsSignature,
    vepsTimestamp: Number(event.vepsTimestamp),
    metadata: event.metadata,
    ...fields,
  });
}

/** What {@link chainedSeal} needs: the fields its event hash covers. */
export type ChainedSealFields = Partial<SealRecord> &
  Pick<SealRecord, 'sequenceNumber' | 'eventId' | 'payload' | 'previousHash'>;

/**
 * A seal whose `eventHash` is the event hash of its sequence number, event id, payload and previous hash:
 * one link of a valid hash chain (pass the returned `eventHash` as the next link's `previousHash`).
 */
export function chainedSeal(fields: ChainedSealFields): SealRecord {
  const { sequenceNumber, eventId, payload, previousHash } = fields;
  return sealRecord({
    ...fields,
    eventHash: eventHash({ sequenceNumber: BigInt(sequenceNumber), eventId, payload, previousHash }),
  });
}
