import * as crypto from 'node:crypto';
import { expect } from 'chai';

import { decodeDerSignature, isCanonicalP256 } from '@gateway/core/ecdsaSignature';
import { newNativeSigner } from '@gateway/fabric/connect';

describe('the native Fabric signer', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const sign = newNativeSigner(privateKey);

  it('signs the whole message so that SHA-256 ECDSA verification accepts it', async () => {
    const message = Buffer.from('a Fabric proposal, not a digest');
    const signature = await sign(message);
    expect(crypto.verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).to.equal(
      true,
    );
    expect(
      crypto.verify(
        'sha256',
        Buffer.from('another message'),
        { key: publicKey, dsaEncoding: 'der' },
        signature,
      ),
    ).to.equal(false);
  });

  it('always gives DER signatures with a low S, as Fabric requires', async () => {
    for (let i = 0; i < 64; i++) {
      const message = Buffer.from(`message ${i}`);
      const decoded = decodeDerSignature(await sign(message));
      expect(decoded, `signature ${i} is DER`).to.not.equal(undefined);
      if (decoded !== undefined) expect(isCanonicalP256(decoded), `signature ${i} is low-S`).to.equal(true);
    }
  });
});
