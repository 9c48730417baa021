/**
 * The auditor's trust file (`ledger-trust-v1`): which CAs issue each member org's gateway identities,
 * their CRLs, and optionally the pinned digest signers. It holds no secret. `ledger trust add` writes
 * it; `ledger verify-export|verify-receipt|verify --trust FILE` read it.
 *
 * ```
 * {"format":"ledger-trust-v1",
 *  "members":[{"mspId":"Org1MSP",
 *              "caCerts":["-----BEGIN CERTIFICATE-----…"],
 *              "crls":["-----BEGIN X509 CRL-----…"],                       optional, default []
 *              "signers":[{"subject":"O=Org1, OU=client, CN=gateway1"},   optional, default []:
 *                         {"spkiSha256":"64 hex"}]}]}                      any gateway identity
 * ```
 *
 * Pure: bytes in, trust out (and back); every error names the bad field.
 */
import { X509Certificate } from 'node:crypto';
import {
  crlIssuedBy,
  spkiSha256,
  type DigestSignerTrust,
  type SignerPin,
  type TrustedMember,
} from './digestSigner';

/** The `format` of a trust file. */
export const TRUST_FORMAT = 'ledger-trust-v1';

/** Thrown for a malformed trust file; `field` names the bad field (e.g. `members[0].caCerts[1]`). */
export class TrustFileError extends Error {
  /** The bad field. */
  readonly field: string;

  /**
   * @param field - the bad field.
   * @param message - what is wrong with it.
   */
  constructor(field: string, message: string) {
    super(`trust file ${field}: ${message}`);
    this.name = 'TrustFileError';
    this.field = field;
  }
}

type Json = Readonly<Record<string, unknown>>;

function object(value: unknown, field: string, keys: readonly string[], required: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TrustFileError(field, 'want a JSON object');
  }
  const o = value as Json;
  const unknown = Object.keys(o).find((k) => !keys.includes(k));
  if (unknown !== undefined) {
    const at = field === '' ? unknown : `${field}.${unknown}`;
    throw new TrustFileError(at, `unknown field (want ${keys.join(', ')})`);
  }
  const missing = required.find((k) => !Object.hasOwn(o, k));
  if (missing !== undefined)
    throw new TrustFileError(field === '' ? missing : `${field}.${missing}`, 'missing');
  return o;
}

function array(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new TrustFileError(field, 'want an array');
  return value as unknown[];
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new TrustFileError(field, 'want a non-empty string');
  return value;
}

function certificate(value: unknown, field: string): string {
  const pem = text(value, field);
  try {
    return new X509Certificate(pem).toString();
  } catch {
    throw new TrustFileError(field, 'not a PEM certificate');
  }
}

function pin(value: unknown, field: string): SignerPin {
  const o = object(value, field, ['subject', 'spkiSha256'], []);
  const keys = Object.keys(o);
  if (keys.length !== 1) throw new TrustFileError(field, 'want exactly one of subject, spkiSha256');
  if (o.subject !== undefined) return { subject: text(o.subject, `${field}.subject`) };
  const hex = text(o.spkiSha256, `${field}.spkiSha256`);
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new TrustFileError(`${field}.spkiSha256`, 'want 64 lowercase hex characters');
  }
  return { spkiSha256: hex };
}

function member(value: unknown, field: string): TrustedMember {
  const o = object(value, field, ['mspId', 'caCerts', 'crls', 'signers'], ['mspId', 'caCerts']);
  const caCerts = array(o.caCerts, `${field}.caCerts`).map((c, i) =>
    certificate(c, `${field}.caCerts[${i}]`),
  );
  if (caCerts.length === 0) throw new TrustFileError(`${field}.caCerts`, 'want at least one CA certificate');
  const crls = array(o.crls ?? [], `${field}.crls`).map((c, i) => {
    const at = `${field}.crls[${i}]`;
    const pem = text(c, at);
    let issued: boolean;
    try {
      issued = caCerts.some((ca) => crlIssuedBy(pem, ca));
    } catch (err) {
      throw new TrustFileError(at, err instanceof Error ? err.message : String(err));
    }
    if (!issued) throw new TrustFileError(at, "is not issued by one of the member's caCerts");
    return pem;
  });
  const signers = array(o.signers ?? [], `${field}.signers`).map((p, i) => pin(p, `${field}.signers[${i}]`));
  return { mspId: text(o.mspId, `${field}.mspId`), caCerts, crls, signers };
}

/**
 * Reads a trust file strictly: unknown fields, missing fields, malformed certificates, CRLs not
 * issued by the member's CAs, malformed pins and repeated MSP IDs are errors.
 *
 * @param bytes - the file's bytes.
 * @returns the trust.
 * @throws {@link TrustFileError} naming the bad field.
 */
export function parseTrustFile(bytes: Uint8Array): DigestSignerTrust {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new TrustFileError('(file)', 'not JSON');
  }
  const o = object(value, '', ['format', 'members'], ['format', 'members']);
  if (o.format !== TRUST_FORMAT) {
    throw new TrustFileError('format', `got ${JSON.stringify(o.format)}, want "${TRUST_FORMAT}"`);
  }
  const members = array(o.members, 'members').map((m, i) => member(m, `members[${i}]`));
  members.forEach((m, i) => {
    if (members.findIndex((n) => n.mspId === m.mspId) !== i) {
      throw new TrustFileError(`members[${i}].mspId`, `${m.mspId} is listed twice`);
    }
  });
  return { members };
}

/**
 * A trust file's text (two-space JSON and a newline), in the field order of {@link parseTrustFile}.
 *
 * @param trust - the trust to write.
 * @returns the file's content.
 */
export function encodeTrustFile(trust: DigestSignerTrust): string {
  const members = trust.members.map((m) => ({
    mspId: m.mspId,
    caCerts: m.caCerts,
    crls: m.crls,
    signers: m.signers,
  }));
  return `${JSON.stringify({ format: TRUST_FORMAT, members }, null, 2)}\n`;
}

/** What `ledger trust add` adds for one member. */
export interface TrustAddition {
  readonly mspId: string;
  /** PEM of a CA that issues the member's gateway identities. */
  readonly caCert: string;
  /** PEM of that CA's CRL: replaces any CRL of the same CA already listed. */
  readonly crl?: string;
  /** PEM of a gateway certificate to pin (by the SHA-256 of its SubjectPublicKeyInfo). */
  readonly pinCert?: string;
}

/**
 * Adds a member's CA (and CRL and pinned signer) to a trust, or extends the member already listed.
 *
 * @param trust - the trust so far (`{ members: [] }` for a new file).
 * @param addition - what to add.
 * @returns the new trust; `trust` is not changed.
 * @throws {@link TrustFileError} when a PEM is malformed or the CRL is not the CA's.
 */
export function addToTrust(trust: DigestSignerTrust, addition: TrustAddition): DigestSignerTrust {
  const caCert = certificate(addition.caCert, '--org-ca');
  const known = trust.members.find((m) => m.mspId === addition.mspId);
  const updated: TrustedMember = {
    mspId: addition.mspId,
    caCerts: [...(known?.caCerts ?? []).filter((c) => c !== caCert), caCert],
    crls: withCrl(known?.crls ?? [], caCert, addition.crl),
    signers: withPin(known?.signers ?? [], addition.pinCert),
  };
  const members =
    known === undefined ? [...trust.members, updated] : trust.members.map((m) => (m === known ? updated : m));
  return { members };
}

/** `crls` with `crl` (of `caCert`) in place of any older CRL of that CA. */
function withCrl(crls: readonly string[], caCert: string, crl: string | undefined): string[] {
  if (crl === undefined) return [...crls];
  try {
    if (!crlIssuedBy(crl, caCert)) throw new Error('is not issued by the CA of --org-ca');
    return [...crls.filter((c) => !crlIssuedBy(c, caCert)), crl];
  } catch (err) {
    throw new TrustFileError('--crl', err instanceof Error ? err.message : String(err));
  }
}

/** `signers` with the SPKI pin of `pinCert` added (once). */
function withPin(signers: readonly SignerPin[], pinCert: string | undefined): SignerPin[] {
  if (pinCert === undefined) return [...signers];
  const spki = spkiSha256(new X509Certificate(certificate(pinCert, '--pin-cert')));
  const known = signers.some((p) => 'spkiSha256' in p && p.spkiSha256 === spki);
  return known ? [...signers] : [...signers, { spkiSha256: spki }];
}
