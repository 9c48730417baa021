import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import FabricCAServices from 'fabric-ca-client';
import { User } from 'fabric-common';
import type { OrgLayout } from './networkLayout';

/** An application user to register at an org's CA, with its `ledger.role` attribute. */
export interface UserSpec {
  readonly name: string;
  readonly role: string;
}

/** Options of {@link enrollUsers}. */
export interface EnrollUsersOptions {
  readonly org: OrgLayout;
  readonly users: readonly UserSpec[];
}

/** The org's CA client and its registrar (the CA's bootstrap admin, from its one enrolment). */
export interface CaSession {
  readonly ca: FabricCAServices;
  readonly registrar: User;
}

/** The application users every member org gets, one per role of the chaincode. */
export const DEFAULT_USERS: readonly UserSpec[] = [
  { name: 'teller1', role: 'teller' },
  { name: 'auditor1', role: 'auditor' },
  { name: 'custodian1', role: 'custodian' },
  { name: 'admin1', role: 'admin' },
  { name: 'gateway1', role: 'gateway' },
  { name: 'norole1', role: '' },
];

/** The CA admin's MSP folder: crypto/<org>/ca-admin/msp (network/crypto.sh enrolls it once). */
export function caAdminMspDir(org: OrgLayout): string {
  return path.join(path.dirname(org.usersDir), 'ca-admin', 'msp');
}

/**
 * Opens a session with the org's Fabric CA as its registrar: the bootstrap admin whose secret enrolled
 * once (network/crypto.sh) and who now signs with that certificate (crypto/<org>/ca-admin/msp), so no
 * CA password is needed here.
 * @throws Error when the CA admin's certificate or key is missing.
 */
export function openCaSession(org: OrgLayout): CaSession {
  const trustedRoots = [fs.readFileSync(org.caCertPath, 'utf8')];
  const ca = new FabricCAServices(org.caUrl, { trustedRoots, verify: true }, org.caName);
  const mspDir = caAdminMspDir(org);
  const certificatePath = path.join(mspDir, 'signcerts', 'cert.pem');
  const keyDir = path.join(mspDir, 'keystore');
  const keys = fs.existsSync(keyDir)
    ? fs.readdirSync(keyDir).filter((f) => f.endsWith('_sk') || f === 'key.pem')
    : [];
  if (!fs.existsSync(certificatePath) || keys.length !== 1 || keys[0] === undefined) {
    throw new Error(
      `the CA admin of ${org.org} is not enrolled: want one certificate and one key in ${mspDir}`,
    );
  }
  const registrar = User.createUser(
    'admin',
    '',
    org.mspId,
    fs.readFileSync(certificatePath, 'utf8'),
    fs.readFileSync(path.join(keyDir, keys[0]), 'utf8'),
  );
  return { ca, registrar };
}

/** A fresh enrollment secret: 32 hex characters (128 bits) from the CSPRNG; never stored. */
export function randomSecret(): string {
  return crypto.randomBytes(16).toString('hex');
}

/** The MSP folder of an application user: crypto/<org>/users/<name>/msp. */
export function userMspDir(org: OrgLayout, name: string): string {
  return path.join(org.usersDir, name, 'msp');
}

/**
 * Registers the user (one enrolment, random secret, `ledger.role` in its certificates) and enrolls it;
 * writes users/<name>/msp/signcerts/cert.pem and keystore/key.pem (0600).
 * @throws Error when the CA refuses (e.g. the name is already registered: the message says so).
 */
export async function registerAndEnroll(session: CaSession, org: OrgLayout, user: UserSpec): Promise<void> {
  const secret = randomSecret();
  await session.ca.register(registerRequest(user, secret), session.registrar);
  const enrollment = await session.ca.enroll({ enrollmentID: user.name, enrollmentSecret: secret });
  writeCredentials(userMspDir(org, user.name), enrollment.certificate, enrollment.key.toBytes());
}

/**
 * Registers (if needed) and enrolls application users at the org's Fabric CA with fabric-ca-client, the
 * role as the `ledger.role` attribute in the certificate. A user the CA already has and whose
 * credentials are on disk is re-enrolled with them instead, so running this again (an org invited again
 * after its removal) works. Writes users/<name>/msp/signcerts/cert.pem and keystore/key.pem (mode
 * 0600). Returns the names enrolled.
 * @throws Error when the CA refuses the registrar or a registration, or a user the CA has has no
 *   credentials on disk (its secret enrolled once and is gone).
 */
export async function enrollUsers(options: Readonly<EnrollUsersOptions>): Promise<string[]> {
  const { org } = options;
  const session = openCaSession(org);
  const enrolled: string[] = [];
  for (const user of options.users) {
    const mspDir = userMspDir(org, user.name);
    const stored = readCredentials(mspDir);
    if (stored === undefined) {
      await registerAndEnroll(session, org, user).catch((err: unknown) => {
        throw String(err).includes('already registered')
          ? new Error(`${user.name} is registered at ${org.caName} but has no credentials in ${mspDir}`)
          : err;
      });
    } else {
      // A secret enrolls once: an identity enrolled before, as when a removed org is invited again,
      // renews its certificate by signing with the credentials it has.
      const enrollment = await session.ca.reenroll(
        User.createUser(user.name, '', org.mspId, stored.certificatePem, stored.privateKeyPem),
        reenrollAttributes(user),
      );
      writeCredentials(mspDir, enrollment.certificate, enrollment.key.toBytes());
    }
    enrolled.push(user.name);
  }
  return enrolled;
}

function registerRequest(user: UserSpec, secret: string): FabricCAServices.IRegisterRequest {
  return {
    enrollmentID: user.name,
    enrollmentSecret: secret,
    role: 'client',
    affiliation: '',
    maxEnrollments: 1,
    attrs: user.role === '' ? [] : [{ name: 'ledger.role', value: user.role, ecert: true }],
  };
}

/**
 * The attributes a re-enrolled certificate carries: those an enrollment puts in by default (the CA's
 * `hf.*` ones and, when the user has a role, `ledger.role`). A re-enroll that names none gets none.
 */
function reenrollAttributes(user: UserSpec): FabricCAServices.IAttributeRequest[] {
  const defaults = ['hf.EnrollmentID', 'hf.Type', 'hf.Affiliation'].map((name) => ({ name, optional: true }));
  return user.role === '' ? defaults : [...defaults, { name: 'ledger.role', optional: false }];
}

/** The certificate and key an earlier enrollment wrote, or undefined when either is missing. */
function readCredentials(mspDir: string): { certificatePem: string; privateKeyPem: string } | undefined {
  const certificatePath = path.join(mspDir, 'signcerts', 'cert.pem');
  const keyPath = path.join(mspDir, 'keystore', 'key.pem');
  if (!fs.existsSync(certificatePath) || !fs.existsSync(keyPath)) return undefined;
  return {
    certificatePem: fs.readFileSync(certificatePath, 'utf8'),
    privateKeyPem: fs.readFileSync(keyPath, 'utf8'),
  };
}

function writeCredentials(mspDir: string, certificatePem: string, privateKeyPem: string): void {
  fs.mkdirSync(path.join(mspDir, 'signcerts'), { recursive: true });
  fs.mkdirSync(path.join(mspDir, 'keystore'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(mspDir, 'signcerts', 'cert.pem'), certificatePem);
  fs.writeFileSync(path.join(mspDir, 'keystore', 'key.pem'), privateKeyPem, { mode: 0o600 });
}
