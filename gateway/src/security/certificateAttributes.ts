/**
 * Reads the attributes a Fabric CA writes into an enrollment certificate: the X.509 extension with OID
 * 1.2.3.4.5.6.7.8.1 whose value is the JSON `{"attrs":{"ledger.role":"teller",…}}`. Pure: DER in,
 * attributes out (node:crypto's X509Certificate does not expose unknown extensions).
 */

/** DER of the OID 1.2.3.4.5.6.7.8.1 (tag 0x06, length 8, 1*40+2=0x2a, then 3..8, 1). */
const FABRIC_ATTRS_OID = Uint8Array.from([0x06, 0x08, 0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]);

const TAG_SEQUENCE = 0x30;
const TAG_BOOLEAN = 0x01;
const TAG_OCTET_STRING = 0x04;

/** One DER element: tag, where its content starts and ends. */
interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** The element at `offset`, or undefined when the bytes there are not a well-formed TLV within `limit`. */
function readTlv(der: Uint8Array, offset: number, limit: number): Tlv | undefined {
  const tag = der[offset];
  const first = der[offset + 1];
  if (tag === undefined || first === undefined) return undefined;
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = der[start + i];
      if (byte === undefined) return undefined;
      length = length * 256 + byte;
    }
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

function startsWithOid(der: Uint8Array, at: number): boolean {
  return FABRIC_ATTRS_OID.every((byte, i) => der[at + i] === byte);
}

/** The extension value (content of the OCTET STRING) of a SEQUENCE that starts with our OID. */
function extensionValue(der: Uint8Array, seq: Tlv): Uint8Array | undefined {
  if (!startsWithOid(der, seq.start)) return undefined;
  let next = readTlv(der, seq.start + FABRIC_ATTRS_OID.length, seq.end);
  if (next?.tag === TAG_BOOLEAN) next = readTlv(der, next.end, seq.end);
  return next?.tag === TAG_OCTET_STRING ? der.subarray(next.start, next.end) : undefined;
}

/** Depth-first search of constructed elements for the Fabric attribute extension. */
function findExtension(der: Uint8Array, start: number, end: number, depth: number): Uint8Array | undefined {
  let offset = start;
  while (offset < end) {
    const tlv = readTlv(der, offset, end);
    if (tlv === undefined) return undefined;
    if (tlv.tag === TAG_SEQUENCE) {
      const value = extensionValue(der, tlv);
      if (value !== undefined) return value;
    }
    // Constructed (bit 6): SEQUENCE, SET and the [3] wrapper of the extensions.
    if (tlv.tag & 0x20 && depth < 8) {
      const found = findExtension(der, tlv.start, tlv.end, depth + 1);
      if (found !== undefined) return found;
    }
    offset = tlv.end;
  }
  return undefined;
}

/**
 * The Fabric CA attributes of a certificate.
 *
 * @param der - the certificate in DER (e.g. `X509Certificate.raw` or `PeerCertificate.raw`).
 * @returns attribute name → value; empty when the certificate has no (readable) attribute extension.
 */
export function fabricAttributes(der: Uint8Array): Readonly<Record<string, string>> {
  const value = findExtension(der, 0, der.length, 0);
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value).toString('utf8'));
  } catch {
    return {};
  }
  const attrs =
    typeof parsed === 'object' && parsed !== null ? (parsed as { attrs?: unknown }).attrs : undefined;
  if (typeof attrs !== 'object' || attrs === null) return {};
  const result: Record<string, string> = {};
  for (const [name, v] of Object.entries(attrs)) if (typeof v === 'string') result[name] = v;
  return result;
}

/** The attribute that carries a ledger user's role (the chaincode reads the same one). */
export const ROLE_ATTRIBUTE = 'ledger.role';

/**
 * The `ledger.role` of a certificate.
 *
 * @param der - the certificate in DER.
 * @returns the role, or '' when the certificate carries none.
 */
export function ledgerRole(der: Uint8Array): string {
  return fabricAttributes(der)[ROLE_ATTRIBUTE] ?? '';
}
