/**
 * Private terms of two member orgs (the price and conditions of a custody hand-off or a transfer): the
 * names the chaincode, the deploy script's collection definitions and the gateway's proofs share. The
 * value lives in a Fabric private data collection of exactly the two parties; the shared ledger, the
 * journal entry and every other member see only its SHA-256 (Fabric's own private data hash). Pure.
 */
import { ErrorCode, LedgerError, invalidArgument, show } from './errors';

/** The transient-map field that carries the terms (never an argument: arguments reach the ledger). */
export const TERMS_TRANSIENT_KEY = 'terms';

/** Largest terms value, in bytes. */
export const MAX_TERMS_BYTES = 64 * 1024;

/** Prefix of every terms collection name: `terms-<mspA>-<mspB>`, the MSP ids sorted. */
export const TERMS_COLLECTION_PREFIX = 'terms-';

/** Prefix of the printable key a terms write is journaled under: `private/<collection>/terms/<termsId>`. */
export const PRIVATE_KEY_PREFIX = 'private/';

/**
 * MSP ids a collection name can carry: Fabric collection names allow only `[A-Za-z0-9_-]`, so an MSP
 * id with a `.` (which {@link MSP_PATTERN} of validate.ts allows) has no terms collection.
 */
export const TERMS_PARTY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The two parties of a terms collection, sorted by UTF-16 code units. */
export interface TermsParties {
  readonly first: string;
  readonly second: string;
}

/**
 * Checks and orders the two parties.
 *
 * @param partyA - MSP id of one party (argument `partyA`).
 * @param partyB - MSP id of the other (argument `partyB`).
 * @returns the parties, sorted.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming `partyA` or `partyB`.
 */
export function termsParties(partyA: unknown, partyB: unknown): TermsParties {
  const want = 'an MSP id of 1 to 128 characters of [A-Za-z0-9_-] (a collection name allows no ".")';
  if (typeof partyA !== 'string' || !TERMS_PARTY_PATTERN.test(partyA)) {
    throw invalidArgument('partyA', partyA, want);
  }
  if (typeof partyB !== 'string' || !TERMS_PARTY_PATTERN.test(partyB)) {
    throw invalidArgument('partyB', partyB, want);
  }
  if (partyA === partyB) {
    throw invalidArgument('partyB', partyB, `an org other than partyA ${show(partyA)}`);
  }
  return partyA < partyB ? { first: partyA, second: partyB } : { first: partyB, second: partyA };
}

/**
 * The collection of two parties.
 *
 * @param parties - from {@link termsParties}.
 * @returns `terms-<first>-<second>`, e.g. `terms-Org1MSP-Org2MSP`.
 */
export function termsCollection(parties: TermsParties): string {
  return `${TERMS_COLLECTION_PREFIX}${parties.first}-${parties.second}`;
}

/**
 * The key of a terms value inside its collection.
 *
 * @param termsId - a checked id.
 * @returns `terms/<termsId>`.
 */
export function termsPrivateKey(termsId: string): string {
  return `terms/${termsId}`;
}

/**
 * The printable key the journal lists a terms write under (and `ledger history` finds it by).
 *
 * @param collection - the collection name.
 * @param termsId - a checked id.
 * @returns `private/<collection>/terms/<termsId>`.
 */
export function termsJournalKey(collection: string, termsId: string): string {
  return `${PRIVATE_KEY_PREFIX}${collection}/${termsPrivateKey(termsId)}`;
}

/**
 * Throws unless the caller's org is one of the parties.
 *
 * @param callerMsp - the caller's MSP id (from the client identity, never an argument).
 * @param parties - the parties.
 * @param action - `Contract:Function`, for the message.
 * @throws {@link LedgerError} PERMISSION_DENIED naming the caller's MSP and the parties.
 */
export function requireParty(callerMsp: string, parties: TermsParties, action: string): void {
  if (callerMsp !== parties.first && callerMsp !== parties.second) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${action}: caller MSP got ${show(callerMsp)}, want one of the parties ${show(parties.first)}, ${show(parties.second)}`,
    );
  }
}

/**
 * The terms from a transaction's transient map.
 *
 * @param transient - the proposal's transient map.
 * @returns the value bytes.
 * @throws {@link LedgerError} INVALID_ARGUMENT naming `transient.terms` when it is missing, empty or
 *   longer than {@link MAX_TERMS_BYTES}.
 */
export function transientTerms(transient: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const value = transient.get(TERMS_TRANSIENT_KEY);
  if (value === undefined || value.length === 0 || value.length > MAX_TERMS_BYTES) {
    throw new LedgerError(
      ErrorCode.INVALID_ARGUMENT,
      `transient.${TERMS_TRANSIENT_KEY}: got ${value === undefined ? 'nothing' : `${value.length} bytes`}, want 1 to ${MAX_TERMS_BYTES} bytes in the transient map (never an argument)`,
    );
  }
  return value;
}
