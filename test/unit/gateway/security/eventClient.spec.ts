import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { eventClientOf } from '@gateway/security/eventClient';

const PEM = readFileSync(path.join(__dirname, '../../../vectors/receipt/private/signer.cert.pem'), 'utf8');

describe('eventClientOf', () => {
  it('gives the certificate fingerprint and its subject as one line, from PEM or DER alike', () => {
    const cert = new X509Certificate(PEM);
    const want = {
      cert: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
      subject: 'O=Org1, OU=client, CN=ledger-vectors-digest-signer',
    };
    expect(eventClientOf(PEM)).to.deep.equal(want);
    expect(eventClientOf(new Uint8Array(cert.raw))).to.deep.equal(want);
  });

  it('throws for bytes that are not a certificate', () => {
    expect(() => eventClientOf(new Uint8Array([1, 2, 3]))).to.throw();
  });
});
