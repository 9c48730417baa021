/** The first thing that does not hold in a Fabric block archive, naming the block and the field. */

/** Where verification stopped. */
export interface ArchiveFailure {
  /** The block that failed (for a missing block: the number expected). */
  readonly blockNumber: number;
  /** What failed: `number`, `previousHash`, `dataHash`, `ordererSignature`, `lastConfig`, `transactions[i].creator`, … */
  readonly field: string;
  /** A sentence with the expected and found values. */
  readonly detail: string;
}

/** Thrown inside the verifier; carries the failure. */
export class ArchiveVerificationError extends Error {
  override readonly name = 'ArchiveVerificationError';

  /** @param failure - the block, field and detail. */
  constructor(readonly failure: ArchiveFailure) {
    super(describeFailure(failure));
  }
}

/**
 * The failure as one line, e.g. `block 7: dataHash: SHA-256 of the block data is …, the header says …`.
 *
 * @param failure - the failure.
 * @returns the line.
 */
export function describeFailure(failure: ArchiveFailure): string {
  return `block ${failure.blockNumber}: ${failure.field}: ${failure.detail}`;
}
