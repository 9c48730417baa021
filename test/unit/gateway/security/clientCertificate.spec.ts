// Verifying callers' client certificates against the channel's members: issuer, dates, CRL. Fixtures:
// test/unit/gateway/export/fixtures (the org CA, its CRL revoking `revoked`, another CA).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import type { ChannelTrust } from '@gateway/security/channelTrust';
import {
  newClientCertificateVerifier,
  verifyClientCertificate,
  type ClientVerdict,
} from '@gateway/security/clientCertificate';

const FIXTURES = path.join(__dirname, '..', 'export', 'fixtures');
const pem = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const der = (name: string): Uint8Array => new Uint8Array(new X509Certificate(pem(`${name}.cert.pem`)).raw);
const CA = pem('ca.cert.pem');
const OTHER_CA = pem('other-ca.cert.pem');
const CRL = pem('ca.crl.pem');
const AT = new Date('2027-01-01T00:00:00Z');

const trust = (crls: readonly string[] = [CRL]): ChannelTrust => ({
  configBlock: 4n,
  members: [
    { mspId: 'Org1MSP', rootCerts: [CA], intermediateCerts: [], crls },
    { mspId: 'Org2MSP', rootCerts: [], intermediateCerts: [], crls: [] },
  ],
});

const failure = (verdict: ClientVerdict): string => (verdict.ok ? 'ok' : verdict.failure);
const message = (verdict: ClientVerdict): string => (verdict.ok ? 'ok' : verdict.message);

describe('clientCertificate', function () {
  describe('#verifyClientCertificate', function () {
    it('accepts a teller of a member CA with its MSP id, role and subject', function () {
      const verdict = verifyClientCertificate(der('teller'), trust(), AT);

      expect(verdict).to.include({
        ok: true,
        mspId: 'Org1MSP',
        role: 'teller',
        subject: 'O=Org1MSP, OU=client, CN=export-test-teller',
      });
    });

    it('accepts a member certificate without ledger.role, with an empty role', function () {
      expect(verifyClientCertificate(der('roleless'), trust(), AT)).to.include({ ok: true, role: '' });
    });

    it('refuses a call without a certificate, listing the members', function () {
      const verdict = verifyClientCertificate(undefined, trust(), AT);

      expect(failure(verdict)).to.equal('no_certificate');
      expect(message(verdict)).to.equal(
        'no client certificate: a certificate issued by a member org of the channel (Org1MSP, Org2MSP) is required',
      );
    });

    it('refuses a certificate of a CA that is not a member', function () {
      const verdict = verifyClientCertificate(der('othergateway'), trust(), AT);

      expect(failure(verdict)).to.equal('untrusted_ca');
      expect(message(verdict)).to.equal(
        'client certificate "O=Org1MSP, OU=client, CN=export-test-othergateway" is not issued by a CA of a member org of the channel (members: Org1MSP, Org2MSP)',
      );
    });

    it('accepts that certificate once its CA is a member root', function () {
      const withOther: ChannelTrust = {
        configBlock: 5n,
        members: [{ mspId: 'Org2MSP', rootCerts: [OTHER_CA], intermediateCerts: [], crls: [] }],
      };
      expect(verifyClientCertificate(der('othergateway'), withOther, AT)).to.include({
        ok: true,
        mspId: 'Org2MSP',
      });
    });

    it('refuses every certificate when the channel has no member', function () {
      const none: ChannelTrust = { configBlock: 6n, members: [] };
      expect(failure(verifyClientCertificate(der('teller'), none, AT))).to.equal('untrusted_ca');
    });

    it('refuses an expired certificate, naming its end date and MSP', function () {
      const verdict = verifyClientCertificate(der('expired'), trust(), AT);

      expect(failure(verdict)).to.equal('expired');
      expect(message(verdict)).to.equal(
        'client certificate "O=Org1MSP, OU=client, CN=export-test-expired" (Org1MSP) expired on 2026-01-01T00:00:00Z',
      );
    });

    it('accepts that certificate at a time within its validity', function () {
      expect(verifyClientCertificate(der('expired'), trust(), new Date('2025-06-01T00:00:00Z')).ok).to.equal(
        true,
      );
    });

    it('refuses a certificate before its validity starts', function () {
      const verdict = verifyClientCertificate(der('teller'), trust(), new Date('2026-11-01T00:00:00Z'));

      expect(failure(verdict)).to.equal('not_yet_valid');
      expect(message(verdict)).to.contain('is not valid before 2026-12-01T00:00:00Z');
    });

    it("refuses a certificate the member's CRL revokes, naming the serial", function () {
      const verdict = verifyClientCertificate(der('revoked'), trust(), AT);

      expect(failure(verdict)).to.equal('revoked');
      expect(message(verdict)).to.match(/\(Org1MSP\) is revoked by its CA \(serial [0-9a-f]+\)$/);
    });

    it('accepts that certificate when the channel configuration carries no CRL', function () {
      expect(verifyClientCertificate(der('revoked'), trust([]), AT).ok).to.equal(true);
    });

    it('refuses bytes that are not a certificate', function () {
      expect(failure(verifyClientCertificate(new Uint8Array([1, 2, 3]), trust(), AT))).to.equal('unreadable');
    });
  });

  describe('#newClientCertificateVerifier', function () {
    it('verifies against the trust in force at each call: a removed member is refused at once', function () {
      let current = trust();
      const verifier = newClientCertificateVerifier(() => current);
      expect(verifier.verify(der('teller'), AT).ok).to.equal(true);

      current = {
        configBlock: 9n,
        members: [{ mspId: 'Org2MSP', rootCerts: [OTHER_CA], intermediateCerts: [], crls: [] }],
      };

      expect(failure(verifier.verify(der('teller'), AT))).to.equal('untrusted_ca');
    });

    it('refuses a cached accepted certificate once it has expired', function () {
      const verifier = newClientCertificateVerifier(() => trust());
      expect(verifier.verify(der('expired'), new Date('2025-06-01T00:00:00Z')).ok).to.equal(true);

      expect(failure(verifier.verify(der('expired'), AT))).to.equal('expired');
    });
  });
});
