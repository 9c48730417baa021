/**
 * A counting gate that bounds how many calls of one kind run at once (or, with weights, how many
 * bytes they hold): beyond the bound a call is refused at once (the caller answers
 * RESOURCE_EXHAUSTED) instead of queueing without limit.
 */

/** The gate. */
export interface AdmissionGate {
  /** The bound. */
  readonly limit: number;
  /** Weight (calls, or bytes) admitted and not released yet. */
  readonly inFlight: number;
  /**
   * Admits one call of `weight` (default 1) if it fits under the bound. A call is always admitted
   * when nothing is in flight, so a single call heavier than the bound is not refused forever.
   *
   * @returns a release function (idempotent) to call when the call ends, or undefined when full.
   */
  tryAcquire(weight?: number): (() => void) | undefined;
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
    tryAcquire(weight = 1): (() => void) | undefined {
      if (inFlight > 0 && inFlight + weight > limit) return undefined;
      inFlight += weight;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= weight;
      };
    },
  };
}
