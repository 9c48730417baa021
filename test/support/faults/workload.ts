// The fault suites' workload: N SubmitEvents at concurrency C, plus a few account transfers through
// Fabric. A client retries only what is retryable (UNAVAILABLE, DEADLINE_EXCEEDED), always with the same
// event (same id and content), with bounded attempts and time; it records every acknowledged seal.
import { status, type ServiceError } from '@grpc/grpc-js';
import type { Contract } from '@hyperledger/fabric-gateway';
import type { LedgerClient } from '@gateway/client/ledgerClient';
import type { CertifiedEvent } from '@gateway/generated/ledger/CertifiedEvent';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import { chaincodeErrorCode } from '../fabricErrors';
import { uniqueId } from '../testNetwork';

/** Sizes, from the environment: FAULTS_EVENTS (2000), FAULTS_CONCURRENCY (16), FAULTS_TRANSFERS (5). */
export const WORKLOAD_SIZE = {
  events: positiveInt(process.env.FAULTS_EVENTS, 2000),
  concurrency: positiveInt(process.env.FAULTS_CONCURRENCY, 16),
  transfers: positiveInt(process.env.FAULTS_TRANSFERS, 5),
} as const;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** Options of {@link startWorkload}. */
export interface WorkloadOptions {
  /** Prefix of the event ids (one per scenario). */
  readonly scenario: string;
  readonly events: number;
  readonly concurrency: number;
  /** The client to use for an attempt (the gateway may be restarted meanwhile). */
  readonly client: () => LedgerClient;
  /** Transfers through Fabric, spread over the run; without it none are made. */
  readonly transfers?: {
    readonly count: number;
    readonly contract: Contract;
    readonly from: string;
    readonly to: string;
  };
  /** Deadline of one SubmitEvent attempt, ms (default 20 000). */
  readonly attemptTimeoutMs?: number;
  /** Give up on one event after this many attempts (default 60) or this long (default 240 000 ms). */
  readonly maxAttempts?: number;
  readonly maxEventMs?: number;
}

/** What one workload run did. */
export interface WorkloadResult {
  /** Every event id the run submitted at least once, in order. */
  readonly submitted: readonly string[];
  /** The seal each acknowledged event id got (on its last attempt). */
  readonly acknowledged: ReadonlyMap<string, SealedEvent__Output>;
  /** Event ids given up on, with the last error. */
  readonly failed: ReadonlyMap<string, string>;
  /** The events as submitted (for idempotent resubmission). */
  readonly events: ReadonlyMap<string, CertifiedEvent>;
  /** Attempts that were retried (UNAVAILABLE or DEADLINE_EXCEEDED). */
  readonly retries: number;
  /** Every failed attempt by its gRPC code name (retried or not), e.g. `{ UNAVAILABLE: 12 }`. */
  readonly failureCodes: Readonly<Record<string, number>>;
  /** The longest time one failed attempt took before its error came back, ms (0 when none failed). */
  readonly slowestFailureMs: number;
  /** Wall-clock time of every acknowledgement, ms since the epoch, ascending. */
  readonly ackTimes: readonly number[];
  readonly transfersApplied: number;
  readonly transfersFailed: number;
  readonly elapsedMs: number;
}

/** A running workload. */
export interface RunningWorkload {
  /** Acknowledged so far. */
  readonly acknowledged: number;
  /** Resolves once at least `count` events are acknowledged (or the run ended). */
  acknowledgedAtLeast(count: number): Promise<void>;
  readonly done: Promise<WorkloadResult>;
}

const RETRYABLE: ReadonlySet<number> = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Backoff with jitter: 100 ms doubling to 2 s. */
const backoff = (attempt: number): Promise<void> =>
  pause(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));

/** A certified event whose id is set. */
type WorkloadEvent = CertifiedEvent & { readonly eventId: string };

function newEvent(scenario: string, i: number): WorkloadEvent {
  const eventId = `${scenario}-${i}`;
  return {
    eventId,
    payload: Buffer.from(JSON.stringify({ scenario, i })),
    vepsSignature: 'faults-sig',
    vepsTimestamp: String(Date.now()),
    metadata: { suite: 'faults', scenario },
  };
}

class WorkloadRun implements RunningWorkload {
  readonly #options: Readonly<WorkloadOptions>;
  readonly #prefix: string;
  readonly #acked = new Map<string, SealedEvent__Output>();
  readonly #failed = new Map<string, string>();
  readonly #events = new Map<string, CertifiedEvent>();
  readonly #ackTimes: number[] = [];
  readonly #waiters: Array<{ count: number; resolve: () => void }> = [];
  readonly #failureCodes: Record<string, number> = {};
  #slowestFailureMs = 0;
  #next = 0;
  #retries = 0;
  #ended = false;
  readonly done: Promise<WorkloadResult>;

  constructor(options: Readonly<WorkloadOptions>) {
    this.#options = options;
    this.#prefix = uniqueId(options.scenario);
    this.done = this.#run();
  }

  get acknowledged(): number {
    return this.#acked.size;
  }

  acknowledgedAtLeast(count: number): Promise<void> {
    if (this.#ended || this.#acked.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  async #run(): Promise<WorkloadResult> {
    const started = Date.now();
    const workers = Array.from({ length: this.#options.concurrency }, () => this.#worker());
    const transfers = this.#transfers();
    await Promise.all(workers);
    const { applied, failed } = await transfers;
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    return {
      submitted: [...this.#events.keys()],
      acknowledged: this.#acked,
      failed: this.#failed,
      events: this.#events,
      retries: this.#retries,
      failureCodes: this.#failureCodes,
      slowestFailureMs: this.#slowestFailureMs,
      ackTimes: this.#ackTimes,
      transfersApplied: applied,
      transfersFailed: failed,
      elapsedMs: Date.now() - started,
    };
  }

  async #worker(): Promise<void> {
    while (this.#next < this.#options.events) {
      const event = newEvent(this.#prefix, this.#next++);
      this.#events.set(event.eventId, event);
      await this.#submit(event);
    }
  }

  async #submit(event: WorkloadEvent): Promise<void> {
    const maxAttempts = this.#options.maxAttempts ?? 60;
    const giveUpAt = Date.now() + (this.#options.maxEventMs ?? 240_000);
    let lastError = '';
    for (let attempt = 0; attempt < maxAttempts && Date.now() < giveUpAt; attempt++) {
      const attemptAt = Date.now();
      try {
        const seal = await this.#options
          .client()
          .submitEvent(event, this.#options.attemptTimeoutMs ?? 20_000);
        this.#acknowledge(event.eventId, seal);
        return;
      } catch (err) {
        const code = (err as Partial<ServiceError>).code ?? status.UNKNOWN;
        lastError = `${status[code]}: ${(err as Partial<ServiceError>).details ?? String(err)}`;
        this.#failureCodes[status[code]] = (this.#failureCodes[status[code]] ?? 0) + 1;
        this.#slowestFailureMs = Math.max(this.#slowestFailureMs, Date.now() - attemptAt);
        if (!RETRYABLE.has(code)) break;
        this.#retries++;
        await backoff(attempt);
      }
    }
    this.#failed.set(event.eventId, lastError);
  }

  #acknowledge(eventId: string, seal: SealedEvent__Output): void {
    this.#acked.set(eventId, seal);
    this.#ackTimes.push(Date.now());
    const size = this.#acked.size;
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const waiter = this.#waiters[i];
      if (waiter !== undefined && size >= waiter.count) {
        this.#waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** Transfers spread over the run: one after every events/(count+1) acknowledgements. */
  async #transfers(): Promise<{ applied: number; failed: number }> {
    const plan = this.#options.transfers;
    if (plan === undefined) return { applied: 0, failed: 0 };
    let applied = 0;
    let failed = 0;
    const step = Math.max(1, Math.floor(this.#options.events / (plan.count + 1)));
    for (let i = 1; i <= plan.count; i++) {
      await this.acknowledgedAtLeast(step * i);
      if (await transfer(plan.contract, `${this.#prefix}-tr-${i}`, plan.from, plan.to)) applied++;
      else failed++;
    }
    return { applied, failed };
  }
}

/**
 * One transfer of 1.00, retried with the same transaction id (the chaincode answers DUPLICATE_REQUEST
 * to a replay of an applied one) for up to 120 s.
 *
 * @returns true when applied.
 */
async function transfer(contract: Contract, id: string, from: string, to: string): Promise<boolean> {
  const giveUpAt = Date.now() + 120_000;
  for (let attempt = 0; Date.now() < giveUpAt; attempt++) {
    try {
      await contract.submitTransaction('Transactions:Transfer', id, from, to, '1.00');
      return true;
    } catch (err) {
      if (chaincodeErrorCode(err) === 'DUPLICATE_REQUEST') return true;
      await backoff(attempt);
    }
  }
  return false;
}

/**
 * Starts a workload; its promise `done` never rejects (failures are in the result).
 *
 * @param options - sizes, client, transfers.
 * @returns the running workload.
 */
export function startWorkload(options: Readonly<WorkloadOptions>): RunningWorkload {
  return new WorkloadRun(options);
}

/**
 * Recovery time after a fault: from the fault until acknowledgements flow again after the longest stall
 * that follows it (or until the first acknowledgement after it, when nothing stalled for 1 s).
 *
 * @param ackTimes - acknowledgement times, ascending.
 * @param faultAt - when the fault was injected.
 * @returns milliseconds, or undefined when nothing was acknowledged after the fault.
 */
export function recoveryMs(ackTimes: readonly number[], faultAt: number): number | undefined {
  const after = ackTimes.filter((t) => t >= faultAt);
  if (after.length === 0) return undefined;
  let previous = faultAt;
  let longestGap = 0;
  let resumedAt = after[0] ?? faultAt;
  for (const t of after) {
    if (t - previous > longestGap) {
      longestGap = t - previous;
      resumedAt = t;
    }
    previous = t;
  }
  return longestGap < 1000 ? (after[0] ?? faultAt) - faultAt : resumedAt - faultAt;
}
