/** The progress line of `ledger fabric archive|verify-archive`: count / total, blocks/s, ETA. Pure. */

/**
 * Formats one progress line.
 *
 * @param done - blocks done.
 * @param total - blocks in all.
 * @param elapsedMs - time since the run started.
 * @returns e.g. `block 120/400  35.2 blocks/s  ETA 8s`.
 */
export function progressLine(done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = Math.max(0, total - done);
  const eta = rate > 0 ? `${Math.ceil(left / rate)}s` : '?';
  return `block ${done}/${total}  ${rate.toFixed(1)} blocks/s  ETA ${eta}`;
}

/** Where progress goes. */
export interface ProgressSink {
  /** True when the stream is a terminal (lines are redrawn in place). */
  readonly isTTY: boolean;
  write(text: string): void;
}

/**
 * A progress reporter: redraws one line on a terminal, otherwise writes a line at most once a second
 * (and the last one).
 *
 * @param sink - stderr.
 * @param now - the clock in milliseconds.
 * @returns update(done, total) and end().
 */
export function newProgress(
  sink: ProgressSink,
  now: () => number = Date.now,
): { readonly update: (done: number, total: number) => void; readonly end: () => void } {
  const started = now();
  let lastWrite = -Infinity;
  let last = '';
  return {
    update: (done, total) => {
      last = progressLine(done, total, now() - started);
      if (sink.isTTY) sink.write(`\r${last}`);
      else if (now() - lastWrite >= 1000 || done === total) {
        sink.write(`${last}\n`);
        lastWrite = now();
      }
    },
    end: () => {
      if (sink.isTTY && last !== '') sink.write('\n');
      last = '';
    },
  };
}
