/** The content hash of a sealed `event` entry, as the chaincode computes it for idempotency. */
import { eventContentHash } from '@fabric-ledger/chaincode/src/lib/journal';
import type { SealRecord } from '../index/journalIndex';

/**
 * Content hash of a sealed event entry: equal to `eventContentHash` of the event that made it.
 *
 * @param seal - an `event` entry.
 * @returns 64 lowercase hex characters.
 */
export function sealContentHash(seal: SealRecord): string {
  return eventContentHash({
    eventId: seal.eventId,
    payload: Buffer.from(seal.payload).toString('base64'),
    vepsSignature: seal.vepsSignature,
    vepsTimestamp: String(seal.vepsTimestamp),
    metadata: seal.metadata,
  });
}
