/**
 * Application users of an org, managed at the org's Fabric CA through fabric-ca-client: add (register +
 * enroll once, credentials on disk) and list (with whether the CA has revoked them).
 */
import * as crypto from 'node:crypto';
import type FabricCAServices from 'fabric-ca-client';
import type { User } from 'fabric-common';
import { openCaSession, registerAndEnroll, userMspDir, type CaSession } from './caEnrollment';
import type { OrgLayout } from './networkLayout';

/** One application user as `ledger users list` prints it. */
export interface ManagedUser {
  readonly name: string;
  /** The `ledger.role` attribute, or null when it has none. */
  readonly role: string | null;
  /** True when the CA has revoked its certificates. */
  readonly revoked: boolean;
}

/** What {@link addUser} did. */
export interface AddedUser {
  readonly org: string;
  readonly mspId: string;
  readonly name: string;
  readonly role: string;
  /** users/<name>/msp: signcerts/cert.pem and keystore/key.pem (0600). */
  readonly mspDir: string;
}

/** The CA's certificate service: fabric-ca-client has it, its type declarations do not. */
interface CertificateService {
  getCertificates(request: Readonly<Record<string, string | boolean>>, registrar: User): Promise<unknown>;
}

interface WithCertificateService {
  newCertificateService(): CertificateService;
}

/**
 * Registers `name` at the org's CA with role `role` (a random secret that enrolls once) and enrolls it
 * into crypto/<org>/users/<name>/msp.
 * @throws Error when the CA refuses, e.g. "name: alice is already registered at ca-org1".
 */
export async function addUser(org: OrgLayout, name: string, role: string): Promise<AddedUser> {
  const session = openCaSession(org);
  try {
    await registerAndEnroll(session, org, { name, role });
  } catch (err) {
    if (String(err).includes('already registered')) {
      throw new Error(`name: ${name} is already registered at ${org.caName}`);
    }
    throw err;
  }
  return { org: org.org, mspId: org.mspId, name, role, mspDir: userMspDir(org, name) };
}

/** An identity as the CA's identities API returns it (the fields used here). */
interface IdentityInfo {
  readonly id: string;
  readonly type: string;
  readonly attrs?: readonly { readonly name: string; readonly value: string }[];
}

/**
 * The org's application users: the CA's `client` identities but its own admin and the gateway's TLS
 * identity, sorted by name, each with its role and whether its certificates are revoked.
 * @throws Error when the CA cannot be asked.
 */
export async function listUsers(org: OrgLayout): Promise<ManagedUser[]> {
  const session = openCaSession(org);
  const response = await session.ca.newIdentityService().getAll(session.registrar);
  const identities = identitiesOf(response);
  const revoked = await revokedNames(session);
  return identities
    .filter((id) => id.type === 'client' && id.id !== 'admin' && id.id !== 'gateway-tls')
    .map((id) => ({
      name: id.id,
      role: id.attrs?.find((a) => a.name === 'ledger.role')?.value ?? null,
      revoked: revoked.has(id.id),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The identity `name` at the org's CA, or undefined when the CA has none.
 * @throws Error for any other refusal.
 */
export async function findIdentity(session: CaSession, name: string): Promise<IdentityInfo | undefined> {
  try {
    const response = await session.ca.newIdentityService().getOne(name, session.registrar);
    const result = (response as { result?: unknown }).result;
    return isIdentity(result) ? result : undefined;
  } catch (err) {
    if (/not found|does not exist|Failed to get User/i.test(String(err))) return undefined;
    throw err;
  }
}

function identitiesOf(response: FabricCAServices.IServiceResponse): IdentityInfo[] {
  const list = (response.result as { identities?: unknown } | undefined)?.identities;
  return Array.isArray(list) ? list.filter(isIdentity) : [];
}

function isIdentity(value: unknown): value is IdentityInfo {
  const v = value as Partial<IdentityInfo> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.type === 'string';
}

/** Enrollment ids (certificate CNs) of the certificates the CA has revoked. */
async function revokedNames(session: CaSession): Promise<Set<string>> {
  const service = (session.ca as unknown as WithCertificateService).newCertificateService();
  // Revoked up to an hour from now: every revoked certificate (revoked_at is later than the zero time).
  const until = new Date(Date.now() + 3_600_000).toISOString();
  const response = await service.getCertificates({ revoked_end: until }, session.registrar);
  const certs = (response as { result?: { certs?: unknown } }).result?.certs;
  const names = new Set<string>();
  for (const entry of Array.isArray(certs) ? certs : []) {
    const pem = (entry as { PEM?: unknown }).PEM;
    if (typeof pem !== 'string') continue;
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(new crypto.X509Certificate(pem).subject)?.[1];
    if (cn !== undefined) names.add(cn);
  }
  return names;
}
