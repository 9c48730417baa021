/**
 * The handlers of `ledger.ImmutableLedger`: SubmitEvent (`submitEvent.ts`), reads from the index,
 * GetHistory (`history.ts`), StreamEvents (`streamEventsHandler.ts`). Each handler returns its answer
 * or throws; `callAdapter.ts` ends the call and owns the one error path. Every message is built by its
 * builder in `gateway/src/wire/`.
 */
import { status } from '@grpc/grpc-js';
import { GENESIS_PREVIOUS_HASH, rootFromSource, type LedgerDigest } from '../core';
import type { SealRecord } from '../core/sealRecord';
import type { ImmutableLedgerHandlers } from '../generated/ledger/ImmutableLedger';
import { LedgerServiceError, invalidArgument, notFound } from '../proto/serviceErrors';
import type { AdmissionGate } from '../security/admissionGate';
import { overloaded } from '../security/overload';
import { toLedgerDigest, type DigestIdentity } from '../wire/ledgerDigest';
import { toConsistencyProof, toInclusionProof } from '../wire/proofs';
import { toSealedEvent } from '../wire/sealedEvent';
import { serverStreamingCall, unaryCall, type CallErrorPath } from './callAdapter';
import { historyPage, type HistoryValueSource } from './history';
import type { IntegrityGuard } from './integrityGuard';
import type { StreamEventsHandler } from './streamEventsHandler';
import { newSubmitEvent, type SubmitEventOptions } from './submitEvent';
import { checkEventId, submitterMspIdOf } from './validation';

/** Live status the HealthCheck RPC reports. */
export interface ServiceStatus {
  /** True while the sequencer's event stream is open and the server is not shutting down. */
  healthy(): boolean;
  /** A word for humans: SERVING, CONNECTING, SHUTTING_DOWN. */
  describe(): string;
  /** The channel configuration block the client trust comes from (undefined: none, e.g. dev mode). */
  configBlock?(): bigint | undefined;
}

/** Options of {@link newLedgerService}. */
export interface LedgerServiceOptions extends SubmitEventOptions {
  readonly identity: DigestIdentity;
  readonly status: ServiceStatus;
  /** Serves StreamEvents; without it StreamEvents answers UNIMPLEMENTED. */
  readonly streams?: StreamEventsHandler;
  /** The peer's revisions of a record, for GetHistory values; without it values are left empty. */
  readonly historyValues?: HistoryValueSource;
  /** Most open StreamEvents calls; one more fails with RESOURCE_EXHAUSTED. */
  readonly maxStreams?: number;
  /** Bounds GetHistory calls in flight; one more fails at once with RESOURCE_EXHAUSTED. */
  readonly historyGate?: AdmissionGate;
  /** GetHistory answers DEADLINE_EXCEEDED after this long (default {@link DEFAULT_HISTORY_TIMEOUT_MS}). */
  readonly historyTimeoutMs?: number;
  /** Refuses proofs and digests (DATA_LOSS) from an index that does not verify; HealthCheck not healthy. */
  readonly integrity?: IntegrityGuard;
  /** The channel of this journal, for the digest's `channel` field (default: none given). */
  readonly channelName?: string;
  /**
   * True for a channel other than the gateway's main one: its digests name `channelName` in their
   * signed bytes (v3). False or absent: the v2 bytes of the main channel.
   */
  readonly channelInDigest?: boolean;
}

/** Default overall deadline of one GetHistory call. */
export const DEFAULT_HISTORY_TIMEOUT_MS = 30_000;
/** Default number of GetHistory calls in flight at once. */
export const DEFAULT_MAX_INFLIGHT_HISTORY = 16;

/**
 * `work`, or DEADLINE_EXCEEDED after `ms` (the work goes on; its outcome is dropped).
 *
 * @param work - what the call waits for.
 * @param ms - the deadline.
 * @param method - the call, for the message.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, method: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new LedgerServiceError(status.DEADLINE_EXCEEDED, `${method} took longer than ${ms} ms`));
    }, ms);
  });
  work.catch(() => undefined); // a late failure after the deadline is not unhandled
  return Promise.race([work, deadline]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * A request uint64, as proto-loader gives it (a decimal string). Any uint64 is valid input: numbers
 * beyond what the journal holds are answered by the caller (NOT_FOUND or a range message), never
 * refused for their size.
 */
function requestUint64(value: string, field: string): bigint {
  if (!/^[0-9]{1,20}$/.test(value)) throw invalidArgument(field, JSON.stringify(value), 'a uint64');
  return BigInt(value);
}

/**
 * Builds the service handlers.
 *
 * @param options - index, submitter, signing identity, status, logger.
 * @returns the handlers for `server.addService`.
 */
export function newLedgerService(options: Readonly<LedgerServiceOptions>): ImmutableLedgerHandlers {
  const { index, logger, metrics, integrity } = options;
  const digestChannel = options.channelInDigest === true ? options.channelName : undefined;
  /** The seals an answer over a tree of `size` depends on (its tip and `seqs`) must verify. */
  const guard = (size: number, ...seqs: number[]): void => {
    integrity?.assertServable(size === 0 ? seqs : [size, ...seqs]);
  };
  const currentDigest = (): LedgerDigest => {
    const size = index.size;
    const last = size === 0 ? undefined : index.get(size);
    return {
      treeSize: size,
      rootHash: rootFromSource(index, size),
      chainTipHash: last?.eventHash ?? GENESIS_PREVIOUS_HASH,
      lastBlockNumber: BigInt(last?.blockNumber ?? 0),
      ...(digestChannel === undefined ? {} : { channel: digestChannel }),
    };
  };

  /** A sequence number that is sealed: 0 is INVALID_ARGUMENT, beyond the tip NOT_FOUND. */
  const sealedSequence = (value: string, field: string): number => {
    const n = requestUint64(value, field);
    if (n === 0n) throw invalidArgument(field, '0', 'a sequence number, 1 or more (0 is unset)');
    if (n > BigInt(index.size))
      throw notFound(`${field} ${value} is not sealed yet (last sequence number ${index.size})`);
    return Number(n);
  };

  /** The seal at a request's sequence number (see {@link sealedSequence}). */
  const sealedAt = (value: string): SealRecord => {
    const seq = sealedSequence(value, 'sequence_number');
    const seal = index.get(seq);
    if (seal === undefined)
      throw notFound(`sequence_number ${seq} is not sealed yet (last sequence number ${index.size})`);
    return seal;
  };

  const treeSize = (value: string, field: string, min: number): number => {
    const n = requestUint64(value, field);
    const size = n === 0n ? BigInt(index.size) : n;
    if (size < BigInt(min) || size > BigInt(index.size)) {
      throw invalidArgument(
        field,
        value,
        `a tree size from ${min} to the current size ${index.size} (0 = current)`,
      );
    }
    return Number(size);
  };

  const errors: CallErrorPath = { logger, metrics };

  return {
    SubmitEvent: unaryCall(errors, 'SubmitEvent', newSubmitEvent(options), {
      onFailure: (code) => metrics?.submitFinished(code),
    }),

    GetEvent: unaryCall(errors, 'GetEvent', (call) => toSealedEvent(sealedAt(call.request.sequenceNumber))),

    GetEventById: unaryCall(errors, 'GetEventById', (call) => {
      checkEventId(call.request.eventId);
      const mspId = submitterMspIdOf(call.request.submitterMspId, options.identity.mspId);
      const seal = index.findById(call.request.eventId, mspId);
      if (seal === undefined)
        throw notFound(`event_id ${JSON.stringify(call.request.eventId)} of ${mspId} is not sealed`);
      return toSealedEvent(seal);
    }),

    HealthCheck: unaryCall(errors, 'HealthCheck', () => {
      const checkpoint = index.checkpoint();
      return {
        healthy: options.status.healthy() && integrity?.fault === undefined,
        status: integrity?.fault === undefined ? options.status.describe() : 'INDEX_CORRUPTED',
        lastSequenceNumber: String(index.size),
        checkpointBlock: String(checkpoint?.blockNumber ?? 0n),
        mspId: options.identity.mspId,
        channelConfigBlock: String(options.status.configBlock?.() ?? 0n),
      };
    }),

    GetDigest: unaryCall(errors, 'GetDigest', () => {
      guard(index.size);
      return toLedgerDigest(currentDigest(), options.identity, options.channelName ?? '');
    }),

    GetInclusionProof: unaryCall(errors, 'GetInclusionProof', (call) => {
      const seal = sealedAt(call.request.sequenceNumber);
      const seq = seal.sequenceNumber;
      const size = treeSize(call.request.treeSize, 'tree_size', seq);
      guard(size, seq);
      return toInclusionProof(index, seal, size);
    }),

    GetConsistencyProof: unaryCall(errors, 'GetConsistencyProof', (call) => {
      const second = treeSize(call.request.secondSize, 'second_size', 1);
      const firstSize = requestUint64(call.request.firstSize, 'first_size');
      if (firstSize < 1n || firstSize > BigInt(second))
        throw invalidArgument(
          'first_size',
          call.request.firstSize,
          `an integer from 1 to second_size ${second}`,
        );
      const first = Number(firstSize);
      guard(second, first);
      return toConsistencyProof(index, first, second);
    }),

    GetHistory: unaryCall(errors, 'GetHistory', (call) => {
      const gate = options.historyGate;
      const release = gate?.tryAcquire();
      if (gate !== undefined && release === undefined) {
        throw overloaded('GetHistory calls in flight', gate.limit);
      }
      // The slot is held until the page's peer queries end, even when the client got its deadline.
      const page = historyPage({ index, values: options.historyValues }, call.request).finally(() =>
        release?.(),
      );
      return withDeadline(page, options.historyTimeoutMs ?? DEFAULT_HISTORY_TIMEOUT_MS, 'GetHistory');
    }),

    StreamEvents: serverStreamingCall(errors, 'StreamEvents', (call) => {
      const streams = options.streams;
      if (streams === undefined) {
        throw new LedgerServiceError(status.UNIMPLEMENTED, 'StreamEvents is not served here');
      }
      if (options.maxStreams !== undefined && streams.active >= options.maxStreams) {
        throw overloaded('open StreamEvents calls', options.maxStreams);
      }
      // The stream handler ends the call itself, through the same adapter (callAdapter.ts).
      streams.handler(call);
    }),
  };
}
