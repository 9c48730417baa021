import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { fabricAttributes, ledgerRole } from '../../../../gateway/src/security/certificateAttributes';

// Fixtures made by ./fixtures/generate.sh (openssl, the extension encoded as fabric-ca does).
const der = (name: string): Buffer =>
  new X509Certificate(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.pem`))).raw;

describe('certificateAttributes', function () {
  describe('#fabricAttributes', function () {
    it('reads every attribute of the Fabric CA extension', function () {
      expect(fabricAttributes(der('teller1'))).to.deep.equal({
        'hf.EnrollmentID': 'teller1',
        'hf.Type': 'client',
        'ledger.role': 'teller',
      });
    });

    it('reads the extension when it is marked critical', function () {
      expect(fabricAttributes(der('auditor2'))).to.deep.equal({ 'ledger.role': 'auditor' });
    });

    it('returns no attributes for a certificate without the extension', function () {
      expect(fabricAttributes(der('plain1'))).to.deep.equal({});
    });

    it('returns no attributes for bytes that are not DER', function () {
      expect(fabricAttributes(Buffer.from('not a certificate'))).to.deep.equal({});
      expect(fabricAttributes(new Uint8Array())).to.deep.equal({});
    });

    it('returns no attributes for a certificate cut short', function () {
      const full = der('teller1');
      expect(fabricAttributes(full.subarray(0, full.length - 200))).to.deep.equal({});
    });

    it('ignores an extension whose value is not the attrs JSON', function () {
      // SEQUENCE { OID 1.2.3.4.5.6.7.8.1, OCTET STRING "[1]" }
      const ext = Buffer.from('300f0608 2a030405 06070801 0403 5b315d'.replace(/ /g, ''), 'hex');
      expect(fabricAttributes(ext)).to.deep.equal({});
    });

    it('keeps only string attribute values', function () {
      const json = Buffer.from('{"attrs":{"ledger.role":"teller","n":1}}');
      const ext = Buffer.concat([
        Buffer.from([0x30, 12 + json.length]),
        Buffer.from('06082a0304050607080104', 'hex'),
        Buffer.from([json.length]),
        json,
      ]);
      expect(fabricAttributes(ext)).to.deep.equal({ 'ledger.role': 'teller' });
    });
  });

  describe('#ledgerRole', function () {
    it('returns the ledger.role attribute', function () {
      expect(ledgerRole(der('teller1'))).to.equal('teller');
    });

    it('returns an empty string when the certificate has no role', function () {
      expect(ledgerRole(der('plain1'))).to.equal('');
    });
  });
});
