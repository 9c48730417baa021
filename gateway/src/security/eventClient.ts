/**
 * The `client` the gateway journals with each submitted event: the certificate of the caller it
 * authenticated (mutual TLS), else its own. Both fields are bound by the entry's Merkle leaf.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { MAX_CLIENT_SUBJECT_LENGTH, type EventClient } from '@fabric-ledger/chaincode/shared';

/**
 * The journal's client fields of a certificate: SHA-256 hex of its DER and its subject (RDNs joined
 * with ", ", as the gateway logs them; "-" when the subject is empty, cut to 1024 characters).
 *
 * @param certificate - a PEM string or DER bytes.
 * @returns the client.
 * @throws Error when the certificate does not parse.
 */
export function eventClientOf(certificate: string | Uint8Array): EventClient {
  const cert = new X509Certificate(typeof certificate === 'string' ? certificate : Buffer.from(certificate));
  const subject = cert.subject.replace(/\n/g, ', ').slice(0, MAX_CLIENT_SUBJECT_LENGTH);
  return {
    cert: createHash('sha256').update(cert.raw).digest('hex'),
    subject: subject === '' ? '-' : subject,
  };
}
