// The auditor's trust file (gateway/src/security/trustFile.ts). Fixtures: test/unit/gateway/export/fixtures.
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { spkiSha256 } from '@gateway/security/digestSigner';
import { addToTrust, encodeTrustFile, parseTrustFile, TrustFileError } from '@gateway/security/trustFile';

const FIXTURES = path.join(__dirname, '..', 'export', 'fixtures');
const pem = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const CA = new X509Certificate(pem('ca.cert.pem')).toString();
const OTHER_CA = new X509Certificate(pem('other-ca.cert.pem')).toString();
const CRL = pem('ca.crl.pem');
const SIGNER = pem('signer.cert.pem');

const file = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const good = {
  format: 'ledger-trust-v1',
  members: [{ mspId: 'Org1MSP', caCerts: [CA], crls: [CRL], signers: [{ subject: 'CN=gateway1' }] }],
};

/** The field a malformed file is refused for. */
function badField(value: unknown): string {
  try {
    parseTrustFile(file(value));
  } catch (err) {
    if (err instanceof TrustFileError) return err.field;
    throw err;
  }
  return 'accepted';
}

describe('trustFile', function () {
  describe('#parseTrustFile', function () {
    it('reads members, CA certificates, CRLs and pins, and writes them back byte for byte', function () {
      const trust = parseTrustFile(file(good));
      expect(trust.members[0]).to.deep.include({ mspId: 'Org1MSP', caCerts: [CA], crls: [CRL] });
      expect(parseTrustFile(Buffer.from(encodeTrustFile(trust)))).to.deep.equal(trust);
    });

    it('takes missing crls and signers as none', function () {
      const trust = parseTrustFile(
        file({ format: 'ledger-trust-v1', members: [{ mspId: 'A', caCerts: [CA] }] }),
      );
      expect(trust.members[0]).to.deep.include({ crls: [], signers: [] });
    });

    it('names the bad field of a malformed file', function () {
      const m = good.members[0];
      expect(badField({ ...good, format: 'v0' })).to.equal('format');
      expect(badField({ ...good, extra: 1 })).to.equal('extra');
      expect(badField({ format: 'ledger-trust-v1' })).to.equal('members');
      expect(badField({ ...good, members: [{ ...m, mspid: 'x' }] })).to.equal('members[0].mspid');
      expect(badField({ ...good, members: [{ ...m, mspId: '' }] })).to.equal('members[0].mspId');
      expect(badField({ ...good, members: [{ ...m, caCerts: [] }] })).to.equal('members[0].caCerts');
      expect(badField({ ...good, members: [{ ...m, caCerts: [CA, 'junk'] }] })).to.equal(
        'members[0].caCerts[1]',
      );
      expect(badField({ ...good, members: [{ ...m, signers: [{ spkiSha256: 'AB' }] }] })).to.equal(
        'members[0].signers[0].spkiSha256',
      );
      expect(
        badField({ ...good, members: [{ ...m, signers: [{ subject: 'a', spkiSha256: 'b' }] }] }),
      ).to.equal('members[0].signers[0]');
      expect(badField({ ...good, members: [m, m] })).to.equal('members[1].mspId');
    });

    it('says what the bad field held and what it should hold', function () {
      const m = good.members[0];
      const messageOf = (value: unknown): string => {
        try {
          parseTrustFile(file(value));
        } catch (err) {
          return (err as Error).message;
        }
        return 'accepted';
      };
      expect(messageOf({ ...good, format: 'v0' })).to.equal(
        'trust file format: got "v0", want "ledger-trust-v1"',
      );
      expect(messageOf({ ...good, members: [{ ...m, caCerts: [CA, 'junk'] }] })).to.equal(
        'trust file members[0].caCerts[1]: got "junk", want a PEM certificate',
      );
      expect(
        messageOf({ ...good, members: [{ ...m, signers: [{ subject: 'a', spkiSha256: 'b' }] }] }),
      ).to.match(/^trust file members\[0\]\.signers\[0\]: got .*, want exactly one of subject, spkiSha256$/);
      expect(messageOf({ ...good, members: [m, m] })).to.equal(
        'trust file members[1].mspId: got "Org1MSP", want each MSP id once',
      );
      expect(messageOf(good)).to.equal('accepted');
    });

    it("refuses a CRL that is not issued by one of the member's CAs", function () {
      const m = good.members[0];
      expect(badField({ ...good, members: [{ ...m, caCerts: [OTHER_CA] }] })).to.equal('members[0].crls[0]');
    });

    it('refuses text that is not JSON', function () {
      expect(() => parseTrustFile(Buffer.from('{'))).to.throw(TrustFileError, /not JSON/);
    });
  });

  describe('#addToTrust', function () {
    it('adds a member, then extends it: one copy of each CA, the newest CRL, each pin once', function () {
      const once = addToTrust({ members: [] }, { mspId: 'Org1MSP', caCert: CA, crl: CRL, pinCert: SIGNER });
      const twice = addToTrust(once, { mspId: 'Org1MSP', caCert: CA, crl: CRL, pinCert: SIGNER });
      const spki = spkiSha256(new X509Certificate(SIGNER));
      expect(twice).to.deep.equal({
        members: [{ mspId: 'Org1MSP', caCerts: [CA], crls: [CRL], signers: [{ spkiSha256: spki }] }],
      });
      const more = addToTrust(twice, { mspId: 'Org2MSP', caCert: OTHER_CA });
      expect(more.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it("refuses a CRL that is not the given CA's", function () {
      expect(() => addToTrust({ members: [] }, { mspId: 'Org2MSP', caCert: OTHER_CA, crl: CRL }))
        .to.throw(TrustFileError)
        .with.property('field', '--crl');
    });
  });
});
