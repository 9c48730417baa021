/**
 * The two hashes Fabric puts in a block header, computed as Fabric 2.5 does (protoutil): the header
 * hash is SHA-256 of the ASN.1 DER `SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET
 * STRING data_hash }` (BlockHeaderBytes), the data hash is SHA-256 of the concatenation of the block's
 * envelopes (ComputeBlockDataHash). Pure.
 */
import { sha256 } from '../core';

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function derElement(tag: number, body: Uint8Array): Uint8Array {
  const length = derLength(body.length);
  const out = new Uint8Array(1 + length.length + body.length);
  out[0] = tag;
  out.set(length, 1);
  out.set(body, 1 + length.length);
  return out;
}

/** A non-negative INTEGER body: minimal big-endian, a leading zero when the top bit is set. */
function unsignedIntegerBody(value: bigint): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  if (bytes.length === 0 || ((bytes[0] ?? 0) & 0x80) !== 0) bytes.unshift(0);
  return Uint8Array.from(bytes);
}

/** The fields of a block header. */
export interface BlockHeaderFields {
  readonly number: bigint | number;
  readonly previousHash: Uint8Array;
  readonly dataHash: Uint8Array;
}

/**
 * The bytes Fabric hashes and signs for a block header (protoutil.BlockHeaderBytes).
 *
 * @param header - number, previous hash, data hash.
 * @returns the DER encoding.
 * @throws RangeError when the number is negative.
 */
export function blockHeaderBytes(header: BlockHeaderFields): Uint8Array {
  const number = BigInt(header.number);
  if (number < 0n) throw new RangeError(`block number: got ${number}, want a non-negative integer`);
  const body = [
    derElement(0x02, unsignedIntegerBody(number)),
    derElement(0x04, header.previousHash),
    derElement(0x04, header.dataHash),
  ];
  const joined = new Uint8Array(body.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of body) {
    joined.set(part, offset);
    offset += part.length;
  }
  return derElement(0x30, joined);
}

/**
 * The hash of a block header, which the next block names as its previous hash (protoutil.BlockHeaderHash).
 *
 * @param header - number, previous hash, data hash.
 * @returns SHA-256 of {@link blockHeaderBytes}.
 */
export function blockHeaderHash(header: BlockHeaderFields): Uint8Array {
  return sha256(blockHeaderBytes(header));
}

/**
 * The data hash of a block (protoutil.ComputeBlockDataHash, Fabric 2.5): SHA-256 of its envelopes,
 * concatenated in order.
 *
 * @param envelopes - `block.data.data`.
 * @returns the 32-byte hash.
 */
export function blockDataHash(envelopes: readonly Uint8Array[]): Uint8Array {
  return sha256(...envelopes);
}
