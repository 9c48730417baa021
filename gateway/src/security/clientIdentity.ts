/**
 * Who is calling, from the client certificate of a mutual-TLS connection: the MSP is the org whose
 * configured CA issued the certificate, the role is the certificate's `ledger.role` attribute.
 */
import { X509Certificate } from 'node:crypto';
import { ledgerRole } from './certificateAttributes';

/** An org CA the gateway trusts for client certificates. */
export interface TrustedCa {
  readonly mspId: string;
  readonly certificatePem: string;
}

/** A caller identified from its certificate. */
export interface ClientIdentity {
  readonly mspId: string;
  /** `ledger.role`, or '' when the certificate has none. */
  readonly role: string;
  readonly subject: string;
}

/** Maps client certificates to identities. */
export interface ClientIdentifier {
  /** The MSP ids of the configured CAs. */
  readonly mspIds: readonly string[];
  /**
   * Identifies a certificate.
   *
   * @param der - the client certificate (DER).
   * @returns the identity, or undefined when no configured CA issued it (or it does not parse).
   */
  identify(der: Uint8Array): ClientIdentity | undefined;
}

/**
 * Creates an identifier over the given CAs.
 *
 * @param cas - the trusted org CAs.
 * @returns the identifier.
 * @throws Error when a CA certificate does not parse.
 */
export function newClientIdentifier(cas: readonly TrustedCa[]): ClientIdentifier {
  const parsed = cas.map((ca) => ({ mspId: ca.mspId, cert: new X509Certificate(ca.certificatePem) }));
  return {
    mspIds: parsed.map((ca) => ca.mspId),
    identify(der: Uint8Array): ClientIdentity | undefined {
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(der);
      } catch {
        return undefined;
      }
      const issuer = parsed.find((ca) => cert.checkIssued(ca.cert) && cert.verify(ca.cert.publicKey));
      if (issuer === undefined) return undefined;
      return { mspId: issuer.mspId, role: ledgerRole(cert.raw), subject: cert.subject.replace(/\n/g, ', ') };
    },
  };
}
