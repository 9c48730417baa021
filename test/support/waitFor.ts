// Waiting on a condition instead of sleeping: a test that needs another process to reach a state asks
// for that state until it holds, with a deadline and a message that says what never happened.

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Pause between checks in ms (default 20). */
  readonly intervalMs?: number;
}

/**
 * Resolves once `holds()` answers true; checks again after a short pause while it answers false.
 *
 * @param what - The condition in words, for the error.
 * @param holds - Reads the state (a metric, a log, a call).
 * @param options - Deadline and pause.
 * @throws Error `"<what>" did not happen within N ms` at the deadline, or what `holds` threw.
 */
export async function waitFor(
  what: string,
  holds: () => boolean | Promise<boolean>,
  options: Readonly<WaitForOptions> = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  while (!(await holds())) {
    if (Date.now() >= deadline) throw new Error(`"${what}" did not happen within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}
