/**
 * Checks a caller's client certificate against the channel's members (see channelTrust.ts): issued by
 * a root or intermediate CA of a member (name and signature), within its validity dates, not revoked
 * by a CRL of its issuing CA. The TLS layer only asks for the certificate; this decides, so a refusal
 * is a clear UNAUTHENTICATED naming the reason instead of a failed handshake. Pure: certificate, trust
 * and time in, verdict out.
 */
import { X509Certificate } from 'node:crypto';
import { ledgerRole } from './certificateAttributes';
import type { ChannelMember, ChannelTrust } from './channelTrust';
import { iso, revokedIn, serialHex, subjectLine } from './digestSigner';

/** Why a caller is not authenticated: the `reason` label of the refusal metric. */
export type AuthenticationFailure =
  'no_certificate' | 'untrusted_ca' | 'expired' | 'not_yet_valid' | 'revoked' | 'unreadable';

/** The outcome of {@link verifyClientCertificate}. */
export type ClientVerdict =
  | {
      readonly ok: true;
      readonly mspId: string;
      /** `ledger.role`, or '' when the certificate has none. */
      readonly role: string;
      readonly subject: string;
      /** The verdict holds until then (the certificate's end of validity). */
      readonly validUntil: Date;
    }
  | {
      readonly ok: false;
      readonly failure: AuthenticationFailure;
      /** The status message: names the reason, the certificate subject and the MSP when known. */
      readonly message: string;
      readonly subject: string;
      /** The member whose CA issued the certificate, '' when none. */
      readonly mspId: string;
    };

/** The MSP ids of a trust, for messages. */
function memberList(trust: ChannelTrust): string {
  return trust.members.length === 0 ? 'none' : trust.members.map((m) => m.mspId).join(', ');
}

function parse(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

const issues = (ca: X509Certificate, cert: X509Certificate): boolean =>
  cert.checkIssued(ca) && cert.verify(ca.publicKey);

/** The CA of `member` that issued `cert` (a root, or an intermediate a root issued), or undefined. */
function issuerIn(cert: X509Certificate, member: ChannelMember): X509Certificate | undefined {
  const roots = member.rootCerts.map(parse).filter((c): c is X509Certificate => c !== undefined);
  const root = roots.find((ca) => issues(ca, cert));
  if (root !== undefined) return root;
  return member.intermediateCerts
    .map(parse)
    .find((ca) => ca !== undefined && issues(ca, cert) && roots.some((r) => issues(r, ca)));
}

/**
 * Verifies a client certificate.
 *
 * @param der - the certificate the client presented (DER), undefined when none.
 * @param trust - the channel's members.
 * @param at - the time the certificate must be valid at.
 * @returns ok with the member's MSP id and the `ledger.role`, or the failure and its message, e.g.
 *   `client certificate "O=Org1, CN=teller1" (Org1MSP) expired on 2026-01-01T00:00:00Z`.
 */
export function verifyClientCertificate(
  der: Uint8Array | undefined,
  trust: ChannelTrust,
  at: Date,
): ClientVerdict {
  const members = memberList(trust);
  if (der === undefined) {
    return {
      ok: false,
      failure: 'no_certificate',
      message: `no client certificate: a certificate issued by a member org of the channel (${members}) is required`,
      subject: '',
      mspId: '',
    };
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return {
      ok: false,
      failure: 'unreadable',
      message: 'the client certificate could not be read as X.509',
      subject: '',
      mspId: '',
    };
  }
  const subject = subjectLine(cert);
  const refuse = (failure: AuthenticationFailure, mspId: string, why: string): ClientVerdict => ({
    ok: false,
    failure,
    message: `client certificate "${subject}"${mspId === '' ? '' : ` (${mspId})`} ${why}`,
    subject,
    mspId,
  });
  for (const member of trust.members) {
    const ca = issuerIn(cert, member);
    if (ca === undefined) continue;
    if (at > cert.validToDate) return refuse('expired', member.mspId, `expired on ${iso(cert.validToDate)}`);
    if (at < cert.validFromDate) {
      return refuse('not_yet_valid', member.mspId, `is not valid before ${iso(cert.validFromDate)}`);
    }
    let revoked: boolean;
    try {
      revoked = revokedIn(cert, ca, member.crls);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return refuse('revoked', member.mspId, `could not be checked for revocation: ${why}`);
    }
    if (revoked) {
      return refuse('revoked', member.mspId, `is revoked by its CA (serial ${serialHex(cert)})`);
    }
    return {
      ok: true,
      mspId: member.mspId,
      role: ledgerRole(cert.raw),
      subject,
      validUntil: cert.validToDate,
    };
  }
  return refuse(
    'untrusted_ca',
    '',
    `is not issued by a CA of a member org of the channel (members: ${members})`,
  );
}

/** A {@link verifyClientCertificate} with a cache of verdicts per certificate, for one trust. */
export interface ClientCertificateVerifier {
  /**
   * Verifies a certificate.
   *
   * @param der - the client certificate (DER), undefined when none.
   * @param at - the current time.
   * @returns the verdict.
   */
  verify(der: Uint8Array | undefined, at: Date): ClientVerdict;
}

/**
 * A caching verifier: a certificate is verified once per trust (TLS clients present the same
 * certificate on every call); an accepted verdict is re-checked once its certificate has expired.
 *
 * @param trust - reads the trust in force (a new object = the trust changed, the cache is dropped).
 * @param maxEntries - most cached verdicts (the cache is emptied when full).
 * @returns the verifier.
 */
export function newClientCertificateVerifier(
  trust: () => ChannelTrust,
  maxEntries = 4096,
): ClientCertificateVerifier {
  let cachedFor: ChannelTrust | undefined;
  const cache = new Map<string, ClientVerdict>();
  return {
    verify(der, at) {
      const current = trust();
      if (current !== cachedFor) {
        cache.clear();
        cachedFor = current;
      }
      if (der === undefined) return verifyClientCertificate(undefined, current, at);
      const key = Buffer.from(der).toString('base64');
      const hit = cache.get(key);
      if (hit !== undefined && (!hit.ok || at <= hit.validUntil)) {
        // A refusal for dates may turn into an acceptance later (not yet valid): recheck those.
        if (hit.ok || (hit.failure !== 'not_yet_valid' && hit.failure !== 'expired')) return hit;
      }
      const verdict = verifyClientCertificate(der, current, at);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, verdict);
      return verdict;
    },
  };
}
