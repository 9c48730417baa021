/**
 * The journal's hash chain (docs/proofs.md, "1. Event hash (the hash chain)"):
 *
 * ```
 * event_hash = SHA-256( u64(sequence_number) || lp(utf8(event_id)) || lp(payload) || previous_hash )
 * ```
 *
 * with `previous_hash` of entry 1 = 32 zero bytes, integers big-endian and `lp(x) = u32(len x) || x`.
 */
import { bytesEqual, concatBytes, lp, MAX_U64, u64, utf8 } from './encoding';
import { ChainLinkError, ChainSequenceError, InvalidArgumentError } from './errors';
import { assertHash, HASH_SIZE, sha256 } from './sha256';

/** `previous_hash` of the first journal entry (sequence number 1): 32 zero bytes. */
export const GENESIS_PREVIOUS_HASH: Uint8Array = new Uint8Array(HASH_SIZE);

/** The hashed fields of one journal entry. */
export interface ChainEntry {
  /** 1-based position in the journal, in [1, 2^64 - 1]. */
  readonly sequenceNumber: bigint;
  /** The client's event id, or the Fabric transaction id; hashed as UTF-8. */
  readonly eventId: string;
  /** The client's payload, or the canonical JSON entry bytes. */
  readonly payload: Uint8Array;
  /** `eventHash` of the entry before, or {@link GENESIS_PREVIOUS_HASH} for entry 1. */
  readonly previousHash: Uint8Array;
}

/** A journal entry together with the hash it was sealed with. */
export interface SealedChainEntry extends ChainEntry {
  /** The stored `event_hash` of this entry. */
  readonly eventHash: Uint8Array;
}

/** The last verified position of a chain. */
export interface ChainTip {
  /** Sequence number of the last entry. */
  readonly sequenceNumber: bigint;
  /** Its event hash. */
  readonly eventHash: Uint8Array;
}

/**
 * Encodes the SHA-256 preimage of an entry's event hash:
 * `u64(sequenceNumber) || lp(utf8(eventId)) || lp(payload) || previousHash`.
 *
 * @param entry - the entry.
 * @returns the preimage bytes.
 * @throws {@link InvalidArgumentError} if `sequenceNumber` is not in [1, 2^64 - 1], `previousHash` is
 *   not 32 bytes, `eventId` is not well-formed Unicode, or a length exceeds 2^32 - 1.
 */
export function encodeEntry(entry: ChainEntry): Uint8Array {
  if (entry.sequenceNumber < 1n || entry.sequenceNumber > MAX_U64) {
    throw new InvalidArgumentError(
      'sequenceNumber',
      String(entry.sequenceNumber),
      'an integer in [1, 2^64-1]',
    );
  }
  assertHash(entry.previousHash, 'previousHash');
  return concatBytes(
    u64(entry.sequenceNumber, 'sequenceNumber'),
    lp(utf8(entry.eventId, 'eventId'), 'eventId'),
    lp(entry.payload, 'payload'),
    entry.previousHash,
  );
}

/**
 * Computes an entry's event hash: SHA-256 of {@link encodeEntry}.
 *
 * @param entry - the entry.
 * @returns the 32-byte event hash.
 * @throws {@link InvalidArgumentError} on the preconditions of {@link encodeEntry}.
 */
export function eventHash(entry: ChainEntry): Uint8Array {
  return sha256(encodeEntry(entry));
}

/**
 * Verifies a run of consecutive journal entries: sequence numbers increase by one, each entry's
 * `previousHash` is the previous entry's `eventHash` (or 32 zero bytes for entry 1, or `anchor.eventHash`
 * for the first entry when an anchor is given), and each stored `eventHash` is the recomputed one.
 * Without an anchor, the `previousHash` of a first entry with sequence number above 1 is taken as given.
 *
 * @param entries - the entries, in order.
 * @param anchor - optional trusted entry just before `entries[0]`.
 * @returns the tip (last entry) of the verified run, or `anchor` (or undefined) if `entries` is empty.
 * @throws {@link ChainSequenceError} at the first entry out of sequence.
 * @throws {@link ChainLinkError} at the first entry whose `previousHash` or `eventHash` is wrong.
 * @throws {@link InvalidArgumentError} if an entry breaks the preconditions of {@link encodeEntry}.
 */
export function verifyChain(entries: readonly SealedChainEntry[], anchor?: ChainTip): ChainTip | undefined {
  let tip = anchor;
  for (const entry of entries) {
    assertHash(entry.eventHash, 'eventHash');
    checkLink(entry, tip);
    const calculated = eventHash(entry);
    if (!bytesEqual(calculated, entry.eventHash)) {
      throw new ChainLinkError(entry.sequenceNumber, 'eventHash', entry.eventHash, calculated);
    }
    tip = { sequenceNumber: entry.sequenceNumber, eventHash: entry.eventHash };
  }
  return tip;
}

/**
 * Boolean form of {@link verifyChain}.
 *
 * @param entries - the entries, in order.
 * @param anchor - optional trusted entry just before `entries[0]`.
 * @returns true if {@link verifyChain} succeeds, false if it finds a broken link or a gap.
 * @throws {@link InvalidArgumentError} if an entry breaks the preconditions of {@link encodeEntry}.
 */
export function isValidChain(entries: readonly SealedChainEntry[], anchor?: ChainTip): boolean {
  try {
    verifyChain(entries, anchor);
    return true;
  } catch (err) {
    if (err instanceof ChainLinkError || err instanceof ChainSequenceError) return false;
    throw err;
  }
}

function checkLink(entry: SealedChainEntry, tip: ChainTip | undefined): void {
  if (entry.sequenceNumber === 1n) {
    if (tip !== undefined) throw new ChainSequenceError(tip.sequenceNumber + 1n, entry.sequenceNumber);
    requireLink(entry, GENESIS_PREVIOUS_HASH);
    return;
  }
  if (tip === undefined) return;
  if (entry.sequenceNumber !== tip.sequenceNumber + 1n) {
    throw new ChainSequenceError(tip.sequenceNumber + 1n, entry.sequenceNumber);
  }
  requireLink(entry, tip.eventHash);
}

function requireLink(entry: SealedChainEntry, expected: Uint8Array): void {
  assertHash(entry.previousHash, 'previousHash');
  if (!bytesEqual(entry.previousHash, expected)) {
    throw new ChainLinkError(entry.sequenceNumber, 'previousHash', expected, entry.previousHash);
  }
}
