/**
 * Checks one signature of a Fabric identity: the creator bytes (`msp.SerializedIdentity`: MSP id and
 * PEM certificate) name an MSP of the allowed set, the certificate was issued by a root CA of that MSP
 * (directly, or through one of its intermediate CAs), and the ECDSA (SHA-256) signature over the
 * signed bytes verifies with the certificate's key. Certificate dates and CRLs are not checked: a
 * historical block is signed by certificates that may have expired since. Pure.
 */
import { verify, X509Certificate } from 'node:crypto';
import { msp } from '@hyperledger/fabric-protos';
import type { ConfigMsp } from './channelMsps';

/** A verified signer. */
export interface SignerIdentity {
  readonly mspId: string;
  readonly subject: string;
}

const issues = (ca: X509Certificate, cert: X509Certificate): boolean =>
  cert.checkIssued(ca) && cert.verify(ca.publicKey);

/** Verdicts of {@link chainsTo} per MSP definition and certificate: a channel has few signers. */
const chainVerdicts = new WeakMap<ConfigMsp, Map<string, boolean>>();
const MAX_CACHED = 4096;

function chainsTo(cert: X509Certificate, member: ConfigMsp): boolean {
  let verdicts = chainVerdicts.get(member);
  if (verdicts === undefined) {
    verdicts = new Map();
    chainVerdicts.set(member, verdicts);
  }
  const key = cert.fingerprint256;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict =
    member.rootCerts.some((root) => issues(root, cert)) ||
    member.intermediateCerts.some(
      (ca) => issues(ca, cert) && member.rootCerts.some((root) => issues(root, ca)),
    );
  if (verdicts.size >= MAX_CACHED) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

/** Parsed certificates by their PEM bytes (base64 key). */
const parsed = new Map<string, X509Certificate>();

function certificateOf(pem: Uint8Array): X509Certificate {
  const key = Buffer.from(pem).toString('base64');
  const hit = parsed.get(key);
  if (hit !== undefined) return hit;
  const cert = new X509Certificate(Buffer.from(pem));
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(key, cert);
  return cert;
}

/**
 * Verifies a signature by a serialized identity.
 *
 * @param creator - bytes of an `msp.SerializedIdentity`.
 * @param signedBytes - what was signed.
 * @param signature - the DER ECDSA signature.
 * @param allowed - the MSPs the signer may belong to, by MSP id.
 * @returns the signer, or a sentence saying what does not hold.
 */
export function checkSignedBy(
  creator: Uint8Array,
  signedBytes: Uint8Array,
  signature: Uint8Array,
  allowed: ReadonlyMap<string, ConfigMsp>,
): SignerIdentity | string {
  let mspId: string;
  let cert: X509Certificate;
  try {
    const identity = msp.SerializedIdentity.deserializeBinary(creator);
    mspId = identity.getMspid();
    cert = certificateOf(identity.getIdBytes_asU8());
  } catch {
    return 'the signer is not a serialized identity with an X.509 certificate';
  }
  const subject = cert.subject.replaceAll('\n', ', ');
  const member = allowed.get(mspId);
  if (member === undefined) {
    return `signer "${subject}" names MSP ${mspId}, not one of ${[...allowed.keys()].join(', ') || 'none'}`;
  }
  if (!chainsTo(cert, member)) return `certificate "${subject}" is not issued by a CA of ${mspId}`;
  let valid: boolean;
  try {
    valid = verify('sha256', signedBytes, cert.publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) return `the signature of "${subject}" (${mspId}) does not verify`;
  return { mspId, subject };
}
