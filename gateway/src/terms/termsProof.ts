/**
 * The proof a party of private terms (chaincode `Terms`, docs/chaincode.md) gives: the terms it holds
 * hash to the value hash the journal sealed for their key. The sealed entry is the `terms` write entry
 * (the seal's payload, canonical JSON `{action, type, writes}`); its inclusion proof against a signed
 * digest is the receipt's (receipt/receipt.ts), which checks the same value hash again offline. Pure.
 */
import { createHash } from 'node:crypto';
import { termsCollection, termsJournalKey, termsParties } from '@fabric-ledger/chaincode/shared';

/** Where terms are: their collection and the printable key the journal lists them under. */
export interface TermsLocation {
  readonly collection: string;
  readonly journalKey: string;
}

/**
 * The collection and journal key of terms.
 *
 * @param termsId - the terms id.
 * @param partyA - MSP id of one party.
 * @param partyB - MSP id of the other.
 * @returns e.g. `{collection: "terms-Org1MSP-Org2MSP", journalKey: "private/terms-Org1MSP-Org2MSP/terms/T-1"}`.
 * @throws Error (the chaincode's INVALID_ARGUMENT text) for a bad party.
 */
export function termsLocation(termsId: string, partyA: string, partyB: string): TermsLocation {
  const collection = termsCollection(termsParties(partyA, partyB));
  return { collection, journalKey: termsJournalKey(collection, termsId) };
}

/** The outcome of {@link proveTerms}. */
export type TermsProof =
  { readonly ok: true; readonly valueSha256: string } | { readonly ok: false; readonly failed: string };

/**
 * Checks terms against a sealed journal entry.
 *
 * @param value - the terms bytes a party read from its own peer.
 * @param sealPayload - the payload of the seal of the entry that wrote them.
 * @param journalKey - their journal key ({@link termsLocation}).
 * @returns ok with the SHA-256, or what failed: the entry is not a `terms` write entry, does not write
 *   the key, or its value hash differs from the SHA-256 of `value` (both named).
 */
export function proveTerms(value: Uint8Array, sealPayload: Uint8Array, journalKey: string): TermsProof {
  let entry: unknown;
  try {
    entry = JSON.parse(Buffer.from(sealPayload).toString('utf8'));
  } catch {
    return { ok: false, failed: 'seal.payload: not JSON, want the canonical JSON of a terms write entry' };
  }
  const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as {
    type?: unknown;
    writes?: unknown;
  };
  if (fields.type !== 'terms' || !Array.isArray(fields.writes)) {
    return {
      ok: false,
      failed: `seal.payload: entry type ${fields.type === undefined ? 'missing' : JSON.stringify(fields.type)}, want a "terms" write entry`,
    };
  }
  const write = (fields.writes as readonly { key?: unknown; valueHash?: unknown }[]).find(
    (w) => w.key === journalKey,
  );
  if (write === undefined || typeof write.valueHash !== 'string') {
    return { ok: false, failed: `seal.payload: the entry writes no ${JSON.stringify(journalKey)}` };
  }
  const valueSha256 = createHash('sha256').update(value).digest('hex');
  if (valueSha256 !== write.valueHash) {
    return {
      ok: false,
      failed: `terms: the value hashes to ${valueSha256}, the journal sealed ${write.valueHash} for ${journalKey}`,
    };
  }
  return { ok: true, valueSha256 };
}
