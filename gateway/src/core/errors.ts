/**
 * Typed errors raised by the pure core. Every error names what was checked, what was given and what
 * was wanted, so a caller (or the gRPC error mapper) never has to parse prose.
 */

/** Base class of every error thrown by `gateway/src/core`. */
export class CoreError extends Error {
  /**
   * @param message - human-readable description.
   */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A precondition on an argument does not hold (wrong length, out of range, malformed text).
 * The message reads `<field>: got <got>, want <want>` (Trillian style).
 */
export class InvalidArgumentError extends CoreError {
  /** Name of the offending argument or field. */
  readonly field: string;
  /** Short description of the value that was given. */
  readonly got: string;
  /** Short description of what is accepted. */
  readonly want: string;

  /**
   * @param field - name of the offending argument or field.
   * @param got - short description of the value given.
   * @param want - short description of what is accepted.
   */
  constructor(field: string, got: string, want: string) {
    super(`${field}: got ${got}, want ${want}`);
    this.field = field;
    this.got = got;
    this.want = want;
  }
}

/**
 * A Merkle proof has the wrong shape for the tree sizes and index it claims to prove: too many or too
 * few elements, an element that is not 32 bytes, `index >= treeSize`, `size1 == 0`, `size1 > size2`.
 */
export class ProofShapeError extends CoreError {}

/** A recomputed root (or chain hash) differs from the one the caller expected. */
export class RootMismatchError extends CoreError {
  /** The root the caller supplied. */
  readonly expected: Uint8Array;
  /** The root recomputed from the proof. */
  readonly calculated: Uint8Array;

  /**
   * @param what - which root this is, for the message (for example `"root"`, `"root1"`).
   * @param expected - the root the caller supplied.
   * @param calculated - the root recomputed from the proof.
   */
  constructor(what: string, expected: Uint8Array, calculated: Uint8Array) {
    super(`${what} mismatch: expected ${hexOf(expected)}, calculated ${hexOf(calculated)}`);
    this.expected = expected;
    this.calculated = calculated;
  }
}

/** Which stored field of a journal entry failed verification. */
export type ChainLinkField = 'previousHash' | 'eventHash';

/**
 * A journal entry does not link to its predecessor (`previousHash` differs from the previous entry's
 * `eventHash`) or its stored `eventHash` differs from the recomputed one.
 */
export class ChainLinkError extends CoreError {
  /** Sequence number of the first entry that fails. */
  readonly sequenceNumber: bigint;
  /** Which field failed. */
  readonly field: ChainLinkField;
  /** The value the chain requires at this position. */
  readonly expected: Uint8Array;
  /** The value found in, or recomputed from, the entry. */
  readonly calculated: Uint8Array;

  /**
   * @param sequenceNumber - sequence number of the failing entry.
   * @param field - which field failed.
   * @param expected - the value the chain requires.
   * @param calculated - the value found or recomputed.
   */
  constructor(sequenceNumber: bigint, field: ChainLinkField, expected: Uint8Array, calculated: Uint8Array) {
    super(
      `chain broken at sequence number ${sequenceNumber}: ${field} expected ${hexOf(expected)}, ` +
        `calculated ${hexOf(calculated)}`,
    );
    this.sequenceNumber = sequenceNumber;
    this.field = field;
    this.expected = expected;
    this.calculated = calculated;
  }
}

/** Journal entries are not consecutive (a gap, a repeat, or a first entry that does not follow the anchor). */
export class ChainSequenceError extends CoreError {
  /** The sequence number that should come next. */
  readonly expected: bigint;
  /** The sequence number found. */
  readonly got: bigint;

  /**
   * @param expected - the sequence number that should come next.
   * @param got - the sequence number found.
   */
  constructor(expected: bigint, got: bigint) {
    super(`chain sequence broken: expected sequence number ${expected}, got ${got}`);
    this.expected = expected;
    this.got = got;
  }
}

// Local lowercase hex, so this module does not depend on encoding.ts (which depends on it).
function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
