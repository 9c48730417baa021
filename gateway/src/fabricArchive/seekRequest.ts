/**
 * The request of Fabric's Deliver service (the orderer's AtomicBroadcast/Deliver or a peer's
 * Deliver): a signed `common.Envelope` whose payload has a DELIVER_SEEK_INFO channel header, the
 * caller's serialized identity in the signature header, and a `orderer.SeekInfo` as data; and the
 * parsing of the `orderer.DeliverResponse` messages that answer it, keeping a block's bytes exactly as
 * sent. Pure.
 */
import { randomBytes } from 'node:crypto';
import { common, msp, orderer } from '@hyperledger/fabric-protos';

/** Where a seek starts or stops. */
export type SeekPoint = { readonly block: number } | 'newest';

function position(point: SeekPoint): orderer.SeekPosition {
  const p = new orderer.SeekPosition();
  if (point === 'newest') p.setNewest(new orderer.SeekNewest());
  else {
    const specified = new orderer.SeekSpecified();
    specified.setNumber(point.block);
    p.setSpecified(specified);
  }
  return p;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

/**
 * Appends `timestamp` (field 3, a google.protobuf.Timestamp) to a serialized ChannelHeader: a field
 * may come in any order on the wire, and this avoids a dependency on google-protobuf's own classes.
 */
function withTimestamp(channelHeader: Uint8Array, at: Date): Uint8Array {
  const millis = at.getTime();
  const seconds = Math.floor(millis / 1000);
  const nanos = (millis - seconds * 1000) * 1_000_000;
  const timestamp = [0x08, ...varint(seconds), ...(nanos > 0 ? [0x10, ...varint(nanos)] : [])];
  return Uint8Array.from([...channelHeader, 0x1a, ...varint(timestamp.length), ...timestamp]);
}

/** What to ask for. */
export interface SeekRequest {
  readonly channel: string;
  readonly mspId: string;
  /** PEM certificate of the caller. */
  readonly certificate: Uint8Array;
  readonly start: SeekPoint;
  readonly stop: SeekPoint;
  /**
   * SHA-256 of the DER client certificate of a mutual TLS connection: a service that requires client
   * certificates checks that the request names the certificate of its connection.
   */
  readonly tlsCertHash?: Uint8Array;
  /** For tests: the time of the request (default now). */
  readonly now?: Date;
  /** For tests: the nonce (default 24 random bytes). */
  readonly nonce?: Uint8Array;
}

/**
 * The payload of a seek request (what the caller signs).
 *
 * @param request - channel, caller, range.
 * @returns the serialized common.Payload.
 */
export function seekPayload(request: SeekRequest): Uint8Array {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.DELIVER_SEEK_INFO);
  channelHeader.setChannelId(request.channel);
  channelHeader.setEpoch(0);
  if (request.tlsCertHash !== undefined) channelHeader.setTlsCertHash(request.tlsCertHash);
  const identity = new msp.SerializedIdentity();
  identity.setMspid(request.mspId);
  identity.setIdBytes(request.certificate);
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(identity.serializeBinary());
  signatureHeader.setNonce(request.nonce ?? randomBytes(24));
  const header = new common.Header();
  header.setChannelHeader(withTimestamp(channelHeader.serializeBinary(), request.now ?? new Date()));
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const seekInfo = new orderer.SeekInfo();
  seekInfo.setStart(position(request.start));
  seekInfo.setStop(position(request.stop));
  seekInfo.setBehavior(orderer.SeekInfo.SeekBehavior.BLOCK_UNTIL_READY);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(seekInfo.serializeBinary());
  return payload.serializeBinary();
}

/**
 * The signed envelope of a seek request.
 *
 * @param payload - {@link seekPayload}.
 * @param signature - the caller's signature over the payload.
 * @returns the serialized common.Envelope.
 */
export function seekEnvelope(payload: Uint8Array, signature: Uint8Array): Uint8Array {
  const envelope = new common.Envelope();
  envelope.setPayload(payload);
  envelope.setSignature(signature);
  return envelope.serializeBinary();
}

/** One `orderer.DeliverResponse`: a block (its bytes as sent) or the final status. */
export type DeliverMessage =
  | { readonly kind: 'block'; readonly block: Uint8Array }
  | { readonly kind: 'status'; readonly status: number };

/** Thrown for a response that is neither a block nor a status. */
export class DeliverResponseError extends Error {
  override readonly name = 'DeliverResponseError';
}

function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const byte = bytes[i] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 0x80;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new DeliverResponseError('a varint runs past the end of the response');
}

/**
 * Parses a DeliverResponse from the wire: field 1 `status` (varint), field 2 `block` (bytes, kept
 * exactly as sent: the archive stores what the service signed, not a re-encoding).
 *
 * @param bytes - the serialized orderer.DeliverResponse.
 * @returns the block or the status.
 * @throws DeliverResponseError when it holds neither (a filtered block, a malformed message).
 */
export function parseDeliverResponse(bytes: Uint8Array): DeliverMessage {
  let offset = 0;
  let found: DeliverMessage | undefined;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    offset = tag.next;
    if (wireType === 0) {
      const v = readVarint(bytes, offset);
      offset = v.next;
      if (field === 1) found = { kind: 'status', status: v.value };
    } else if (wireType === 2) {
      const length = readVarint(bytes, offset);
      const end = length.next + length.value;
      if (end > bytes.length) throw new DeliverResponseError('a field runs past the end of the response');
      if (field === 2) found = { kind: 'block', block: bytes.slice(length.next, end) };
      offset = end;
    } else {
      throw new DeliverResponseError(`unexpected wire type ${wireType} of field ${field}`);
    }
  }
  if (found === undefined) throw new DeliverResponseError('the response holds neither a block nor a status');
  return found;
}
