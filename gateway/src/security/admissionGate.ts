/**
 * A counting gate that bounds how many calls of one kind run at once: beyond the bound a call is
 * refused at once (the caller answers RESOURCE_EXHAUSTED) instead of queueing without limit.
 */

/** The gate. */
export interface AdmissionGate {
  /** The bound. */
  readonly limit: number;
  /** Calls admitted and not released yet. */
  readonly inFlight: number;
  /**
   * Admits one call if there is room.
   *
   * @returns a release function (idempotent) to call when the call ends, or undefined when full.
   */
  tryAcquire(): (() => void) | undefined;
}

/**
 * Creates a gate.
 *
 * @param limit - the most calls at once (at least 1).
 * @returns the gate.
 * @throws RangeError when the limit is not a positive integer.
 */
export function newAdmissionGate(limit: number): AdmissionGate {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`admission limit: got ${limit}, want an integer of at least 1`);
  }
  let inFlight = 0;
  return {
    limit,
    get inFlight(): number {
      return inFlight;
    },
    tryAcquire(): (() => void) | undefined {
      if (inFlight >= limit) return undefined;
      inFlight += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
      };
    },
  };
}
