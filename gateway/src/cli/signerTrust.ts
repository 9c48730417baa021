/**
 * The digest-signer trust of the verifying commands (`ledger verify`, `verify-export`,
 * `verify-receipt`), from their flags:
 *
 * - `--org-ca FILE`  trust that CA: any certificate it issues with `ledger.role=gateway` may sign;
 * - `--trust FILE`   a `ledger-trust-v1` file (`ledger trust add`): members, CAs, CRLs, pinned signers;
 * - `--crl FILE`     a CRL of one of those CAs (repeatable);
 * - `--at TIME`      the time the signer's certificate must be valid at (ISO 8601; default now).
 */
import * as fs from 'node:fs';
import {
  crlIssuedBy,
  type DigestSignerTrust,
  type SignerPolicy,
  type TrustedMember,
} from '../security/digestSigner';
import { parseTrustFile } from '../security/trustFile';

/** The flags that say who may sign digests. */
export interface SignerFlags {
  readonly orgCa?: string | undefined;
  readonly trust?: string | undefined;
  readonly crls: readonly string[];
  readonly at?: string | undefined;
}

/** The warning printed when a verifier has no trust anchor for the digest signer. */
export const NO_TRUST_ANCHOR_WARNING =
  'warning: the digest signer was NOT checked against any trust anchor (give --org-ca CA.pem or --trust trust.json): anyone with any key can sign a digest that verifies\n';

/** A flag's value is wrong; the CLIs turn it into a usage error (exit 2). */
export class SignerFlagError extends Error {}

function verificationTime(at: string | undefined, now: Date): Date {
  if (at === undefined) return now;
  const date = new Date(at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(date.getTime())) {
    throw new SignerFlagError(`--at: got ${at}, want an ISO 8601 time such as 2027-01-01T00:00:00Z`);
  }
  return date;
}

/**
 * Reads the signer flags' files.
 *
 * @param flags - the flags as given.
 * @param now - the time to use when `--at` is not given.
 * @returns the policy, or undefined when neither `--org-ca` nor `--trust` is given.
 * @throws {@link SignerFlagError} for `--crl` or `--at` without an anchor or malformed, and for a CRL
 *   no trusted CA issued; file and trust-file errors as they come.
 */
export function signerPolicyFromFlags(flags: SignerFlags, now: Date): SignerPolicy | undefined {
  if (flags.orgCa === undefined && flags.trust === undefined) {
    if (flags.crls.length > 0 || flags.at !== undefined) {
      throw new SignerFlagError('--crl and --at need --org-ca FILE or --trust FILE');
    }
    return undefined;
  }
  const members: TrustedMember[] = [];
  if (flags.trust !== undefined) members.push(...parseTrustFile(fs.readFileSync(flags.trust)).members);
  if (flags.orgCa !== undefined) {
    members.push({ mspId: '', caCerts: [fs.readFileSync(flags.orgCa, 'utf8')], crls: [], signers: [] });
  }
  const crls = flags.crls.map((file) => {
    const pem = fs.readFileSync(file, 'utf8');
    const issued = members.some((m) => m.caCerts.some((ca) => crlIssuedBy(pem, ca)));
    if (!issued) throw new SignerFlagError(`--crl ${file}: is not issued by a trusted CA`);
    return pem;
  });
  const trust: DigestSignerTrust = { members: members.map((m) => ({ ...m, crls: [...m.crls, ...crls] })) };
  return { trust, at: verificationTime(flags.at, now) };
}
