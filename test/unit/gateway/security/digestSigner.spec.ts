// Who may sign a digest (gateway/src/security/digestSigner.ts). Fixtures: the org CA, its CRL and the
// digest signers it issues, made by test/unit/gateway/export/fixtures/generate.sh.
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  checkDigestSigner,
  crlIssuedBy,
  spkiSha256,
  trustOfOrgCa,
  type DigestSignerTrust,
  type SignerPin,
} from '@gateway/security/digestSigner';

const FIXTURES = path.join(__dirname, '..', 'export', 'fixtures');
const pem = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const CA = pem('ca.cert.pem');
const OTHER_CA = pem('other-ca.cert.pem');
const CRL = pem('ca.crl.pem');
const cert = (name: string): string => pem(`${name}.cert.pem`);
const subject = (name: string): string => `O=Org1MSP, OU=client, CN=export-test-${name}`;
const AT = new Date('2027-01-01T00:00:00Z');

function member(pins: readonly SignerPin[] = [], crls: readonly string[] = []): DigestSignerTrust {
  return { members: [{ mspId: 'Org1MSP', caCerts: [CA], crls, signers: pins }] };
}

/** The refusal reason, or 'ok'. */
function why(name: string, trust: DigestSignerTrust, at = AT): string {
  const verdict = checkDigestSigner(cert(name), trust, at);
  return verdict.ok ? 'ok' : verdict.reason;
}

/** The CRL with the last byte of its signature changed. */
function tamperedCrl(): string {
  const der = Buffer.from(CRL.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s/g, ''), 'base64');
  der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0x01;
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN X509 CRL-----\n${body}\n-----END X509 CRL-----\n`;
}

describe('digestSigner', function () {
  describe('#checkDigestSigner', function () {
    it('accepts a ledger.role=gateway certificate of a trusted CA and names its member', function () {
      expect(checkDigestSigner(cert('signer'), member(), AT)).to.deep.equal({
        ok: true,
        subject: subject('signer'),
        mspId: 'Org1MSP',
      });
    });

    it('refuses a teller certificate of the same trusted CA, naming its role', function () {
      expect(why('teller', member())).to.equal(
        `the digest signer "${subject('teller')}" has ledger.role "teller", want "gateway"`,
      );
    });

    it('refuses a certificate of the trusted CA that carries no ledger.role', function () {
      expect(why('roleless', member())).to.equal(
        `the digest signer "${subject('roleless')}" has no ledger.role attribute, want "gateway"`,
      );
    });

    it('refuses a gateway certificate that expired before the verification time, naming the date', function () {
      expect(why('expired', member())).to.equal(
        `the digest signer "${subject('expired')}" expired on 2026-01-01T00:00:00Z`,
      );
    });

    it('accepts that expired gateway certificate at a time within its validity', function () {
      expect(why('expired', member(), new Date('2025-06-01T00:00:00Z'))).to.equal('ok');
    });

    it('refuses a gateway certificate before its validity starts', function () {
      expect(why('signer', member(), new Date('2026-11-01T00:00:00Z'))).to.equal(
        `the digest signer "${subject('signer')}" is not valid before 2026-12-01T00:00:00Z`,
      );
    });

    it('refuses a gateway certificate whose key usage lacks digitalSignature', function () {
      expect(why('nosign', member())).to.equal(
        `the digest signer "${subject('nosign')}" has a key usage without digitalSignature`,
      );
    });

    it("refuses a gateway certificate the CA's CRL revokes, naming the serial", function () {
      expect(why('revoked', member([], [CRL]))).to.equal(
        `the digest signer "${subject('revoked')}" is revoked (serial 14)`,
      );
    });

    it('accepts that revoked certificate when no CRL is given (revocation needs the CRL)', function () {
      expect(why('revoked', member())).to.equal('ok');
    });

    it("accepts a good signer when the CA's CRL is given and does not list it", function () {
      expect(why('signer', member([], [CRL]))).to.equal('ok');
    });

    it('refuses a CRL that names the CA as issuer but is not signed by it', function () {
      expect(why('signer', member([], [tamperedCrl()]))).to.equal(
        `the digest signer "${subject('signer')}" could not be checked: the CRL of "O=Org1MSP, CN=export-test-ca" is not signed by that CA`,
      );
    });

    it('refuses a gateway certificate issued by a CA that is not trusted', function () {
      expect(why('othergateway', member())).to.equal(
        `the digest signer "${subject('othergateway')}" is not issued by a trusted CA`,
      );
    });

    it('accepts that certificate when its CA is a trusted member too', function () {
      const trust = {
        members: [...member().members, { mspId: 'Org2MSP', caCerts: [OTHER_CA], crls: [], signers: [] }],
      };
      expect(checkDigestSigner(cert('othergateway'), trust, AT)).to.include({ ok: true, mspId: 'Org2MSP' });
    });

    it('accepts a pinned signer by subject and by the SHA-256 of its public key', function () {
      const spki = spkiSha256(new X509Certificate(cert('signer')));
      expect(why('signer', member([{ subject: subject('signer') }]))).to.equal('ok');
      expect(why('signer', member([{ subject: 'CN=other' }, { spkiSha256: spki }]))).to.equal('ok');
    });

    it('refuses a gateway certificate that matches none of the pinned signers', function () {
      const spki = spkiSha256(new X509Certificate(cert('signer')));
      expect(
        why('signer', member([{ subject: subject('teller') }, { spkiSha256: '0'.repeat(64) }])),
      ).to.equal(
        `the digest signer "${subject('signer')}" (SPKI SHA-256 ${spki}) matches none of the 2 signers pinned for Org1MSP`,
      );
    });

    it('refuses text that is not a certificate', function () {
      expect(checkDigestSigner('nope', trustOfOrgCa(CA), AT)).to.deep.equal({
        ok: false,
        subject: '',
        reason: "the digest signer's certificate is not a PEM certificate",
      });
    });

    it('refuses every signer when nothing is trusted', function () {
      expect(why('signer', { members: [] })).to.match(/is not issued by a trusted CA$/);
    });
  });

  describe('#crlIssuedBy', function () {
    it("is true for the CA's own CRL, false for another CA, and throws for a forged signature", function () {
      expect(crlIssuedBy(CRL, CA)).to.equal(true);
      expect(crlIssuedBy(CRL, OTHER_CA)).to.equal(false);
      expect(() => crlIssuedBy(tamperedCrl(), CA)).to.throw(/is not signed by that CA/);
    });
  });
});
