/**
 * Who may sign a ledger digest. A digest (and so every export, receipt and proof checked against it)
 * is trustworthy only when signed by a GATEWAY identity of a member org: a certificate
 *
 * - issued by one of the member's trusted CA certificates (name and signature checked);
 * - carrying the Fabric CA attribute `ledger.role` = `gateway` (extension 1.2.3.4.5.6.7.8.1);
 * - within its validity dates at the verification time;
 * - with the digitalSignature key usage, when it has a key usage extension;
 * - not revoked by a CRL of its issuing CA (the CRL's signature checked against that CA);
 * - and, when the auditor pinned the member's signers, matching one pin (its subject, or the SHA-256
 *   of its SubjectPublicKeyInfo DER).
 *
 * Any other certificate of the org's CA (a teller's, a role-less user's) is
 * refused. Pure: PEM and the verification time in, a verdict naming why out; no I/O, no clock.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList, id_ce_keyUsage, KeyUsage, KeyUsageFlags, Certificate } from '@peculiar/asn1-x509';
import { ledgerRole, ROLE_ATTRIBUTE } from './certificateAttributes';

/** The `ledger.role` a digest signer's certificate must carry. */
export const GATEWAY_ROLE = 'gateway';

/** A pinned digest signer: its subject (RDNs joined with ", ") or the SHA-256 hex of its SPKI DER. */
export type SignerPin = { readonly subject: string } | { readonly spkiSha256: string };

/** What an auditor trusts of one member org. */
export interface TrustedMember {
  /** The member's MSP ID ('' when unknown, e.g. a bare `--org-ca`). */
  readonly mspId: string;
  /** PEM certificates of the CAs that issue the member's gateway identities. */
  readonly caCerts: readonly string[];
  /** PEM CRLs of those CAs; a CRL not signed by the certificate's issuing CA is ignored. */
  readonly crls: readonly string[];
  /** Pinned signers; empty: any gateway certificate of the member's CAs. */
  readonly signers: readonly SignerPin[];
}

/** The trust anchors of digest signers. */
export interface DigestSignerTrust {
  readonly members: readonly TrustedMember[];
}

/** The outcome of {@link checkDigestSigner}. */
export type SignerVerdict =
  | { readonly ok: true; readonly subject: string; readonly mspId: string }
  | { readonly ok: false; readonly subject: string; readonly reason: string };

/** What a verifier needs to check digest signers: the anchors and the verification time. */
export interface SignerPolicy {
  readonly trust: DigestSignerTrust;
  /** The time the signer's certificate must be valid at (callers pass `new Date()` for now). */
  readonly at: Date;
}

/**
 * The trust of a bare org CA certificate (`--org-ca`): that CA, its CRLs, any gateway identity.
 *
 * @param caPem - the CA certificate, PEM.
 * @param crls - PEM CRLs of that CA.
 * @returns a trust with one member whose MSP ID is unknown.
 */
export function trustOfOrgCa(caPem: string, crls: readonly string[] = []): DigestSignerTrust {
  return { members: [{ mspId: '', caCerts: [caPem], crls, signers: [] }] };
}

/**
 * A certificate's subject on one line, RDNs joined with ", " (as `eventClientOf` and pins write it).
 *
 * @param cert - the certificate.
 * @returns e.g. `O=Org1, OU=client, CN=gateway1`.
 */
export function subjectLine(cert: X509Certificate): string {
  return cert.subject.replace(/\n/g, ', ');
}

/**
 * SHA-256 hex of a certificate's SubjectPublicKeyInfo DER (what a `spkiSha256` pin holds).
 *
 * @param cert - the certificate.
 * @returns 64 lowercase hex characters.
 */
export function spkiSha256(cert: X509Certificate): string {
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

/**
 * ISO 8601 to the second.
 *
 * @param date - the time.
 * @returns e.g. `2026-01-01T00:00:00Z`.
 */
export const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const DER_HASHES: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/**
 * A CRL if it is `ca`'s (same issuer name) and its signature verifies against `ca`'s key; undefined
 * when it is another CA's.
 *
 * @throws {@link Error} when it names `ca` as issuer but is not signed by it (or cannot be read).
 */
function crlOf(pem: string, ca: X509Certificate): CertificateList | undefined {
  const list = AsnConvert.parse(pemBody(pem, 'X509 CRL'), CertificateList);
  const caCert = AsnConvert.parse(ca.raw, Certificate);
  const sameIssuer = Buffer.from(AsnConvert.serialize(list.tbsCertList.issuer)).equals(
    Buffer.from(AsnConvert.serialize(caCert.tbsCertificate.subject)),
  );
  if (!sameIssuer) return undefined;
  const hash = DER_HASHES[list.signatureAlgorithm.algorithm];
  const tbs = list.tbsCertListRaw;
  const signed =
    hash !== undefined &&
    tbs !== undefined &&
    verifySignature(hash, new Uint8Array(tbs), ca.publicKey, new Uint8Array(list.signature));
  if (!signed) throw new Error(`the CRL of "${subjectLine(ca)}" is not signed by that CA`);
  return list;
}

/**
 * Whether a CRL is issued by a CA: the CA's subject is its issuer and its signature verifies with the
 * CA's key.
 *
 * @param crlPem - the CRL, PEM (`X509 CRL`).
 * @param caPem - the CA certificate, PEM.
 * @returns false for another CA's CRL.
 * @throws {@link Error} when the CRL cannot be read, or names the CA but is not signed by it.
 */
export function crlIssuedBy(crlPem: string, caPem: string): boolean {
  return crlOf(crlPem, new X509Certificate(caPem)) !== undefined;
}

/**
 * The DER inside a PEM block.
 *
 * @param pem - the PEM text.
 * @param label - the block's label, e.g. `X509 CRL`.
 * @returns the DER bytes.
 * @throws {@link Error} when there is no such block.
 */
export function pemBody(pem: string, label: string): Uint8Array {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (match?.[1] === undefined) throw new Error(`not a PEM ${label}`);
  return new Uint8Array(Buffer.from(match[1].replace(/\s/g, ''), 'base64'));
}

/** The key usage bits, or undefined when the certificate has no key usage extension. */
function keyUsage(cert: X509Certificate): number | undefined {
  const extension = AsnConvert.parse(cert.raw, Certificate).tbsCertificate.extensions?.find(
    (e) => e.extnID === id_ce_keyUsage,
  );
  if (extension === undefined) return undefined;
  return AsnConvert.parse(extension.extnValue.buffer, KeyUsage).toNumber();
}

/**
 * A certificate's serial number as lowercase hex without leading zero bytes.
 *
 * @param cert - the certificate.
 * @returns e.g. `1a2b`.
 */
export function serialHex(cert: X509Certificate): string {
  return cert.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, '');
}

/**
 * Whether a CRL of `ca` among `crls` lists `cert`'s serial. CRLs of other CAs are ignored.
 *
 * @param cert - the certificate.
 * @param ca - the CA that issued it.
 * @param crls - PEM CRLs.
 * @returns true when revoked.
 * @throws {@link Error} when a CRL cannot be read, or names `ca` but is not signed by it.
 */
export function revokedIn(cert: X509Certificate, ca: X509Certificate, crls: readonly string[]): boolean {
  const serial = Buffer.from(AsnConvert.parse(cert.raw, Certificate).tbsCertificate.serialNumber);
  return crls.some((pem) => {
    const list = crlOf(pem, ca);
    return (list?.tbsCertList.revokedCertificates ?? []).some((entry) =>
      Buffer.from(entry.userCertificate).equals(serial),
    );
  });
}

function matchesPin(cert: X509Certificate, pins: readonly SignerPin[]): boolean {
  if (pins.length === 0) return true;
  const subject = subjectLine(cert);
  const spki = spkiSha256(cert);
  return pins.some((pin) =>
    'subject' in pin ? pin.subject === subject : pin.spkiSha256.toLowerCase() === spki,
  );
}

/** Why `cert`, issued by `ca` of `member`, may not sign digests at `at`; undefined when it may. */
function refusal(
  cert: X509Certificate,
  ca: X509Certificate,
  member: TrustedMember,
  at: Date,
): string | undefined {
  const role = ledgerRole(cert.raw);
  if (role !== GATEWAY_ROLE) {
    return role === ''
      ? `has no ${ROLE_ATTRIBUTE} attribute, want "${GATEWAY_ROLE}"`
      : `has ${ROLE_ATTRIBUTE} "${role}", want "${GATEWAY_ROLE}"`;
  }
  if (at < cert.validFromDate) return `is not valid before ${iso(cert.validFromDate)}`;
  if (at > cert.validToDate) return `expired on ${iso(cert.validToDate)}`;
  const usage = keyUsage(cert);
  if (usage !== undefined && (usage & KeyUsageFlags.digitalSignature) === 0) {
    return 'has a key usage without digitalSignature';
  }
  if (revokedIn(cert, ca, member.crls)) return `is revoked (serial ${serialHex(cert)})`;
  if (!matchesPin(cert, member.signers)) {
    const who = member.mspId === '' ? '' : ` for ${member.mspId}`;
    return `(SPKI SHA-256 ${spkiSha256(cert)}) matches none of the ${member.signers.length} signers pinned${who}`;
  }
  return undefined;
}

/** {@link refusal}, with a certificate or CRL that cannot be read as the reason. */
function refusalOrError(
  cert: X509Certificate,
  ca: X509Certificate,
  member: TrustedMember,
  at: Date,
): string | undefined {
  try {
    return refusal(cert, ca, member, at);
  } catch (err) {
    return `could not be checked: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function parseCa(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/**
 * Decides whether a certificate may sign ledger digests.
 *
 * @param certificatePem - the digest signer's certificate, PEM.
 * @param trust - the trusted members (CAs, CRLs, pinned signers).
 * @param at - the verification time: the certificate must be valid then.
 * @returns ok with the member's MSP ID, or the reason it is refused, which names the signer's subject,
 *   e.g. `the digest signer "O=Org1, CN=teller1" has ledger.role "teller", want "gateway"`.
 */
export function checkDigestSigner(certificatePem: string, trust: DigestSignerTrust, at: Date): SignerVerdict {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    return { ok: false, subject: '', reason: "the digest signer's certificate is not a PEM certificate" };
  }
  const subject = subjectLine(cert);
  const refuse = (why: string): SignerVerdict => ({
    ok: false,
    subject,
    reason: `the digest signer "${subject}" ${why}`,
  });
  let first: string | undefined;
  for (const member of trust.members) {
    for (const ca of member.caCerts.map(parseCa)) {
      if (ca === undefined || !cert.checkIssued(ca) || !cert.verify(ca.publicKey)) continue;
      const why = refusalOrError(cert, ca, member, at);
      if (why === undefined) return { ok: true, subject, mspId: member.mspId };
      first ??= why;
    }
  }
  return refuse(first ?? 'is not issued by a trusted CA');
}
