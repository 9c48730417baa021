// CA secrets and managed users on the real network: random bootstrap secrets kept 0600 and never
// logged, CA state private, one enrolment per secret; `ledger users add|list|revoke`, and a revocation
// that the peers enforce (the CRL is in the channel configuration).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import FabricCAServices from 'fabric-ca-client';
import { GatewayError, type Contract } from '@hyperledger/fabric-gateway';
import { openCaSession } from '@gateway/fabric/caEnrollment';
import { runLedgerCli } from '@test-support/ledgerCli';
import { layout, openLedger, text, uniqueId, type LedgerSession } from '@test-support/testNetwork';
import { orgLayout } from '@gateway/fabric/networkLayout';

const CA_ORGS = ['orderer', 'org1', 'org2'] as const;
const org1 = orgLayout(layout, 'org1');

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;
const octal = (mode: number): string => mode.toString(8).padStart(4, '0');

/** Every file under a folder (recursively). */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...filesUnder(full)] : entry.isFile() ? [full] : [];
  });
}

const bootstrapSecretFile = (org: string): string =>
  path.join(layout.cryptoDir, org, 'ca', 'bootstrap-admin.secret');

const newCa = (): FabricCAServices =>
  new FabricCAServices(
    org1.caUrl,
    { trustedRoots: [fs.readFileSync(org1.caCertPath, 'utf8')], verify: true },
    org1.caName,
  );

/** The error text of a refused Fabric call: the message and every peer's detail. */
function refusal(err: unknown): string {
  if (err instanceof GatewayError) return [err.message, ...err.details.map((d) => d.message)].join(' | ');
  return String(err);
}

describe('CA secrets and managed users on the real network', function () {
  this.timeout(300_000);

  describe('CA secrets', function () {
    it('gives every CA a random 32-hex bootstrap secret of its own in a 0600 file, never adminpw', () => {
      const secrets = CA_ORGS.map((org) => {
        const file = bootstrapSecretFile(org);
        expect(octal(modeOf(file)), file).to.equal('0600');
        return fs.readFileSync(file, 'utf8').trim();
      });

      for (const secret of secrets) expect(secret).to.match(/^[0-9a-f]{32}$/);
      expect(new Set(secrets).size).to.equal(CA_ORGS.length);
    });

    it('writes no bootstrap secret, no register password line and no URL with credentials to any log', () => {
      const secrets = CA_ORGS.map((org) => fs.readFileSync(bootstrapSecretFile(org), 'utf8').trim());
      const logs = filesUnder(path.join(layout.runDir, 'logs'));
      expect(logs.length).to.be.greaterThan(0);

      for (const log of logs) {
        const content = fs.readFileSync(log, 'utf8');
        for (const secret of secrets)
          expect(content.includes(secret), `${log} holds a CA secret`).to.equal(false);
        expect(content, log).to.not.match(/^Password: /m);
        expect(content, log).to.not.match(/https?:\/\/[^/@\s]+:[^/@\s]+@/);
      }
      expect(octal(modeOf(path.join(layout.runDir, 'logs', 'crypto.log')))).to.equal('0600');
    });

    it('keeps every CA data folder 0700 and every file in it 0600', () => {
      for (const org of CA_ORGS) {
        const home = path.join(layout.runDir, 'data', `ca-${org}`);
        const entries = [home, ...filesUnder(home)];
        expect(entries.length).to.be.greaterThan(5);
        for (const entry of entries) {
          const want = fs.statSync(entry).isDirectory() ? '0700' : '0600';
          expect(octal(modeOf(entry)), entry).to.equal(want);
        }
      }
    });

    it('refuses an enrolment of the CA admin with adminpw', async () => {
      const attempt = newCa().enroll({ enrollmentID: 'admin', enrollmentSecret: 'adminpw' });

      await expect(attempt).to.be.rejectedWith(/Authentication failure|Login failure|401/i);
    });

    it('refuses a second enrolment with the real bootstrap secret: it enrolled once, at network start', async () => {
      const secret = fs.readFileSync(bootstrapSecretFile('org1'), 'utf8').trim();

      const attempt = newCa().enroll({ enrollmentID: 'admin', enrollmentSecret: secret });

      await expect(attempt).to.be.rejectedWith(/maximum enrollment|Authentication failure/i);
    });

    it('enrolls a registered secret once and refuses it the second time', async () => {
      const session = openCaSession(org1);
      const name = uniqueId('once');
      const secret = uniqueId('secret');
      await session.ca.register(
        { enrollmentID: name, enrollmentSecret: secret, role: 'client', affiliation: '' },
        session.registrar,
      );

      const first = await session.ca.enroll({ enrollmentID: name, enrollmentSecret: secret });
      const second = session.ca.enroll({ enrollmentID: name, enrollmentSecret: secret });

      expect(first.certificate).to.include('BEGIN CERTIFICATE');
      await expect(second).to.be.rejectedWith(/maximum enrollment|Authentication failure/i);
    });

    it('refuses to register an identity with unlimited enrolments', async () => {
      const session = openCaSession(org1);

      const attempt = session.ca.register(
        { enrollmentID: uniqueId('unlimited'), role: 'client', affiliation: '', maxEnrollments: -1 },
        session.registrar,
      );

      await expect(attempt).to.be.rejectedWith(/infinite enrollments is not allowed/);
    });
  });

  describe('ledger users', function () {
    const alice = uniqueId('alice');
    const sessions: LedgerSession[] = [];
    const contractOf = (user: string): Contract => {
      const session = openLedger('org1', user);
      sessions.push(session);
      return session.contract;
    };
    let accountId: string;

    after(() => {
      sessions.forEach((s) => {
        s.close();
      });
    });

    it('prints its own usage for --help', async () => {
      const run = await runLedgerCli(['users', '--help']);

      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/^Usage: ledger users add --org ORG --name NAME --role ROLE/);
      expect(run.stdout).to.include('ledger users revoke --org ORG --name NAME [--reason REASON]');
    });

    it('refuses a bad name, naming the field, with exit status 2', async () => {
      const run = await runLedgerCli([
        'users',
        'add',
        '--org',
        'org1',
        '--name',
        'bad name',
        '--role',
        'teller',
      ]);

      expect(run.code).to.equal(2);
      expect(run.stderr).to.include('--name');
    });

    it('adds a teller whose credentials are on disk, key 0600, and lists it as not revoked', async () => {
      const added = await runLedgerCli([
        'users',
        'add',
        '--org',
        'org1',
        '--name',
        alice,
        '--role',
        'teller',
      ]);
      expect(added.code, added.stderr).to.equal(0);
      const out = JSON.parse(added.stdout) as { name: string; role: string; mspId: string; mspDir: string };
      expect(out).to.include({ name: alice, role: 'teller', mspId: 'Org1MSP' });
      expect(octal(modeOf(path.join(out.mspDir, 'keystore', 'key.pem')))).to.equal('0600');
      expect(fs.readFileSync(path.join(out.mspDir, 'signcerts', 'cert.pem'), 'utf8')).to.include(
        'BEGIN CERTIFICATE',
      );

      const listed = await runLedgerCli(['users', 'list', '--org', 'org1']);
      expect(listed.code, listed.stderr).to.equal(0);
      const users = listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { name: string; role: string | null; revoked: boolean });
      expect(users).to.deep.include({ name: alice, role: 'teller', revoked: false });
      expect(users).to.deep.include({ name: 'teller1', role: 'teller', revoked: false });
    });

    it('refuses to add the same name twice', async () => {
      const again = await runLedgerCli([
        'users',
        'add',
        '--org',
        'org1',
        '--name',
        alice,
        '--role',
        'auditor',
      ]);

      expect(again.code).to.equal(1);
      expect(again.stderr).to.include('already registered');
    });

    it('lets the new user invoke the chaincode on the peer directly', async () => {
      accountId = uniqueId('rev-acc');

      await contractOf(alice).submitTransaction('Accounts:OpenAccount', accountId, 'cust-rev', 'USD');
      const account = JSON.parse(
        text(await contractOf(alice).evaluateTransaction('Accounts:GetAccount', accountId)),
      ) as {
        id?: string;
      };

      expect(JSON.stringify(account)).to.include(accountId);
    });

    it('revokes it: CRL in the channel configuration, its proposals refused, another Org1 user still served', async () => {
      const revoked = await runLedgerCli([
        'users',
        'revoke',
        '--org',
        'org1',
        '--name',
        alice,
        '--reason',
        'keycompromise',
      ]);
      expect(revoked.code, revoked.stderr).to.equal(0);
      const out = JSON.parse(revoked.stdout) as {
        name: string;
        configBlock: number;
        peers: string[];
        crlPath: string;
        revokedSerials: string[];
      };
      expect(out.name).to.equal(alice);
      expect(out.configBlock).to.be.a('number').and.greaterThan(0);
      expect(out.peers).to.include.members(['Org1MSP', 'Org2MSP']);
      expect(out.revokedSerials).to.have.length.greaterThan(0);
      expect(fs.readFileSync(out.crlPath, 'utf8')).to.include('BEGIN X509 CRL');

      const refused = await contractOf(alice)
        .evaluateTransaction('Accounts:GetAccount', accountId)
        .then(
          () => 'served',
          (err: unknown) => refusal(err),
        );
      expect(refused).to.not.equal('served');
      expect(refused).to.match(/revoked|access denied|creator/i);

      const other = await contractOf('teller1').evaluateTransaction('Accounts:GetAccount', accountId);
      expect(text(other)).to.include(accountId);
    });

    it('lists the revoked user as revoked', async () => {
      const listed = await runLedgerCli(['users', 'list', '--org', 'org1']);

      expect(listed.code, listed.stderr).to.equal(0);
      expect(listed.stdout).to.include(JSON.stringify({ name: alice, role: 'teller', revoked: true }));
      expect(listed.stdout).to.include(JSON.stringify({ name: 'teller1', role: 'teller', revoked: false }));
    });
  });
});
