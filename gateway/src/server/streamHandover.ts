/**
 * One ordered journal stream: catch-up from the index, then live seals, handed over without a gap or
 * a duplicate. The stream subscribes to live seals *before* it reads the index, buffers what arrives,
 * reads the index up to the seals it has not sent, then drains the buffer skipping what it already
 * sent. The buffer only saves index reads: every published seal is already in the index. So it is
 * bounded by count and by bytes (payloads can be large), and a consumer that falls behind the bound
 * is not cut off: the stream drops its buffer, reads on from the index, and buffers live seals again
 * once it has caught up with the tip. A consumer that stops reading costs one buffer's bound at most.
 * Writes respect the transport's backpressure (`write` false → wait for drain).
 * No gRPC here: the sink and the source are ports, so the hand-over is unit-tested with fakes.
 */
import type { SealRecord } from '../core/sealRecord';
import type { SealListener } from '../sequencer/journalSequencer';

/** Default bound of the per-stream buffer of live seals not yet sent: seals. */
export const DEFAULT_MAX_BUFFERED_SEALS = 10_000;
/** Default bound of the per-stream buffer of live seals not yet sent: bytes (16 MiB). */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** What a buffered seal costs besides its payload (fields, hashes, metadata, bookkeeping): bytes. */
const SEAL_OVERHEAD_BYTES = 512;
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

/** Options of {@link runStreamHandover}. */
export interface StreamHandoverOptions {
  readonly source: SealSource;
  readonly sink: StreamSink;
  /** First sequence number to send (≥ 1). */
  readonly fromSequence: number;
  /** Last sequence number to send; undefined = unbounded. */
  readonly toSequence?: number;
  /** Which seals to send; the others are skipped (the position still moves past them). */
  readonly accept?: (seal: SealRecord) => boolean;
  readonly maxBufferedSeals?: number;
  /** Bound of the buffer in bytes (payload + a fixed overhead per seal). */
  readonly maxBufferedBytes?: number;
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

class StreamHandover {
  readonly #options: Readonly<StreamHandoverOptions>;
  readonly #maxSeals: number;
  readonly #maxBytes: number;
  readonly #heartbeatMs: number;
  #next: number;
  #buffer: SealRecord[] = [];
  #head = 0;
  #bufferedBytes = 0;
  /** The buffer overflowed: read from the index until the tip, buffer nothing meanwhile. */
  #behind = false;
  #wake: (() => void) | undefined;
  #lastHeartbeat = Date.now();

  constructor(options: Readonly<StreamHandoverOptions>) {
    this.#options = options;
    this.#maxSeals = options.maxBufferedSeals ?? DEFAULT_MAX_BUFFERED_SEALS;
    this.#maxBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
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
      this.#clearBuffer();
    }
  }

  #onLive(seals: readonly SealRecord[]): void {
    if (!this.#behind) this.#bufferLive(seals);
    this.#notify();
  }

  #bufferLive(seals: readonly SealRecord[]): void {
    const to = this.#options.toSequence;
    for (const seal of seals) {
      if (seal.sequenceNumber < this.#next || (to !== undefined && seal.sequenceNumber > to)) continue;
      this.#buffer.push(seal);
      this.#bufferedBytes += seal.payload.byteLength + SEAL_OVERHEAD_BYTES;
    }
    if (this.#buffered > this.#maxSeals || this.#bufferedBytes > this.#maxBytes) {
      // Everything dropped here is in the index: the stream reads it from there.
      this.#behind = true;
      this.#clearBuffer();
    }
  }

  #clearBuffer(): void {
    this.#buffer = [];
    this.#head = 0;
    this.#bufferedBytes = 0;
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

  /** How the stream ends now, or undefined to go on. */
  async #ended(): Promise<StreamEnd | undefined> {
    const { signal, toSequence } = this.#options;
    if (signal.aborted) return { reason: 'CANCELLED', lastSequence: this.#next - 1 };
    if (toSequence === undefined || this.#next <= toSequence) return undefined;
    await this.#emit({ kind: 'control', reason: 'END', lastSequence: toSequence });
    return { reason: 'END', lastSequence: toSequence };
  }

  /** The seal numbered `#next`: from the buffer when it is there, else from the index, else none yet. */
  #take(): SealRecord | undefined {
    while (this.#head < this.#buffer.length && (this.#buffer[this.#head]?.sequenceNumber ?? 0) < this.#next) {
      this.#release();
    }
    this.#compact();
    const first = this.#buffer[this.#head];
    if (first?.sequenceNumber === this.#next) {
      this.#release();
      return first;
    }
    if (this.#next > this.#options.source.size) {
      // Caught up with the tip: every later seal arrives live, so buffer again.
      this.#behind = false;
      return undefined;
    }
    const seal = this.#options.source.get(this.#next);
    if (seal === undefined) throw new Error(`index: no seal ${this.#next} below its size`);
    return seal;
  }

  /** Moves the buffer's head past one seal. */
  #release(): void {
    const seal = this.#buffer[this.#head];
    if (seal !== undefined) this.#bufferedBytes -= seal.payload.byteLength + SEAL_OVERHEAD_BYTES;
    this.#head++;
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

  /** Waits for a live seal, the heartbeat time or an abort. */
  async #idle(): Promise<void> {
    const waitMs = Math.max(0, this.#lastHeartbeat + this.#heartbeatMs - Date.now());
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      timer = setTimeout(resolve, waitMs);
    });
    clearTimeout(timer);
  }

  /** `promise`, or earlier when the stream is aborted. */
  async #interruptible(promise: Promise<void>): Promise<void> {
    const { signal } = this.#options;
    let onAbort: (() => void) | undefined;
    const interrupted = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener('abort', onAbort);
    });
    try {
      await Promise.race([promise, interrupted]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    }
  }
}

/**
 * Runs one stream until it ends (bounded) or is aborted.
 *
 * @param options - source, sink, range, filter, buffer bounds and the abort signal.
 * @returns how the stream ended.
 */
export function runStreamHandover(options: Readonly<StreamHandoverOptions>): Promise<StreamEnd> {
  return new StreamHandover(options).run();
}
