/**
 * One ordered journal stream: catch-up from the index, then live seals, handed over without a gap or
 * a duplicate. The stream subscribes to live seals *before* it reads the index, buffers what arrives,
 * reads the index up to the seals it has not sent, then drains the buffer skipping what it already
 * sent. The buffer holds only live seals not yet sent and is bounded: a consumer that falls more than
 * `maxBufferedSeals` behind the live journal gets RESOURCE_EXHAUSTED telling where to resume, instead
 * of growing memory. Writes respect the transport's backpressure (`write` false → wait for drain).
 * No gRPC here: the sink and the source are ports, so the hand-over is unit-tested with fakes.
 */
import { status } from '@grpc/grpc-js';
import type { SealRecord } from '../index/journalIndex';
import type { SealListener } from '../sequencer/journalSequencer';
import { LedgerServiceError } from './errors';

/** Default bound of the per-stream buffer of live seals not yet sent. */
export const DEFAULT_MAX_BUFFERED_SEALS = 10_000;
/** Default heartbeat period. */
export const DEFAULT_HEARTBEAT_MS = 5_000;
/** Catch-up reads this many seals at most before it yields to the event loop. */
const YIELD_EVERY = 256;

/** Where a stream reads: committed seals by number, the tip, and live notifications. */
export interface SealSource {
  /** Number of committed seals (= last sequence number); covers every seal already published. */
  readonly size: number;
  get(sequenceNumber: number): SealRecord | undefined;
  /** Subscribes to seals committed from now on; returns the unsubscribe function. */
  onSeals(listener: SealListener): () => void;
}

/** What a stream emits. */
export type StreamOutput =
  | { readonly kind: 'seal'; readonly seal: SealRecord }
  | {
      readonly kind: 'control';
      readonly reason: 'HEARTBEAT' | 'END';
      /** Every entry up to here was sent or filtered out. */
      readonly lastSequence: number;
    };

/** The transport. */
export interface StreamSink {
  /** Writes one item; false when the transport's buffer is full (wait for {@link drained}). */
  write(item: StreamOutput): boolean;
  /** Resolves when the transport takes writes again. */
  drained(): Promise<void>;
}

/** Options of {@link runJournalStream}. */
export interface JournalStreamOptions {
  readonly source: SealSource;
  readonly sink: StreamSink;
  /** First sequence number to send (≥ 1). */
  readonly fromSequence: number;
  /** Last sequence number to send; undefined = unbounded. */
  readonly toSequence?: number;
  /** Which seals to send; the others are skipped (the position still moves past them). */
  readonly accept?: (seal: SealRecord) => boolean;
  readonly maxBufferedSeals?: number;
  readonly heartbeatMs?: number;
  /** Aborting ends the stream (client cancel, shutdown). */
  readonly signal: AbortSignal;
}

/** How a stream ended without error. */
export interface StreamEnd {
  /** END: a bounded stream sent its last item; CANCELLED: the signal was aborted. */
  readonly reason: 'END' | 'CANCELLED';
  /** Every entry up to here was sent or filtered out: resume from lastSequence + 1. */
  readonly lastSequence: number;
}

/** RESOURCE_EXHAUSTED: the consumer fell too far behind; `resumeFrom` is where to start again. */
export class StreamBehindError extends LedgerServiceError {
  readonly resumeFrom: number;

  /**
   * @param maxBufferedSeals - the bound that was exceeded.
   * @param resumeFrom - the first sequence number not sent.
   */
  constructor(maxBufferedSeals: number, resumeFrom: number) {
    super(
      status.RESOURCE_EXHAUSTED,
      `the consumer fell more than ${maxBufferedSeals} seals behind the live journal; resume from sequence ${resumeFrom} (from_sequence ${resumeFrom})`,
    );
    this.name = 'StreamBehindError';
    this.resumeFrom = resumeFrom;
  }
}

class JournalStreamImpl {
  readonly #options: Readonly<JournalStreamOptions>;
  readonly #max: number;
  readonly #heartbeatMs: number;
  #next: number;
  #buffer: SealRecord[] = [];
  #head = 0;
  #overflow = false;
  #wake: (() => void) | undefined;
  #interrupt: (() => void) | undefined;
  #lastHeartbeat = Date.now();

  constructor(options: Readonly<JournalStreamOptions>) {
    this.#options = options;
    this.#max = options.maxBufferedSeals ?? DEFAULT_MAX_BUFFERED_SEALS;
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.#next = options.fromSequence;
  }

  get #buffered(): number {
    return this.#buffer.length - this.#head;
  }

  async run(): Promise<StreamEnd> {
    const { source, signal } = this.#options;
    const onAbort = (): void => {
      this.#notify();
    };
    signal.addEventListener('abort', onAbort);
    const unsubscribe = source.onSeals((seals) => {
      this.#onLive(seals);
    });
    try {
      return await this.#loop();
    } finally {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      this.#buffer = [];
    }
  }

  #onLive(seals: readonly SealRecord[]): void {
    if (this.#overflow) return;
    const to = this.#options.toSequence;
    for (const seal of seals) {
      if (seal.sequenceNumber < this.#next || (to !== undefined && seal.sequenceNumber > to)) continue;
      this.#buffer.push(seal);
    }
    if (this.#buffered > this.#max) {
      this.#overflow = true;
      this.#buffer = [];
      this.#head = 0;
      this.#interrupt?.();
    }
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #loop(): Promise<StreamEnd> {
    let sinceYield = 0;
    for (;;) {
      const ended = await this.#ended();
      if (ended !== undefined) return ended;
      if (Date.now() - this.#lastHeartbeat >= this.#heartbeatMs) await this.#heartbeat();
      const seal = this.#take();
      if (seal === undefined) {
        await this.#idle();
        continue;
      }
      this.#next = seal.sequenceNumber + 1;
      if (this.#options.accept?.(seal) ?? true) {
        await this.#emit({ kind: 'seal', seal });
        sinceYield = 0;
      } else if (++sinceYield >= YIELD_EVERY) {
        // A long run of filtered-out seals must not hold the event loop.
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** How the stream ends now (overflow throws), or undefined to go on. */
  async #ended(): Promise<StreamEnd | undefined> {
    const { signal, toSequence } = this.#options;
    if (this.#overflow) throw new StreamBehindError(this.#max, this.#next);
    if (signal.aborted) return { reason: 'CANCELLED', lastSequence: this.#next - 1 };
    if (toSequence === undefined || this.#next <= toSequence) return undefined;
    await this.#emit({ kind: 'control', reason: 'END', lastSequence: toSequence });
    return { reason: 'END', lastSequence: toSequence };
  }

  /** The seal numbered `#next`: from the buffer when it is there, else from the index, else none yet. */
  #take(): SealRecord | undefined {
    while (this.#head < this.#buffer.length && (this.#buffer[this.#head]?.sequenceNumber ?? 0) < this.#next) {
      this.#head++;
    }
    this.#compact();
    const first = this.#buffer[this.#head];
    if (first?.sequenceNumber === this.#next) {
      this.#head++;
      return first;
    }
    if (this.#next > this.#options.source.size) return undefined;
    const seal = this.#options.source.get(this.#next);
    if (seal === undefined) throw new Error(`index: no seal ${this.#next} below its size`);
    return seal;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
  }

  async #heartbeat(): Promise<void> {
    this.#lastHeartbeat = Date.now();
    await this.#emit({ kind: 'control', reason: 'HEARTBEAT', lastSequence: this.#next - 1 });
  }

  async #emit(item: StreamOutput): Promise<void> {
    if (this.#options.sink.write(item)) return;
    await this.#interruptible(this.#options.sink.drained());
  }

  /** Waits for a live seal, the heartbeat time, an abort or an overflow. */
  async #idle(): Promise<void> {
    const waitMs = Math.max(0, this.#lastHeartbeat + this.#heartbeatMs - Date.now());
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      timer = setTimeout(resolve, waitMs);
    });
    clearTimeout(timer);
  }

  /** `promise`, or earlier when the stream is aborted or overflows. */
  async #interruptible(promise: Promise<void>): Promise<void> {
    const { signal } = this.#options;
    let onAbort: (() => void) | undefined;
    const interrupted = new Promise<void>((resolve) => {
      onAbort = resolve;
      this.#interrupt = resolve;
      signal.addEventListener('abort', onAbort);
    });
    try {
      await Promise.race([promise, interrupted]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
      this.#interrupt = undefined;
    }
  }
}

/**
 * Runs one stream until it ends (bounded), is aborted, or falls too far behind.
 *
 * @param options - source, sink, range, filter, bounds and the abort signal.
 * @returns how the stream ended.
 * @throws {@link StreamBehindError} when more than `maxBufferedSeals` live seals wait unsent.
 */
export function runJournalStream(options: Readonly<JournalStreamOptions>): Promise<StreamEnd> {
  return new JournalStreamImpl(options).run();
}
