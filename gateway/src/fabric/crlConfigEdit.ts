/**
 * Pure edit of a channel configuration in configtxlator's JSON form (common.Config): put a CA's
 * certificate revocation list (CRL) into an application org's MSP `revocation_list`, in place of the
 * older CRL of the same CA. Fabric's MSP refuses every certificate a CRL of its issuer lists.
 */
import { ChannelConfigEditError, type JsonObject } from './channelConfigEdit';

/** What {@link withCrl} did. */
export interface CrlEdit {
  /** The edited configuration (the input is left untouched). */
  readonly config: JsonObject;
  /** False when the org's MSP already held exactly this CRL (nothing to update). */
  readonly changed: boolean;
  /** How many older CRLs of the same issuer were replaced. */
  readonly replaced: number;
}

/** One DER element: its tag, where its content starts and ends in the buffer. */
interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/** The length of a long-form DER length field: its value, or undefined when it is malformed. */
function longLength(der: Buffer, start: number, bytes: number): number | undefined {
  if (bytes === 0 || bytes > 4 || start + bytes > der.length) return undefined;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? 0);
  return length;
}

function derElement(der: Buffer, offset: number): DerElement {
  if (offset + 2 > der.length) throw new ChannelConfigEditError('CRL: truncated DER');
  const tag = der[offset] ?? 0;
  const first = der[offset + 1] ?? 0;
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  const length = first & 0x80 ? longLength(der, offset + 2, lengthBytes) : first;
  if (length === undefined) throw new ChannelConfigEditError('CRL: bad DER length');
  const contentStart = offset + 2 + lengthBytes;
  const end = contentStart + length;
  if (end > der.length) throw new ChannelConfigEditError('CRL: truncated DER');
  return { tag, start: offset, contentStart, end };
}

function expectTag(element: DerElement, tag: number, what: string): DerElement {
  if (element.tag !== tag) {
    throw new ChannelConfigEditError(
      `CRL: ${what} has tag 0x${element.tag.toString(16)}, want 0x${tag.toString(16)}`,
    );
  }
  return element;
}

/**
 * The DER of a CRL: PEM (`-----BEGIN X509 CRL-----`) or DER bytes as they are.
 * @throws ChannelConfigEditError when the text is PEM of something else.
 */
export function crlDer(crl: Uint8Array): Buffer {
  const bytes = Buffer.from(crl);
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return bytes;
  const match = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+)-----END X509 CRL-----/.exec(text);
  if (match?.[1] === undefined) throw new ChannelConfigEditError('CRL: PEM without an X509 CRL block');
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/**
 * The issuer Name (its DER bytes) of a CRL: CertificateList → tbsCertList → [version] signature issuer.
 * @throws ChannelConfigEditError when the bytes are not a CRL.
 */
export function crlIssuer(crl: Uint8Array): Buffer {
  const der = crlDer(crl);
  const certificateList = expectTag(derElement(der, 0), SEQUENCE, 'CertificateList');
  const tbs = expectTag(derElement(der, certificateList.contentStart), SEQUENCE, 'tbsCertList');
  let next = derElement(der, tbs.contentStart);
  if (next.tag === INTEGER) next = derElement(der, next.end); // optional version
  const signature = expectTag(next, SEQUENCE, 'signature algorithm');
  const issuer = expectTag(derElement(der, signature.end), SEQUENCE, 'issuer');
  return der.subarray(issuer.start, issuer.end);
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function child(parent: unknown, key: string, where: string): JsonObject {
  const value = isObject(parent) ? parent[key] : undefined;
  if (!isObject(value)) throw new ChannelConfigEditError(`channel configuration: no ${where}`);
  return value;
}

/**
 * The configuration with `crlPem` in the revocation list of application org `mspId`'s MSP, replacing
 * every CRL there from the same issuer; CRLs of other issuers stay, in their order, the new one last.
 *
 * @param config - configtxlator JSON of common.Config.
 * @param mspId - the application org, e.g. `Org1MSP`.
 * @param crlPem - the CA's new CRL (PEM, as fabric-ca's gencrl returns it).
 * @throws ChannelConfigEditError when the org or its MSP value is missing, or a CRL cannot be read.
 */
export function withCrl(config: JsonObject, mspId: string, crlPem: string): CrlEdit {
  const edited = structuredClone(config);
  const orgs = child(
    child(child(edited, 'channel_group', 'channel_group'), 'groups', 'groups'),
    'Application',
    'Application group',
  );
  const org = child(child(orgs, 'groups', 'Application groups'), mspId, `application org ${mspId}`);
  const msp = child(
    child(child(org, 'values', `values of ${mspId}`), 'MSP', `MSP value of ${mspId}`),
    'value',
    `MSP value of ${mspId}`,
  );
  const fabricConfig = child(msp, 'config', `FabricMSPConfig of ${mspId}`);
  const current = fabricConfig.revocation_list ?? [];
  if (!Array.isArray(current) || !current.every((x): x is string => typeof x === 'string')) {
    throw new ChannelConfigEditError(
      `channel configuration: revocation_list of ${mspId} is not a list of base64 strings`,
    );
  }
  const issuer = crlIssuer(Buffer.from(crlPem, 'utf8'));
  const encoded = Buffer.from(crlPem, 'utf8').toString('base64');
  const kept = current.filter((b64) => !crlIssuer(Buffer.from(b64, 'base64')).equals(issuer));
  const replaced = current.length - kept.length;
  const next = [...kept, encoded];
  fabricConfig.revocation_list = next;
  const changed = next.length !== current.length || next.some((b64, i) => b64 !== current[i]);
  return { config: changed ? edited : config, changed, replaced: changed ? replaced : 0 };
}
