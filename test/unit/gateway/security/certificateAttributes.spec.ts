import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { fabricAttributes, ledgerRole } from '@gateway/security/certificateAttributes';

// Fixtures made by ./fixtures/generate.sh (openssl, the extension encoded as fabric-ca does).
const der = (name: string): Buffer =>
  new X509Certificate(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.pem`))).raw;

/** One DER element (definite length, short or long form). */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

/** Extension { extnID 1.2.3.4.5.6.7.8.1, extnValue OCTET STRING value }. */
const attrsExtension = (value: Buffer): Buffer =>
  tlv(0x30, Buffer.from('06082a03040506070801', 'hex'), tlv(0x04, value));

/**
 * The skeleton of an X.509 v3 certificate: Certificate { tbsCertificate { [0] version, serial,
 * algorithm, issuer, validity, subject, subjectPublicKeyInfo, [3] extensions }, algorithm, signature }
 * (the signature and key are not real: only the structure matters to the parser).
 */
function certificate(parts: { subject?: Buffer; extensions?: Buffer[] }): Buffer {
  const algorithm = tlv(0x30, tlv(0x06, Buffer.from('2a8648ce3d040302', 'hex')));
  const name = tlv(
    0x30,
    tlv(0x31, tlv(0x30, tlv(0x06, Buffer.from('550403', 'hex')), tlv(0x0c, Buffer.from('x')))),
  );
  const time = tlv(0x17, Buffer.from('260101000000Z'));
  const tbs = tlv(
    0x30,
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, Buffer.from([1])),
    algorithm,
    name,
    tlv(0x30, time, time),
    parts.subject ?? name,
    tlv(0x30, algorithm, tlv(0x03, Buffer.from([0, 4]))),
    ...(parts.extensions === undefined ? [] : [tlv(0xa3, tlv(0x30, ...parts.extensions))]),
  );
  return tlv(0x30, tbs, algorithm, tlv(0x03, Buffer.from([0])));
}

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
      expect(
        fabricAttributes(certificate({ extensions: [attrsExtension(Buffer.from('[1]'))] })),
      ).to.deep.equal({});
    });

    it('keeps only string attribute values', function () {
      const json = Buffer.from('{"attrs":{"ledger.role":"teller","n":1}}');
      expect(fabricAttributes(certificate({ extensions: [attrsExtension(json)] }))).to.deep.equal({
        'ledger.role': 'teller',
      });
    });

    it('reads the attribute extension among other extensions of a hand-made certificate', function () {
      const json = Buffer.from('{"attrs":{"ledger.role":"gateway"}}');
      const other = tlv(0x30, tlv(0x06, Buffer.from('551d13', 'hex')), tlv(0x04, Buffer.from('3000', 'hex')));
      expect(fabricAttributes(certificate({ extensions: [other, attrsExtension(json)] }))).to.deep.equal({
        'ledger.role': 'gateway',
      });
    });

    it('finds no attributes when the OID and a role JSON are in the subject but not an extension', function () {
      const json = Buffer.from('{"attrs":{"ledger.role":"gateway"}}');
      // The subject RDN SEQUENCE { OID 1.2.3.4.5.6.7.8.1, OCTET STRING json } has the very bytes of an
      // attribute extension; the certificate has no extensions at all, then only an unrelated one.
      const subject = tlv(0x30, tlv(0x31, attrsExtension(json)));
      expect(fabricAttributes(certificate({ subject }))).to.deep.equal({});
      const basic = tlv(0x30, tlv(0x06, Buffer.from('551d13', 'hex')), tlv(0x04, Buffer.from('3000', 'hex')));
      expect(fabricAttributes(certificate({ subject, extensions: [basic] }))).to.deep.equal({});
    });

    it("finds no attributes when the extension bytes are inside another extension's value", function () {
      const json = Buffer.from('{"attrs":{"ledger.role":"gateway"}}');
      const wrapper = tlv(0x30, tlv(0x06, Buffer.from('2a0304', 'hex')), tlv(0x04, attrsExtension(json)));
      expect(fabricAttributes(certificate({ extensions: [wrapper] }))).to.deep.equal({});
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
