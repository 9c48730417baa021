/**
 * SubmitEvent: admission (calls and request bytes in flight), the event's checks, its VEPS signature,
 * the caller journaled as its client, the duplicate check in the index, then the batching submitter
 * until the seal or the call's deadline. Every refusal is thrown; the call adapter answers it.
 */
import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { EventClient } from '@fabric-ledger/chaincode/shared';
import type { SealRecord } from '../core/sealRecord';
import type { CertifiedEvent__Output } from '../generated/ledger/CertifiedEvent';
import type { SealedEvent } from '../generated/ledger/SealedEvent';
import type { JournalIndex } from '../index/journalIndex';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../metrics/gatewayMetrics';
import { LedgerServiceError } from '../proto/serviceErrors';
import type { AdmissionGate } from '../security/admissionGate';
import { eventClientOf } from '../security/eventClient';
import { overloaded } from '../security/overload';
import type { ConsortiumVepsKeys } from '../veps/consortiumVepsKeys';
import { requireVepsSignature, type VepsKey } from '../veps/vepsSignature';
import type { DigestIdentity } from '../wire/ledgerDigest';
import { toSealedEvent } from '../wire/sealedEvent';
import type { UnaryAnswer } from './callAdapter';
import type { EventSubmitter } from './eventSubmitter';
import { sealHoldsEvent } from './sealContent';
import { toJournalEvent } from './validation';

/** Options of {@link newSubmitEvent}. */
export interface SubmitEventOptions {
  readonly index: JournalIndex;
  readonly submitter: EventSubmitter;
  /**
   * The gateway org's identity: its MSP scopes the duplicate check; its certificate is the journaled
   * client of a caller without one.
   */
  readonly identity: Pick<DigestIdentity, 'mspId' | 'certificatePem'>;
  readonly logger: Logger;
  readonly sealTimeoutMs: number;
  /**
   * This gateway's own VEPS keys: when non-empty and the consortium has none, SubmitEvent requires a
   * `veps_signature` by one of them (UNAUTHENTICATED otherwise).
   */
  readonly vepsKeys?: readonly VepsKey[];
  /**
   * The consortium's VEPS keys (`Governance:GetVepsKeys`): when it has any, SubmitEvent requires a
   * `veps_signature` by one of them (INVALID_ARGUMENT otherwise, as `Journal:SubmitEvents` would refuse
   * the event), whatever the local keys.
   */
  readonly consortiumVepsKeys?: Pick<ConsortiumVepsKeys, 'current'>;
  /** Where outcomes, latencies and errors are counted. */
  readonly metrics?: GatewayMetrics;
  /** Bounds SubmitEvent calls in flight; a call beyond it fails at once with RESOURCE_EXHAUSTED. */
  readonly submitGate?: AdmissionGate;
  /** Bounds the request bytes SubmitEvent calls in flight hold (weights: {@link submitRequestBytes}). */
  readonly submitBytesGate?: AdmissionGate;
}

/** A call whose TLS peer certificate can be read (a real gRPC call; test fakes may lack it). */
interface AuthenticatedCall {
  readonly getAuthContext?: () => { readonly sslPeerCertificate?: { readonly raw?: Uint8Array } };
}

/**
 * The client journaled with a submitted event: the caller's mutual-TLS certificate when it sent one,
 * else `own` (the gateway's identity).
 */
function callerClient(call: AuthenticatedCall, own: EventClient | undefined): EventClient | undefined {
  const raw = call.getAuthContext?.().sslPeerCertificate?.raw;
  if (raw === undefined) return own;
  try {
    return eventClientOf(raw);
  } catch {
    return own;
  }
}

/** The gateway's own identity as a journal client; undefined when its certificate does not parse. */
function ownClient(certificatePem: string): EventClient | undefined {
  try {
    return eventClientOf(certificatePem);
  } catch {
    return undefined;
  }
}

/** What a SubmitEvent request holds in memory, roughly: its strings and payload, in bytes. */
export function submitRequestBytes(request: Readonly<CertifiedEvent__Output>): number {
  let bytes = request.payload.length + request.eventId.length + request.vepsSignature.length;
  for (const [key, value] of Object.entries(request.metadata)) bytes += key.length + value.length;
  return bytes;
}

function remainingMs(call: grpc.ServerUnaryCall<unknown, unknown>, fallbackMs: number): number {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  if (!Number.isFinite(at)) return fallbackMs;
  return Math.max(0, at - Date.now());
}

function withTimeout<T>(promise: Promise<T>, ms: number, eventId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new LedgerServiceError(
          status.DEADLINE_EXCEEDED,
          `event ${JSON.stringify(eventId)} was not sealed within ${ms} ms; it may still be sealed later: look it up with GetEventById`,
        ),
      );
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * Builds the SubmitEvent answer.
 *
 * @param options - index, submitter, identity, VEPS keys, bounds.
 * @returns the answer for {@link unaryCall} (`callAdapter.ts`).
 */
export function newSubmitEvent(
  options: Readonly<SubmitEventOptions>,
): UnaryAnswer<CertifiedEvent__Output, SealedEvent> {
  const { index, submitter, logger, metrics } = options;
  const vepsKeys = options.vepsKeys ?? [];
  const own = ownClient(options.identity.certificatePem);
  return (call) => {
    const receivedAt = performance.now();
    const gate = options.submitGate;
    const releaseCall = gate?.tryAcquire();
    if (gate !== undefined && releaseCall === undefined) {
      throw overloaded('SubmitEvent calls in flight', gate.limit);
    }
    const bytesGate = options.submitBytesGate;
    const releaseBytes = bytesGate?.tryAcquire(submitRequestBytes(call.request));
    if (bytesGate !== undefined && releaseBytes === undefined) {
      releaseCall?.();
      throw overloaded('request bytes held by SubmitEvent calls in flight', bytesGate.limit);
    }
    const release = (): void => {
      releaseCall?.();
      releaseBytes?.();
    };
    // Payload bytes reach the log only at debug level (the logger shows a byte count otherwise).
    logger.debug('SubmitEvent received', {
      eventId: call.request.eventId,
      payload: call.request.payload,
    });
    const run = async (): Promise<SealedEvent> => {
      const checked = toJournalEvent(call.request);
      const client = callerClient(call, own);
      const event = client === undefined ? checked : { ...checked, client };
      const consortiumKeys = options.consortiumVepsKeys?.current() ?? [];
      if (consortiumKeys.length > 0 || vepsKeys.length > 0) {
        const { eventId, payload, vepsSignature, metadata } = call.request;
        const fields = { eventId, payload, metadata, vepsTimestamp: Number(event.vepsTimestamp) };
        if (consortiumKeys.length > 0) {
          requireVepsSignature(consortiumKeys, fields, vepsSignature, 'consortium');
        } else {
          requireVepsSignature(vepsKeys, fields, vepsSignature, 'local');
        }
      }
      const existing = index.findEvent(event.eventId, options.identity.mspId);
      let seal: SealRecord;
      if (existing !== undefined) {
        if (!sealHoldsEvent(existing, event)) {
          throw new LedgerServiceError(
            status.ALREADY_EXISTS,
            `event_id ${JSON.stringify(event.eventId)} is already used by an event with different content (sequence number ${existing.sequenceNumber})`,
          );
        }
        seal = existing;
      } else {
        seal = await withTimeout(
          submitter.submit(event),
          remainingMs(call, options.sealTimeoutMs),
          event.eventId,
        );
      }
      return toSealedEvent(seal, Math.round(performance.now() - receivedAt));
    };
    return run()
      .finally(() => {
        release();
      })
      .then((sealed) => {
        metrics?.submitFinished(status.OK, performance.now() - receivedAt);
        return sealed;
      });
  };
}
