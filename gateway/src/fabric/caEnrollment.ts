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
  readonly registrarId: string;
  readonly registrarSecret: string;
  readonly users: readonly UserSpec[];
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

/**
 * Registers (if needed) and enrolls application users at the org's Fabric CA with fabric-ca-client, the
 * role as the `ledger.role` attribute in the certificate. A user the CA already has and whose
 * credentials are on disk is re-enrolled with them instead, so running this again (an org invited again
 * after its removal) works. Writes users/<name>/msp/signcerts/cert.pem and keystore/key.pem (mode
 * 0600). Returns the names enrolled.
 * @throws Error when the CA refuses the registrar or a registration.
 */
export async function enrollUsers(options: Readonly<EnrollUsersOptions>): Promise<string[]> {
  const { org } = options;
  const trustedRoots = [fs.readFileSync(org.caCertPath, 'utf8')];
  const ca = new FabricCAServices(org.caUrl, { trustedRoots, verify: true }, org.caName);
  const registrarEnrollment = await ca.enroll({
    enrollmentID: options.registrarId,
    enrollmentSecret: options.registrarSecret,
  });
  const registrar = User.createUser(
    options.registrarId,
    '',
    org.mspId,
    registrarEnrollment.certificate,
    registrarEnrollment.key.toBytes(),
  );
  const enrolled: string[] = [];
  for (const user of options.users) {
    const secret = `${user.name}-${org.org}-pw`;
    const attrs = user.role === '' ? [] : [{ name: 'ledger.role', value: user.role, ecert: true }];
    const mspDir = path.join(org.usersDir, user.name, 'msp');
    const registeredNow = await registerIfAbsent(ca, registrar, {
      enrollmentID: user.name,
      enrollmentSecret: secret,
      role: 'client',
      affiliation: '',
      attrs,
    });
    const stored = registeredNow ? undefined : readCredentials(mspDir);
    // A secret enrolls once (the CA's default for a registration): an identity enrolled before, as when
    // a removed org is invited again, renews its certificate by signing with the credentials it has.
    const enrollment =
      stored === undefined
        ? await ca.enroll({ enrollmentID: user.name, enrollmentSecret: secret })
        : await ca.reenroll(
            User.createUser(user.name, '', org.mspId, stored.certificatePem, stored.privateKeyPem),
            reenrollAttributes(user),
          );
    writeCredentials(mspDir, enrollment.certificate, enrollment.key.toBytes());
    enrolled.push(user.name);
  }
  return enrolled;
}

/**
 * The attributes a re-enrolled certificate carries: those an enrollment puts in by default (the CA's
 * `hf.*` ones and, when the user has a role, `ledger.role`). A re-enroll that names none gets none.
 */
function reenrollAttributes(user: UserSpec): FabricCAServices.IAttributeRequest[] {
  const defaults = ['hf.EnrollmentID', 'hf.Type', 'hf.Affiliation'].map((name) => ({ name, optional: true }));
  return user.role === '' ? defaults : [...defaults, { name: 'ledger.role', optional: false }];
}

/** Registers the identity; true when this call registered it, false when the CA already had it. */
async function registerIfAbsent(
  ca: FabricCAServices,
  registrar: User,
  request: FabricCAServices.IRegisterRequest,
): Promise<boolean> {
  try {
    await ca.register(request, registrar);
    return true;
  } catch (err) {
    if (!String(err).includes('already registered')) {
      throw err;
    }
    return false;
  }
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
