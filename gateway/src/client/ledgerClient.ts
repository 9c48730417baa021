/**
 * A typed promise client for `ledger.ImmutableLedger`, plus offline verification of what it returns
 * (seal hashes, inclusion proofs against a digest, digest signatures).
 */
import * as grpc from '@grpc/grpc-js';
import { parseReceiptSeal, sealLeafHashChecked } from '../receipt/receipt';
import {
  channelOfSigningBytes,
  eventHash,
  fromHex,
  toHex,
  verifyDigestSignature,
  verifyInclusion,
  type LedgerDigest,
} from '../core';
import type { CertifiedEvent } from '../generated/ledger/CertifiedEvent';
import type { ConsistencyProof__Output } from '../generated/ledger/ConsistencyProof';
import type { GetHistoryRequest } from '../generated/ledger/GetHistoryRequest';
import type { HistoryPage__Output } from '../generated/ledger/HistoryPage';
import type { HealthCheckResponse__Output } from '../generated/ledger/HealthCheckResponse';
import type { ImmutableLedgerClient } from '../generated/ledger/ImmutableLedger';
import type { InclusionProof__Output } from '../generated/ledger/InclusionProof';
import type { LedgerDigest__Output } from '../generated/ledger/LedgerDigest';
import type { SealedEvent__Output } from '../generated/ledger/SealedEvent';
import type { StreamEventsRequest } from '../generated/ledger/StreamEventsRequest';
import type { StreamItem__Output } from '../generated/ledger/StreamItem';
import { loadLedgerProto } from '../proto/ledgerProto';

/** Options of {@link newLedgerClient}. */
export interface LedgerClientOptions {
  /** Plaintext (dev gateway). Otherwise TLS with `rootCertPem` (or the system roots). */
  readonly insecure?: boolean;
  readonly rootCertPem?: Uint8Array;
  /** Client certificate and key for a gateway that requires mutual TLS. */
  readonly clientCertPem?: Uint8Array;
  readonly clientKeyPem?: Uint8Array;
  /** Default per-call deadline in ms (default 30 000). */
  readonly timeoutMs?: number;
  /**
   * The channel whose journal every call reads or writes (sent as the `ledger-channel` metadata);
   * unset: the gateway's main channel.
   */
  readonly channel?: string;
}

/** The gRPC metadata key that chooses a call's channel (docs/gateway.md, "Channels"). */
export const CHANNEL_METADATA_KEY = 'ledger-channel';

/** The promise API. */
export interface LedgerClient {
  submitEvent(event: CertifiedEvent, timeoutMs?: number): Promise<SealedEvent__Output>;
  getEvent(sequenceNumber: number | string): Promise<SealedEvent__Output>;
  /**
   * The sealed entry of an event id of `submitterMspId`'s org (default: the gateway's own org; event
   * ids are scoped by the org that journals them), or of a write entry's Fabric tx id.
   */
  getEventById(eventId: string, submitterMspId?: string): Promise<SealedEvent__Output>;
  healthCheck(): Promise<HealthCheckResponse__Output>;
  getDigest(): Promise<LedgerDigest__Output>;
  getInclusionProof(
    sequenceNumber: number | string,
    treeSize?: number | string,
  ): Promise<InclusionProof__Output>;
  getConsistencyProof(
    firstSize: number | string,
    secondSize?: number | string,
  ): Promise<ConsistencyProof__Output>;
  /**
   * Opens a StreamEvents call (no deadline: streams watch cancellation instead). The call is an async
   * iterable of items; `cancel()` ends it. Resume after a disconnect with `fromSequence` = the last
   * seal's sequence number (or a control item's `lastSequence`) + 1.
   */
  streamEvents(request: StreamEventsRequest): grpc.ClientReadableStream<StreamItem__Output>;
  /**
   * One page of a key's revisions, oldest first (`{key}` or `{recordType, recordId}`, `pageSize`,
   * `pageToken` = the previous page's `nextPageToken`).
   */
  getHistory(request: GetHistoryRequest): Promise<HistoryPage__Output>;
  close(): void;
}

type Unary<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

/**
 * The metadata of every call of a client: `ledger-channel` when a channel is chosen.
 *
 * @param channel - the chosen channel, or undefined for the gateway's main channel.
 * @returns a fresh Metadata.
 */
export function channelMetadata(channel: string | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (channel !== undefined) metadata.set(CHANNEL_METADATA_KEY, channel);
  return metadata;
}

function call<Req, Res>(
  method: Unary<Req, Res>,
  request: Req,
  timeoutMs: number,
  channel: string | undefined,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, channelMetadata(channel), { deadline: Date.now() + timeoutMs }, (err, response) => {
      if (err !== null) reject(err);
      else if (response === undefined) reject(new Error('empty response'));
      else resolve(response);
    });
  });
}

/**
 * Connects to a gateway.
 *
 * @param address - host:port.
 * @param options - credentials and default deadline.
 * @returns the client.
 */
export function newLedgerClient(address: string, options: Readonly<LedgerClientOptions> = {}): LedgerClient {
  const { proto } = loadLedgerProto();
  const credentials = options.insecure === true ? grpc.credentials.createInsecure() : tlsCredentials(options);
  const client: ImmutableLedgerClient = new proto.ledger.ImmutableLedger(address, credentials);
  const timeout = options.timeoutMs ?? 30_000;
  const channel = options.channel;
  return {
    submitEvent: (event, timeoutMs) =>
      call(client.submitEvent.bind(client), event, timeoutMs ?? timeout, channel),
    getEvent: (sequenceNumber) =>
      call(client.getEvent.bind(client), { sequenceNumber: String(sequenceNumber) }, timeout, channel),
    getEventById: (eventId, submitterMspId = '') =>
      call(client.getEventById.bind(client), { eventId, submitterMspId }, timeout, channel),
    healthCheck: () => call(client.healthCheck.bind(client), {}, timeout, channel),
    getDigest: () => call(client.getDigest.bind(client), {}, timeout, channel),
    getInclusionProof: (sequenceNumber, treeSize = 0) =>
      call(
        client.getInclusionProof.bind(client),
        { sequenceNumber: String(sequenceNumber), treeSize: String(treeSize) },
        timeout,
        channel,
      ),
    getConsistencyProof: (firstSize, secondSize = 0) =>
      call(
        client.getConsistencyProof.bind(client),
        { firstSize: String(firstSize), secondSize: String(secondSize) },
        timeout,
        channel,
      ),
    streamEvents: (request) => client.streamEvents(request, channelMetadata(channel)),
    getHistory: (request) => call(client.getHistory.bind(client), request, timeout, channel),
    close: () => {
      client.close();
    },
  };
}

function tlsCredentials(options: Readonly<LedgerClientOptions>): grpc.ChannelCredentials {
  const pem = (bytes: Uint8Array | undefined): Buffer | null =>
    bytes === undefined ? null : Buffer.from(bytes);
  return grpc.credentials.createSsl(
    pem(options.rootCertPem),
    pem(options.clientKeyPem),
    pem(options.clientCertPem),
  );
}

/**
 * A seal as JSON, the way `ledger get` prints it and receipts hold it: bytes base64, every other
 * field as decoded.
 *
 * @param seal - a decoded SealedEvent.
 * @returns a plain JSON object.
 */
export function sealJson(seal: SealedEvent__Output): Record<string, unknown> {
  return { ...seal, payload: Buffer.from(seal.payload).toString('base64'), metadata: { ...seal.metadata } };
}

/**
 * The digest fields of a GetDigest answer. Its `channel` is that of the answer's signed bytes when they
 * are the v3 bytes of a channel other than the gateway's main one (so the signature covers it).
 */
export function digestOf(answer: LedgerDigest__Output): LedgerDigest {
  const channel = channelOfSigningBytes(new Uint8Array(answer.signedBytes));
  return {
    treeSize: Number(answer.treeSize),
    rootHash: fromHex(answer.rootHash, 'root_hash', 32),
    chainTipHash: fromHex(answer.chainTipHash, 'chain_tip_hash', 32),
    lastBlockNumber: BigInt(answer.lastBlockNumber),
    ...(channel === undefined ? {} : { channel }),
  };
}

/**
 * Recomputes a seal's event hash from its fields.
 *
 * @returns true when `event_hash` matches.
 */
export function verifySealHash(seal: SealedEvent__Output): boolean {
  const calculated = eventHash({
    sequenceNumber: BigInt(seal.sequenceNumber),
    eventId: seal.eventId,
    payload: new Uint8Array(seal.payload),
    previousHash: fromHex(seal.previousHash, 'previous_hash', 32),
  });
  return toHex(calculated) === seal.eventHash;
}

/** Outcome of {@link verifySealAgainstDigest}: `ok`, or which check failed. */
export type VerifyOutcome = { readonly ok: true } | { readonly ok: false; readonly failed: string };

/**
 * Checks, offline: the seal's hash, the digest signature against the certificate, and the inclusion
 * proof of the seal in the digest's tree.
 */
export function verifySealAgainstDigest(
  seal: SealedEvent__Output,
  proof: InclusionProof__Output,
  digestAnswer: LedgerDigest__Output,
  certificatePem: string = digestAnswer.certificatePem,
): VerifyOutcome {
  if (!verifySealHash(seal)) return { ok: false, failed: 'event_hash does not match the seal fields' };
  let leaf: Uint8Array;
  try {
    leaf = sealLeafHashChecked(parseReceiptSeal(sealJson(seal)));
  } catch (err) {
    return { ok: false, failed: err instanceof Error ? err.message : String(err) };
  }
  const digest = digestOf(digestAnswer);
  if (!verifyDigestSignature(digest, new Uint8Array(digestAnswer.signature), certificatePem)) {
    return { ok: false, failed: 'digest signature does not verify against the certificate' };
  }
  if (Number(proof.treeSize) !== digest.treeSize)
    return {
      ok: false,
      failed: `proof tree size ${proof.treeSize} is not the digest tree size ${digest.treeSize}`,
    };
  try {
    verifyInclusion(
      leaf,
      Number(seal.leafIndex),
      digest.treeSize,
      proof.hashes.map((h, i) => fromHex(h, `hashes[${i}]`, 32)),
      digest.rootHash,
    );
  } catch (err) {
    return { ok: false, failed: `inclusion proof: ${err instanceof Error ? err.message : String(err)}` };
  }
  return { ok: true };
}
