import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { certificateSha256 } from '@chaincode/ledgerContext';

const PEM = readFileSync(path.join(__dirname, '../../vectors/receipt/private/signer.cert.pem'), 'utf8');

describe('certificateSha256', () => {
  it('is the SHA-256 of the DER inside a PEM certificate, the fingerprint openssl and node report', () => {
    const want = new X509Certificate(PEM).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(certificateSha256(Buffer.from(PEM))).to.equal(want);
  });

  it('is the SHA-256 of the identity bytes as they are when they hold no PEM certificate', () => {
    const bytes = Buffer.from('x509::CN=user::CN=ca');
    expect(certificateSha256(bytes)).to.equal(createHash('sha256').update(bytes).digest('hex'));
  });
});
