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
import { z } from 'zod';
import { JsonSchemaError, parseJson } from '../jsonSchema';
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

const text = z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' });

/** A PEM certificate as node:crypto prints it, or undefined when `pem` is none. */
function normalizedCertificate(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).toString();
  } catch {
    return undefined;
  }
}

/** `pem` as {@link normalizedCertificate}; a TrustFileError naming `field` when it is no certificate. */
function certificate(pem: string, field: string): string {
  const normalized = normalizedCertificate(pem);
  if (normalized === undefined) throw new TrustFileError(field, 'not a PEM certificate');
  return normalized;
}

/** A PEM certificate, normalized as node:crypto prints it. */
const certificatePem = text.transform((pem, ctx) => {
  const normalized = normalizedCertificate(pem);
  if (normalized !== undefined) return normalized;
  ctx.addIssue({ code: 'custom', message: 'a PEM certificate', input: pem });
  return z.NEVER;
});

/** `{subject}` or `{spkiSha256}`: exactly one of the two keys, checked before their values. */
const signerPin: z.ZodType<SignerPin> = z
  .unknown()
  .superRefine((value, ctx) => {
    const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
    if (keys.length !== 1 || !['subject', 'spkiSha256'].includes(keys[0] ?? '')) {
      ctx.addIssue({ code: 'custom', message: 'exactly one of subject, spkiSha256', input: value });
    }
  })
  .pipe(
    z
      .strictObject({
        subject: text.optional(),
        spkiSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, { error: '64 lowercase hex characters' })
          .optional(),
      })
      .transform((p): SignerPin =>
        p.subject !== undefined ? { subject: p.subject } : { spkiSha256: p.spkiSha256 ?? '' },
      ),
  );

const member = z
  .strictObject({
    mspId: text,
    caCerts: z.array(certificatePem).min(1, { error: 'at least one CA certificate' }),
    crls: z.array(text).optional(),
    signers: z.array(signerPin).optional(),
  })
  .superRefine((m, ctx) => {
    (m.crls ?? []).forEach((pem, i) => {
      const problem = crlProblem(pem, m.caCerts);
      if (problem !== undefined)
        ctx.addIssue({ code: 'custom', path: ['crls', i], message: problem, input: pem });
    });
  })
  .transform((m): TrustedMember => ({
    mspId: m.mspId,
    caCerts: m.caCerts,
    crls: m.crls ?? [],
    signers: m.signers ?? [],
  }));

/** Why a member's CRL is refused, or undefined when one of its CAs issued it. */
function crlProblem(pem: string, caCerts: readonly string[]): string | undefined {
  try {
    return caCerts.some((ca) => crlIssuedBy(pem, ca))
      ? undefined
      : "a CRL issued by one of the member's caCerts";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const trustFile = z
  .strictObject({
    format: z.literal(TRUST_FORMAT, { error: `"${TRUST_FORMAT}"` }),
    members: z.array(member),
  })
  .superRefine((t, ctx) => {
    t.members.forEach((m, i) => {
      if (t.members.findIndex((n) => n.mspId === m.mspId) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'mspId'],
          message: 'each MSP id once',
          input: m.mspId,
        });
      }
    });
  });

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
  try {
    return parseJson(trustFile, value);
  } catch (err) {
    throw err instanceof JsonSchemaError
      ? new TrustFileError(err.field === '$' ? '(file)' : err.field, err.problem)
      : err;
  }
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
