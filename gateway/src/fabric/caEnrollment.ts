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
 * role as the `ledger.role` attribute in the certificate. Writes users/<name>/msp/signcerts/cert.pem and
 * keystore/key.pem (mode 0600). Returns the names enrolled.
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
    await registerIfAbsent(ca, registrar, {
      enrollmentID: user.name,
      enrollmentSecret: secret,
      role: 'client',
      affiliation: '',
      attrs,
    });
    const enrollment = await ca.enroll({ enrollmentID: user.name, enrollmentSecret: secret });
    writeCredentials(
      path.join(org.usersDir, user.name, 'msp'),
      enrollment.certificate,
      enrollment.key.toBytes(),
    );
    enrolled.push(user.name);
  }
  return enrolled;
}

async function registerIfAbsent(
  ca: FabricCAServices,
  registrar: User,
  request: FabricCAServices.IRegisterRequest,
): Promise<void> {
  try {
    await ca.register(request, registrar);
  } catch (err) {
    if (!String(err).includes('already registered')) {
      throw err;
    }
  }
}

function writeCredentials(mspDir: string, certificatePem: string, privateKeyPem: string): void {
  fs.mkdirSync(path.join(mspDir, 'signcerts'), { recursive: true });
  fs.mkdirSync(path.join(mspDir, 'keystore'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(mspDir, 'signcerts', 'cert.pem'), certificatePem);
  fs.writeFileSync(path.join(mspDir, 'keystore', 'key.pem'), privateKeyPem, { mode: 0o600 });
}
