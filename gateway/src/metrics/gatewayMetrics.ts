/**
 * The gateway's Prometheus metrics (docs/gateway.md, "Metrics"): SubmitEvent outcomes by gRPC code,
 * seal latency, batch sizes, errors by method and code, and the index's last sequence number,
 * checkpoint block and the open StreamEvents calls, read at scrape time; plus prom-client's default
 * process and Node.js runtime metrics. Each metrics object has its own prom-client registry.
 */
import { status } from '@grpc/grpc-js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Upper bounds (ms) of the seal latency histogram. */
export const SEAL_LATENCY_BUCKETS_MS: readonly number[] = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
];

/** Upper bounds of the batch size histogram (events per `Journal:SubmitEvents` transaction). */
export const BATCH_SIZE_BUCKETS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500];

/**
 * Where a journal transaction's time goes: `endorse` (proposal endorsed by the peers and the
 * transaction accepted by the orderer), `commit` (ordered into a block, validated and committed:
 * the commit status arrived), `seal` (commit status → the last of its events sealed in the index:
 * chaincode event delivery and indexing).
 */
export type BatchPhase = 'endorse' | 'commit' | 'seal';

/** What the gateway records. */
export interface GatewayMetrics {
  /** A SubmitEvent call ended with `code`; `latencyMs` (receipt → seal) when it succeeded. */
  submitFinished(code: status, latencyMs?: number): void;
  /** A call of `method` failed with `code`. */
  callFailed(method: string, code: status): void;
  /**
   * A call was refused by authentication or authorization: `reason` is `no_certificate`,
   * `untrusted_ca`, `expired`, `not_yet_valid`, `revoked`, `unreadable` or `permission_denied`.
   */
  callRefused(reason: string): void;
  /** A `Journal:SubmitEvents` transaction with `size` events was sent. */
  batchSent(size: number): void;
  /** A journal transaction spent `ms` in `phase` (see {@link BatchPhase}). */
  batchPhase(phase: BatchPhase, ms: number): void;
  /** The exposition text (Prometheus text format 0.0.4): the gateway's families, then the defaults. */
  render(): Promise<string>;
}

/** Where the scrape-time gauges come from. */
export interface GatewayMetricsSources {
  lastSequenceNumber(): number;
  /** Block of the index checkpoint; undefined before the first block. */
  checkpointBlock(): bigint | undefined;
  /** Open StreamEvents calls (no sample when not given). */
  openStreams?(): number;
  /** Number of the channel configuration block the client trust comes from (no sample when none). */
  configBlock?(): bigint | undefined;
}

const STATUS_NAMES: Readonly<Record<number, string | undefined>> = status;

/** `OK`, `UNAUTHENTICATED`, …: the name of a gRPC status code. */
export function codeName(code: status): string {
  return STATUS_NAMES[code] ?? String(code);
}

/**
 * A gauge read from its source at scrape time that has no sample while the source has no value
 * (a prom-client gauge without labels always has one, 0 by default: a checkpoint block 0 before the
 * first block would be a false reading).
 */
class ReadGauge extends Gauge {
  readonly #read: () => number | bigint | undefined;

  constructor(registry: Registry, name: string, help: string, read: () => number | bigint | undefined) {
    super({ name, help, registers: [registry] });
    this.#read = read;
  }

  override async get(): ReturnType<Gauge['get']> {
    const value = this.#read();
    if (value !== undefined) {
      this.set(Number(value));
      return super.get();
    }
    return { ...(await super.get()), values: [] };
  }
}

class GatewayMetricsImpl implements GatewayMetrics {
  readonly #registry = new Registry();
  readonly #submits: Counter<'code'>;
  readonly #errors: Counter<'code' | 'method'>;
  readonly #refused: Counter<'reason'>;
  readonly #latency: Histogram;
  readonly #batches: Histogram;
  readonly #phases: Readonly<Record<BatchPhase, Histogram>>;

  constructor(sources: Readonly<GatewayMetricsSources>) {
    const registers = [this.#registry];
    this.#submits = new Counter({
      name: 'ledger_gateway_submit_events_total',
      help: 'SubmitEvent calls by result code.',
      labelNames: ['code'],
      registers,
    });
    this.#submits.inc({ code: 'OK' }, 0);
    this.#latency = new Histogram({
      name: 'ledger_gateway_seal_latency_ms',
      help: 'Successful SubmitEvent calls: milliseconds from receipt to seal.',
      buckets: [...SEAL_LATENCY_BUCKETS_MS],
      registers,
    });
    this.#batches = new Histogram({
      name: 'ledger_gateway_batch_size',
      help: 'Events per Journal:SubmitEvents transaction sent to Fabric.',
      buckets: [...BATCH_SIZE_BUCKETS],
      registers,
    });
    const phase = (name: BatchPhase, what: string): Histogram =>
      new Histogram({
        name: `ledger_gateway_batch_${name}_ms`,
        help: `Journal transactions: milliseconds ${what}.`,
        buckets: [...SEAL_LATENCY_BUCKETS_MS],
        registers,
      });
    this.#phases = {
      endorse: phase('endorse', 'to endorse and hand to the orderer'),
      commit: phase('commit', 'from the orderer accepting to the commit status'),
      seal: phase('seal', 'from the commit status to the last event sealed in the index'),
    };
    this.#errors = new Counter({
      name: 'ledger_gateway_errors_total',
      help: 'Failed calls by gRPC method and status code.',
      labelNames: ['code', 'method'],
      registers,
    });
    const r = this.#registry;
    // The scrape-time gauges are only read by the registry: constructing one registers it.
    new ReadGauge(
      r,
      'ledger_gateway_last_sequence_number',
      'Sequence number of the last sealed journal entry (0 when empty).',
      () => sources.lastSequenceNumber(),
    );
    new ReadGauge(r, 'ledger_gateway_checkpoint_block', 'Fabric block number of the index checkpoint.', () =>
      sources.checkpointBlock(),
    );
    new ReadGauge(r, 'ledger_gateway_open_streams', 'Open StreamEvents calls.', () =>
      sources.openStreams?.(),
    );
    this.#refused = new Counter({
      name: 'ledger_gateway_refused_calls_total',
      help: 'Calls refused by client authentication (UNAUTHENTICATED) or authorization (PERMISSION_DENIED), by reason.',
      labelNames: ['reason'],
      registers,
    });
    new ReadGauge(
      r,
      'ledger_gateway_channel_config_block',
      'Number of the channel configuration block the client trust comes from.',
      () => sources.configBlock?.(),
    );
    collectDefaultMetrics({ register: r });
  }

  submitFinished(code: status, latencyMs?: number): void {
    this.#submits.inc({ code: codeName(code) });
    if (latencyMs !== undefined) this.#latency.observe(latencyMs);
  }

  callFailed(method: string, code: status): void {
    // Labels in name order, so the series read {code="…",method="…"} as before prom-client.
    this.#errors.inc({ code: codeName(code), method });
  }

  callRefused(reason: string): void {
    this.#refused.inc({ reason });
  }

  batchSent(size: number): void {
    this.#batches.observe(size);
  }

  batchPhase(phase: BatchPhase, ms: number): void {
    this.#phases[phase].observe(ms);
  }

  render(): Promise<string> {
    return this.#registry.metrics();
  }
}

/**
 * Creates the gateway's metrics, in a registry of their own with prom-client's default metrics.
 *
 * @param sources - readers of the scrape-time gauges.
 * @returns the metrics.
 */
export function newGatewayMetrics(sources: Readonly<GatewayMetricsSources>): GatewayMetrics {
  return new GatewayMetricsImpl(sources);
}
