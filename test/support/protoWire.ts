// A minimal protobuf wire encoder for fuzzing: it writes any field number with any wire type and any
// bytes, so a test can send what a generated client never would (invalid UTF-8 in strings, negative or
// overflowing varints, wrong wire types).

/** One field on the wire. */
export type WireField =
  | { readonly no: number; readonly kind: 'varint'; readonly value: bigint }
  | { readonly no: number; readonly kind: 'bytes'; readonly value: Uint8Array };

const TWO_64 = 2n ** 64n;

/** A varint of a value taken modulo 2^64 (negative numbers as two's complement, 10 bytes). */
export function varint(value: bigint): Buffer {
  let v = ((value % TWO_64) + TWO_64) % TWO_64;
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? byte : byte | 0x80);
  } while (v !== 0n);
  return Buffer.from(out);
}

/** Encodes fields in order (repeats allowed). */
export function encodeFields(fields: readonly WireField[]): Buffer {
  return Buffer.concat(
    fields.map((f) =>
      f.kind === 'varint'
        ? Buffer.concat([varint(BigInt(f.no << 3)), varint(f.value)])
        : Buffer.concat([
            varint(BigInt((f.no << 3) | 2)),
            varint(BigInt(f.value.length)),
            Buffer.from(f.value),
          ]),
    ),
  );
}
