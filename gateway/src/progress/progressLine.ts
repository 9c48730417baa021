/**
 * A progress line for long commands (export, archive, imports) on stderr: count of total, rate and ETA.
 * Redrawn in place on a terminal (at most 5 times a second); on anything else one line at most every
 * 2 seconds, so a log file stays readable; the last line always. The text itself is pure ({@link progressText}).
 */

/**
 * The text of a progress line.
 *
 * @param label - what is counted, e.g. "revisions".
 * @param done - how many are done.
 * @param total - how many there are.
 * @param elapsedMs - time since the start of this run.
 * @param doneAtStart - how many were done before this run (a resumed run), not counted in the rate.
 * @returns e.g. `[#######-------------]  350/1000 revisions  120.5/s  ETA 5s`.
 */
export function progressText(
  label: string,
  done: number,
  total: number,
  elapsedMs: number,
  doneAtStart = 0,
): string {
  const width = 20;
  const fraction = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? ((done - doneAtStart) * 1000) / elapsedMs : 0;
  const remaining = total - done;
  const eta = rate > 0 ? `ETA ${formatSeconds(remaining / rate)}` : 'ETA -';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}  ${rate.toFixed(1)}/s  ${remaining === 0 ? 'done' : eta}`;
}

function formatSeconds(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Draws progress on a stream. */
export interface ProgressLine {
  /** `done` so far; `total` when the total is learned (or changes) along the way. */
  update(done: number, total?: number): void;
  /**
   * Draws the last line (once; later calls do nothing). Without `done`, the last count updated; with
   * neither, nothing was counted and nothing is drawn.
   */
  finish(done?: number): void;
}

/** Where progress goes: a stream and whether it is a terminal. */
export interface ProgressTarget {
  write(text: string): void;
  readonly isTTY: boolean;
}

/**
 * A progress line on `target`, or one that draws nothing when `enabled` is false. Shared by the long
 * commands: `ledger qldb import`, `ledger fabric archive|verify-archive|import`.
 *
 * @param label - what is counted ("revisions", "blocks").
 * @param total - how many there are (0 when `update` will say).
 * @param doneAtStart - how many were done before this run, not counted in the rate.
 * @param now - the clock (tests pass a fake).
 */
export function newProgressLine(
  target: ProgressTarget,
  label: string,
  total: number,
  doneAtStart: number,
  enabled: boolean,
  now: () => number = Date.now,
): ProgressLine {
  const started = now();
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let currentTotal = total;
  let lastDone: number | undefined;
  let finished = false;
  const draw = (done: number, final: boolean): void => {
    if (!enabled) return;
    const t = now();
    if (!final && t - lastDrawn < (target.isTTY ? 200 : 2000)) return;
    lastDrawn = t;
    const text = progressText(label, done, currentTotal, t - started, doneAtStart);
    target.write(target.isTTY ? `\r${text}${final ? '\n' : ''}` : `${text}\n`);
  };
  return {
    update: (done, newTotal) => {
      if (newTotal !== undefined) currentTotal = newTotal;
      lastDone = done;
      draw(done, false);
    },
    finish: (done) => {
      const last = done ?? lastDone;
      if (finished || last === undefined) return;
      finished = true;
      draw(last, true);
    },
  };
}
