import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { newClientIdentifier } from '../../../../gateway/src/security/clientIdentity';

const pem = (name: string): string =>
  fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.pem`), 'utf8');
const der = (name: string): Buffer => new X509Certificate(pem(name)).raw;

describe('clientIdentity', function () {
  describe('#newClientIdentifier', function () {
    const identifier = newClientIdentifier([
      { mspId: 'Org1MSP', certificatePem: pem('org1-ca') },
      { mspId: 'Org2MSP', certificatePem: pem('org2-ca') },
    ]);

    it('names the MSP of the CA that issued the certificate and its role', function () {
      expect(identifier.identify(der('teller1'))).to.deep.include({ mspId: 'Org1MSP', role: 'teller' });
      expect(identifier.identify(der('auditor2'))).to.deep.include({ mspId: 'Org2MSP', role: 'auditor' });
    });

    it('gives an empty role to a certificate without the attribute', function () {
      expect(identifier.identify(der('plain1'))).to.deep.include({ mspId: 'Org1MSP', role: '' });
    });

    it('does not identify a certificate from a CA that is not configured', function () {
      const org1Only = newClientIdentifier([{ mspId: 'Org1MSP', certificatePem: pem('org1-ca') }]);
      expect(org1Only.identify(der('auditor2'))).to.equal(undefined);
    });

    it('does not identify bytes that are not a certificate', function () {
      expect(identifier.identify(Buffer.from('garbage'))).to.equal(undefined);
    });

    it('does not take a CA certificate with the same subject but another key as the issuer', function () {
      // org2's CA presented under Org1MSP: the subject does not match, the signature does not verify.
      const wrong = newClientIdentifier([{ mspId: 'Org1MSP', certificatePem: pem('org2-ca') }]);
      expect(wrong.identify(der('teller1'))).to.equal(undefined);
    });

    it('lists the MSP ids it trusts', function () {
      expect(identifier.mspIds).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });
  });
});
