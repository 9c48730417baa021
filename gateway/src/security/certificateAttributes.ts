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

const TAG_EXTENSIONS = 0xa3; // [3] EXPLICIT, constructed: the extensions of a v3 TBSCertificate

/** The elements inside a constructed element, in order; stops at the first malformed one. */
function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const tlv = readTlv(der, offset, parent.end);
    if (tlv === undefined) break;
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** Whether the element is exactly the OID 1.2.3.4.5.6.7.8.1 (tag, length and content). */
function isAttrsOid(der: Uint8Array, tlv: Tlv): boolean {
  const content = FABRIC_ATTRS_OID.subarray(2);
  return (
    tlv.tag === FABRIC_ATTRS_OID[0] &&
    tlv.end - tlv.start === content.length &&
    content.every((byte, i) => der[tlv.start + i] === byte)
  );
}

/** The extension value (content of the OCTET STRING) of an Extension whose extnID is our OID. */
function extensionValue(der: Uint8Array, extension: Tlv): Uint8Array | undefined {
  if (extension.tag !== TAG_SEQUENCE) return undefined;
  const [id, second, third] = children(der, extension);
  if (id === undefined || !isAttrsOid(der, id)) return undefined;
  const value = second?.tag === TAG_BOOLEAN ? third : second;
  return value?.tag === TAG_OCTET_STRING ? der.subarray(value.start, value.end) : undefined;
}

/**
 * The Fabric attribute extension's value, read from the certificate's structure only:
 * Certificate → tbsCertificate → [3] extensions → SEQUENCE OF Extension. The OID's bytes anywhere
 * else (a subject, an issuer, another extension's value) are not an attribute extension.
 */
function findExtension(der: Uint8Array): Uint8Array | undefined {
  const certificate = readTlv(der, 0, der.length);
  if (certificate?.tag !== TAG_SEQUENCE) return undefined;
  const tbs = children(der, certificate)[0];
  if (tbs?.tag !== TAG_SEQUENCE) return undefined;
  const wrapper = children(der, tbs).find((tlv) => tlv.tag === TAG_EXTENSIONS);
  const list = wrapper === undefined ? undefined : children(der, wrapper)[0];
  if (list?.tag !== TAG_SEQUENCE) return undefined;
  for (const extension of children(der, list)) {
    const value = extensionValue(der, extension);
    if (value !== undefined) return value;
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
  const value = findExtension(der);
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
