// Client certificates for the gateway security tests: a member's user's from the run folder, one from
// a throw-away CA outside the channel, and ones issued with an org CA's real key (openssl ca), e.g.
// expired. openssl is on every machine this project supports.
import { execFileSync } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import { layout } from './testNetwork';

/** A client certificate and its key (PEM). */
export interface Credentials {
  readonly clientCertPem: Buffer;
  readonly clientKeyPem: Buffer;
}

export const userCredentials = (org: PeerOrg, user: string): Credentials => {
  const msp = path.join(orgLayout(layout, org).usersDir, user, 'msp');
  return {
    clientCertPem: fs.readFileSync(path.join(msp, 'signcerts', 'cert.pem')),
    clientKeyPem: fs.readFileSync(path.join(msp, 'keystore', 'key.pem')),
  };
};

const openssl = (dir: string, ...args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
};
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const TELLER_EXT = `1.2.3.4.5.6.7.8.1=DER:${Buffer.from('{"attrs":{"ledger.role":"teller"}}').toString('hex')}\n`;

/** A throw-away CA that is no member of the channel, and a teller certificate it issued. */
export function foreignCredentials(dir: string): Credentials {
  openssl(
    dir,
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'ca.key',
    '-subj',
    '/O=Org1/CN=ca.org1.example.com',
    '-days',
    '1',
    '-out',
    'ca.pem',
  );
  openssl(
    dir,
    'req',
    '-new',
    ...EC,
    '-keyout',
    'foreign.key',
    '-subj',
    '/OU=client/CN=teller1',
    '-out',
    'foreign.csr',
  );
  fs.writeFileSync(path.join(dir, 'client.ext'), TELLER_EXT);
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'foreign.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'client.ext',
    '-out',
    'foreign.pem',
  );
  return {
    clientCertPem: fs.readFileSync(path.join(dir, 'foreign.pem')),
    clientKeyPem: fs.readFileSync(path.join(dir, 'foreign.key')),
  };
}

/** The private key file of an org's CA server (its signing key matches the CA certificate). */
function caKeyFile(org: PeerOrg): string {
  const keystore = path.join(layout.runDir, 'data', `ca-${org}`, 'msp', 'keystore');
  const caKey = new X509Certificate(fs.readFileSync(orgLayout(layout, org).caCertPath)).publicKey.export({
    type: 'spki',
    format: 'der',
  });
  const match = fs
    .readdirSync(keystore)
    .filter((name) => name.endsWith('_sk'))
    .map((name) => path.join(keystore, name))
    .find((file) => {
      try {
        return createPublicKey(fs.readFileSync(file)).export({ type: 'spki', format: 'der' }).equals(caKey);
      } catch {
        return false;
      }
    });
  if (match === undefined) throw new Error(`no key of the ${org} CA certificate in ${keystore}`);
  return match;
}

/**
 * A teller certificate `CN=<name>` issued with the real CA key of `org` (openssl ca), valid for
 * `validity` (openssl ca options, e.g. `['-days', '1']`).
 */
export function tellerIssuedBy(
  org: PeerOrg,
  dir: string,
  name: string,
  validity: readonly string[],
): Credentials {
  fs.writeFileSync(path.join(dir, 'client.ext'), TELLER_EXT);
  fs.writeFileSync(path.join(dir, `${name}.index.txt`), '');
  fs.writeFileSync(path.join(dir, `${name}.serial`), '1000\n');
  fs.writeFileSync(
    path.join(dir, `${name}.cnf`),
    [
      '[ca]',
      'default_ca = d',
      '[d]',
      `database = ${path.join(dir, `${name}.index.txt`)}`,
      `new_certs_dir = ${dir}`,
      `serial = ${path.join(dir, `${name}.serial`)}`,
      'default_md = sha256',
      'policy = p',
      'unique_subject = no',
      '[p]',
      'commonName = supplied',
      'organizationalUnitName = optional',
      '',
    ].join('\n'),
  );
  openssl(
    dir,
    'req',
    '-new',
    ...EC,
    '-keyout',
    `${name}.key`,
    '-subj',
    `/OU=client/CN=${name}`,
    '-out',
    `${name}.csr`,
  );
  openssl(
    dir,
    'ca',
    '-batch',
    '-config',
    `${name}.cnf`,
    '-cert',
    orgLayout(layout, org).caCertPath,
    '-keyfile',
    caKeyFile(org),
    '-in',
    `${name}.csr`,
    ...validity,
    '-extfile',
    'client.ext',
    '-notext',
    '-out',
    `${name}.pem`,
  );
  return {
    clientCertPem: fs.readFileSync(path.join(dir, `${name}.pem`)),
    clientKeyPem: fs.readFileSync(path.join(dir, `${name}.key`)),
  };
}

/** A teller certificate issued by the real Org1 CA key, valid only in 2020: expired. */
export function expiredOrg1Credentials(dir: string): Credentials {
  return tellerIssuedBy('org1', dir, 'expired-teller', [
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
  ]);
}
