import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { StatusCode, type Contract } from '@hyperledger/fabric-gateway';
import { awaitCommitted } from '@gateway/fabric/awaitCommitted';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import {
  layout,
  openLedger,
  submitWrite,
  text,
  uniqueId,
  type LedgerSession,
} from '@test-support/testNetwork';
import { operationsRequest, operatorCredentials } from '@test-support/operationsEndpoint';
import { orgLayout } from '@gateway/fabric/networkLayout';

/** A PEM private key of any kind (PKCS#8, EC, RSA, encrypted). */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

describe('native Fabric network', () => {
  let org1Teller: LedgerSession;
  let org2Auditor: LedgerSession;
  let ledgerAtOrg1: Contract;
  let ledgerAtOrg2: Contract;

  before(() => {
    org1Teller = openLedger('org1', 'teller1');
    org2Auditor = openLedger('org2', 'auditor1');
    ledgerAtOrg1 = org1Teller.contract;
    ledgerAtOrg2 = org2Auditor.contract;
  });

  after(() => {
    org1Teller.close();
    org2Auditor.close();
  });

  describe('channel and chaincode', () => {
    it('makes a transaction submitted at Org1 peer readable through Org2 peer', async () => {
      const accountNumber = uniqueId('net-acct');
      const opened = await submitWrite(
        ledgerAtOrg1,
        'Accounts:OpenAccount',
        accountNumber,
        'customer-net',
        'USD',
      );

      await awaitCommitted(org2Auditor.network, opened.commit);
      const account = JSON.parse(
        text(await ledgerAtOrg2.evaluateTransaction('Accounts:GetAccount', `Org1MSP/${accountNumber}`)),
      ) as {
        accountNumber: string;
        ownerMsp: string;
        balance: string;
      };

      expect(account).to.include({ accountNumber, ownerMsp: 'Org1MSP', balance: '0.00' });
    });

    it('invalidates at commit a transaction endorsed by Org1 alone (ENDORSEMENT_POLICY_FAILURE)', async () => {
      const accountNumber = uniqueId('net-one-org');
      const proposal = ledgerAtOrg1.newProposal('Accounts:OpenAccount', {
        arguments: [accountNumber, 'customer-net', 'USD'],
        endorsingOrganizations: ['Org1MSP'],
      });

      const status = await (await (await proposal.endorse()).submit()).getStatus();

      expect(status.code).to.equal(StatusCode.ENDORSEMENT_POLICY_FAILURE);
      expect(status.successful).to.equal(false);
      // Org2's peer has committed the same block, with the transaction marked invalid there too.
      await expect(awaitCommitted(org2Auditor.network, status)).to.be.rejectedWith(
        /as invalid: 10 \(ENDORSEMENT_POLICY_FAILURE\)/,
      );
      const read = ledgerAtOrg2.evaluateTransaction('Accounts:GetAccount', `Org1MSP/${accountNumber}`);
      await expect(read).to.be.rejected.then((err: unknown) => {
        expect(chaincodeErrorCode(err)).to.equal('NOT_FOUND');
      });
    });
  });

  describe('identities', () => {
    it('issues application users from the org CA with their ledger.role attribute', () => {
      const certPath = path.join(
        orgLayout(layout, 'org2').usersDir,
        'auditor1',
        'msp',
        'signcerts',
        'cert.pem',
      );
      const caPath = orgLayout(layout, 'org2').caCertPath;
      const cert = new X509Certificate(fs.readFileSync(certPath));

      expect(cert.verify(new X509Certificate(fs.readFileSync(caPath)).publicKey)).to.equal(true);
      expect(cert.raw.toString('latin1')).to.contain('"ledger.role":"auditor"');
    });

    it('writes every file that holds a private key (found by content) with mode 0600', () => {
      const keyFiles: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile() && PRIVATE_KEY.test(fs.readFileSync(full).toString('latin1')))
            keyFiles.push(full);
        }
      };
      walk(layout.runDir);

      expect(keyFiles.length).to.be.greaterThan(10);
      const loose = keyFiles
        .filter((k) => (fs.statSync(k).mode & 0o077) !== 0)
        .map((k) => `${path.relative(layout.runDir, k)} ${(fs.statSync(k).mode & 0o777).toString(8)}`);
      expect(loose).to.deep.equal([]);
    });
  });

  describe('operations endpoints', () => {
    const BASE = Number(process.env.NETWORK_PORT_BASE ?? '7000');
    const endpoints: readonly [string, number][] = [
      ['peer0-org1', BASE + 102],
      ['orderer1', BASE + 52],
    ];

    for (const [node, port] of endpoints) {
      it(`serves ${node}'s metrics over TLS to the operator's client certificate`, async () => {
        const answer = await operationsRequest(port, '/metrics');

        expect(answer.status).to.equal(200);
        expect(answer.body).to.match(/^# HELP /m);
      });

      it(`refuses ${node}'s metrics and log level to a client without a certificate`, async () => {
        const { ca } = operatorCredentials();

        await expect(operationsRequest(port, '/metrics', { ca })).to.be.rejected;
        await expect(operationsRequest(port, '/logspec', { ca }, 'PUT', '{"spec":"debug"}')).to.be.rejected;
      });
    }

    it('serves no metrics to a plaintext request', async () => {
      // Go answers plain HTTP on a TLS port with 400 (or the connection fails): never the metrics.
      const outcome = await fetch(`http://127.0.0.1:${BASE + 102}/metrics`).then(
        (r) => r.status,
        () => 'refused',
      );

      expect(outcome).to.not.equal(200);
    });
  });
});
