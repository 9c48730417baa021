/**
 * The StreamEvents handler: validates the request, runs one {@link runStreamHandover} per call over the
 * index and the sequencer's live seals, converts what it emits to `StreamItem`s (with inclusion proofs
 * when asked), and ends the call: OK after END, a status for errors, nothing after a client cancel.
 * It keeps the open streams so a shutdown can end them, telling each client where to resume.
 */
import { createHash } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { rootFromSource, toHex } from '../core';
import type { StreamEventsRequest__Output } from '../generated/ledger/StreamEventsRequest';
import type { StreamItem } from '../generated/ledger/StreamItem';
import type { JournalIndex } from '../index/journalIndex';
import { isExportOnly } from '../security/exportOnly';
import type { Logger } from '../logger';
import type { JournalSequencer } from '../sequencer/journalSequencer';
import { serverStreamingCall } from './callAdapter';
import { invalidArgument, LedgerServiceError } from '../proto/serviceErrors';
import type { GatewayMetrics } from '../metrics/gatewayMetrics';
import {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_BUFFERED_SEALS,
  runStreamHandover,
  type StreamEnd,
  type StreamOutput,
  type StreamSink,
} from './streamHandover';
import { toInclusionProof } from '../wire/proofs';
import { toSealedEvent } from '../wire/sealedEvent';
import { newSealFilter, type SealFilter } from './streamFilter';

/** Default number of open streams one client (one certificate; one address without TLS) may hold. */
export const DEFAULT_MAX_STREAMS_PER_CLIENT = 10;

/**
 * Who holds a stream, for the per-client quota: the SHA-256 of the client certificate, or without one
 * (development mode) the client's address without its port.
 *
 * @param certificate - the DER client certificate, if any.
 * @param peer - the call's peer (`ipv4:127.0.0.1:53210`).
 * @returns the key.
 */
export function streamClientKey(certificate: Uint8Array | undefined, peer: string): string {
  if (certificate !== undefined) return `cert:${createHash('sha256').update(certificate).digest('hex')}`;
  return `peer:${peer.replace(/:\d+$/, '')}`;
}

/** Shortest and longest heartbeat period a client may ask for. */
export const MIN_HEARTBEAT_MS = 100;
export const MAX_HEARTBEAT_MS = 60_000;

/** The open streams and their handler. */
export interface StreamEventsHandler {
  /** The `StreamEvents` handler, behind the service's one error path (`callAdapter.ts`). */
  readonly handler: grpc.handleServerStreamingCall<StreamEventsRequest__Output, StreamItem>;
  /** Number of open streams. */
  readonly active: number;
  /** Ends every open stream with UNAVAILABLE naming the sequence to resume from (shutdown). */
  closeAll(): void;
}

/** Options of {@link newStreamEventsHandler}. */
export interface StreamEventsHandlerOptions {
  readonly index: JournalIndex;
  readonly seals: Pick<JournalSequencer, 'onSeals'>;
  readonly logger: Logger;
  /** Per-stream bound of live seals not yet sent (default 10,000). */
  readonly maxBufferedSeals?: number;
  /** Per-stream bound of the bytes of live seals not yet sent (default 16 MiB). */
  readonly maxBufferedBytes?: number;
  /** Open streams one client may hold (default {@link DEFAULT_MAX_STREAMS_PER_CLIENT}); more: RESOURCE_EXHAUSTED. */
  readonly maxStreamsPerClient?: number;
  /** Heartbeat period when the request says 0 (default 5000 ms). */
  readonly defaultHeartbeatMs?: number;
  readonly metrics?: GatewayMetrics;
}

/** A checked StreamEvents request. */
export interface StreamSpec {
  readonly fromSequence: number;
  readonly toSequence: number | undefined;
  readonly includePayload: boolean;
  readonly includeProof: boolean;
  readonly heartbeatMs: number;
  readonly accept: SealFilter;
}

/**
 * Stream positions above this are beyond any journal a gateway can hold (sequence numbers are safe
 * integers): a from_sequence or to_sequence above it is read as this value.
 */
export const MAX_STREAM_SEQUENCE = Number.MAX_SAFE_INTEGER;

/** A request uint64 (a decimal string from proto-loader); any uint64 is valid input. */
function requestUint64(value: string, field: string): bigint {
  if (!/^[0-9]{1,20}$/.test(value)) throw invalidArgument(field, JSON.stringify(value), 'a uint64');
  return BigInt(value);
}

const asPosition = (n: bigint): number => (n > BigInt(MAX_STREAM_SEQUENCE) ? MAX_STREAM_SEQUENCE : Number(n));

function parseRequest(request: StreamEventsRequest__Output, defaultHeartbeatMs: number): StreamSpec {
  const from = requestUint64(request.fromSequence, 'from_sequence');
  const fromSequence = from < 1n ? 1n : from;
  const to = requestUint64(request.toSequence, 'to_sequence');
  if (to !== 0n && to < fromSequence) {
    throw invalidArgument(
      'to_sequence',
      request.toSequence,
      `0 (unbounded) or at least from_sequence ${fromSequence}`,
    );
  }
  const heartbeatMs = request.heartbeatMs === 0 ? defaultHeartbeatMs : request.heartbeatMs;
  if (heartbeatMs < MIN_HEARTBEAT_MS || heartbeatMs > MAX_HEARTBEAT_MS) {
    throw invalidArgument(
      'heartbeat_ms',
      String(request.heartbeatMs),
      `0 (default) or ${MIN_HEARTBEAT_MS} to ${MAX_HEARTBEAT_MS}`,
    );
  }
  return {
    fromSequence: asPosition(fromSequence),
    toSequence: to === 0n ? undefined : asPosition(to),
    includePayload: request.includePayload,
    includeProof: request.includeProof,
    heartbeatMs,
    accept: newSealFilter(request.entryTypes, request.keyPrefix),
  };
}

const SHUTDOWN = 'shutdown';

/**
 * An export-only caller's bounded stream ends at the tip the journal has when it opens (it may not
 * follow the live journal); anyone else's is as asked.
 *
 * @param spec - the parsed request.
 * @param exportOnly - whether the caller may export but not stream (security/exportOnly.ts).
 * @param tip - the journal's last sequence number now.
 * @returns the spec, with `toSequence` at most `tip` for an export-only caller.
 */
export function capAtTip(spec: StreamSpec, exportOnly: boolean, tip: number): StreamSpec {
  if (!exportOnly || spec.toSequence === undefined || spec.toSequence <= tip) return spec;
  return { ...spec, toSequence: tip };
}

/**
 * Builds the StreamEvents handler and the registry of open streams.
 *
 * @param options - index, live seals, logger, bounds.
 * @returns the handler and the registry.
 */
export function newStreamEventsHandler(options: Readonly<StreamEventsHandlerOptions>): StreamEventsHandler {
  const { index, logger, metrics } = options;
  const open = new Set<AbortController>();
  const perClient = new Map<string, number>();
  const maxPerClient = options.maxStreamsPerClient ?? DEFAULT_MAX_STREAMS_PER_CLIENT;
  const maxBufferedSeals = options.maxBufferedSeals ?? DEFAULT_MAX_BUFFERED_SEALS;
  const defaultHeartbeatMs = options.defaultHeartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const source = {
    get size(): number {
      return index.size;
    },
    get: (seq: number) => index.get(seq),
    onSeals: options.seals.onSeals.bind(options.seals),
  };

  const toItem = (out: StreamOutput, spec: StreamSpec): StreamItem => {
    const treeSize = index.size;
    if (out.kind === 'control') {
      return {
        control: {
          reason: out.reason,
          lastSequence: String(out.lastSequence),
          treeSize: String(treeSize),
          rootHash: toHex(rootFromSource(index, treeSize)),
        },
      };
    }
    const seal = toSealedEvent(out.seal);
    if (!spec.includePayload) seal.payload = Buffer.alloc(0);
    if (!spec.includeProof) return { seal };
    return { seal, proof: toInclusionProof(index, out.seal, treeSize) };
  };

  /** Ends a stream that ran to its end: OK after END; UNAVAILABLE when the gateway shuts down. */
  const finish = (
    call: grpc.ServerWritableStream<unknown, StreamItem>,
    controller: AbortController,
    end: StreamEnd,
  ): void => {
    if (end.reason === 'END') {
      call.end();
    } else if (controller.signal.reason === SHUTDOWN) {
      throw new LedgerServiceError(
        status.UNAVAILABLE,
        `the gateway is shutting down; resume from sequence ${end.lastSequence + 1}`,
      );
    }
  };

  const serve = (call: grpc.ServerWritableStream<StreamEventsRequest__Output, StreamItem>): Promise<void> => {
    const spec = capAtTip(
      parseRequest(call.request, defaultHeartbeatMs),
      isExportOnly(call.request),
      index.size,
    );
    const client = streamClientKey(call.getAuthContext().sslPeerCertificate?.raw, call.getPeer());
    const held = perClient.get(client) ?? 0;
    if (held >= maxPerClient) {
      throw new LedgerServiceError(
        status.RESOURCE_EXHAUSTED,
        `this client already holds ${held} open StreamEvents calls (at most ${maxPerClient} per client); close one or retry later`,
      );
    }
    perClient.set(client, held + 1);
    const controller = new AbortController();
    const onCancel = (): void => {
      controller.abort('cancelled');
    };
    open.add(controller);
    call.on('cancelled', onCancel);
    const sink: StreamSink = {
      write: (out) => call.write(toItem(out, spec)),
      drained: () =>
        new Promise((resolve) => {
          call.once('drain', resolve);
        }),
    };
    return runStreamHandover({
      source,
      sink,
      fromSequence: spec.fromSequence,
      ...(spec.toSequence === undefined ? {} : { toSequence: spec.toSequence }),
      accept: spec.accept,
      maxBufferedSeals,
      ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
      heartbeatMs: spec.heartbeatMs,
      signal: controller.signal,
    })
      .then((end) => {
        finish(call, controller, end);
      })
      .finally(() => {
        open.delete(controller);
        call.off('cancelled', onCancel);
        const left = (perClient.get(client) ?? 1) - 1;
        if (left > 0) perClient.set(client, left);
        else perClient.delete(client);
      });
  };

  return {
    handler: serverStreamingCall({ logger, metrics }, 'StreamEvents', serve),
    get active(): number {
      return open.size;
    },
    closeAll: (): void => {
      for (const controller of open) controller.abort(SHUTDOWN);
    },
  };
}
