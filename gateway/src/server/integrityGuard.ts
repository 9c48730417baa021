/**
 * Keeps the gateway from serving proofs or digests out of a corrupted index. At start-up it verifies
 * the whole index (hash chain and Merkle nodes, progress logged for large files); on every proof or
 * digest request it re-checks, cheaply, the seals the answer depends on. Once a fault is found it
 * sticks: those RPCs answer DATA_LOSS naming the sequence number, and HealthCheck reports not healthy,
 * until the index is rebuilt (stop the gateway, delete the file, restart).
 */
import { status } from '@grpc/grpc-js';
import type { JournalIndex } from '../index/journalIndex';
import {
  checkSeals,
  describeFault,
  verifyIndexIntegrity,
  type IntegrityFault,
} from '../index/indexIntegrity';
import type { Logger } from '../logger';
import { LedgerServiceError } from '../proto/serviceErrors';

/** The guard's state and checks. */
export interface IntegrityGuard {
  /** The first fault found, if any. */
  readonly fault: IntegrityFault | undefined;
  /** Verifies the whole index (at start-up) and remembers the first fault. */
  verifyAll(): IntegrityFault | undefined;
  /**
   * Throws unless the index verified and the given seals still verify.
   *
   * @param sequenceNumbers - the seals the answer depends on (each in [1, size]).
   * @throws LedgerServiceError DATA_LOSS naming the sequence number and field that do not verify.
   */
  assertServable(sequenceNumbers: readonly number[]): void;
}

/** Options of {@link newIntegrityGuard}. */
export interface IntegrityGuardOptions {
  readonly index: JournalIndex;
  readonly logger: Logger;
  /** Log progress of the start-up check every this many seals (default 50 000). */
  readonly progressEvery?: number;
}

/** The DATA_LOSS error for a fault. */
export function corruptionError(fault: IntegrityFault): LedgerServiceError {
  return new LedgerServiceError(
    status.DATA_LOSS,
    `the gateway index is corrupted at ${describeFault(fault)}; refusing to serve proofs from it (run 'ledger audit', then stop the gateway, delete the index and restart to rebuild it from the peer's blocks)`,
  );
}

class IntegrityGuardImpl implements IntegrityGuard {
  readonly #options: Readonly<IntegrityGuardOptions>;
  #fault: IntegrityFault | undefined;

  constructor(options: Readonly<IntegrityGuardOptions>) {
    this.#options = options;
  }

  get fault(): IntegrityFault | undefined {
    return this.#fault;
  }

  verifyAll(): IntegrityFault | undefined {
    const { index, logger } = this.#options;
    const started = performance.now();
    const report = verifyIndexIntegrity(index, {
      progressEvery: this.#options.progressEvery ?? 50_000,
      onProgress: (checked, size) => {
        logger.info('verifying index', { checked, size, elapsedMs: Math.round(performance.now() - started) });
      },
    });
    const elapsedMs = Math.round(performance.now() - started);
    const fault = report.faults[0];
    if (fault === undefined) {
      logger.info('index verified', { seals: report.checked, elapsedMs });
    } else {
      this.#record(fault);
    }
    return fault;
  }

  assertServable(sequenceNumbers: readonly number[]): void {
    const fault = this.#fault ?? checkSeals(this.#options.index, sequenceNumbers);
    if (fault === undefined) return;
    this.#record(fault);
    throw corruptionError(fault);
  }

  #record(fault: IntegrityFault): void {
    if (this.#fault !== undefined) return;
    this.#fault = fault;
    this.#options.logger.error('index corrupted; proofs and digests refused', {
      sequenceNumber: fault.sequenceNumber,
      field: fault.field,
      detail: fault.detail,
    });
  }
}

/**
 * Creates the guard (no check runs until {@link IntegrityGuard.verifyAll} or a request).
 *
 * @param options - index and logger.
 * @returns the guard.
 */
export function newIntegrityGuard(options: Readonly<IntegrityGuardOptions>): IntegrityGuard {
  return new IntegrityGuardImpl(options);
}
