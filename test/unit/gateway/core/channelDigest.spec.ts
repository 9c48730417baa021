import { generateKeyPairSync } from 'node:crypto';

import { expect } from 'chai';

import {
  CHANNEL_DIGEST_SIGNING_PREFIX,
  digestSigningBytes,
  InvalidArgumentError,
  type LedgerDigest,
  parseDigestSigningBytes,
  sha256,
  signDigest,
  toHex,
  utf8,
  verifyDigestSignature,
} from '@gateway/core';

const MAIN: LedgerDigest = {
  treeSize: 5,
  rootHash: sha256(utf8('root')),
  chainTipHash: sha256(utf8('tip')),
  lastBlockNumber: 42n,
};
const OTHER: LedgerDigest = { ...MAIN, channel: 'two' };

describe('channel digests (v3 signed bytes)', () => {
  it('are the v3 prefix, the channel name with its length byte, then the v2 fields', () => {
    const v2 = digestSigningBytes(MAIN);
    const v3 = digestSigningBytes(OTHER);
    expect(toHex(v3)).to.equal(
      toHex(utf8(CHANNEL_DIGEST_SIGNING_PREFIX)) + '03' + toHex(utf8('two')) + toHex(v2.subarray(17)),
    );
    expect(v3).to.have.length(97 + 1 + 3);
  });

  it('leave the main channel digest (no channel) at its 97 v2 bytes', () => {
    expect(digestSigningBytes(MAIN)).to.have.length(97);
    expect(parseDigestSigningBytes(digestSigningBytes(MAIN)).channel).to.equal(undefined);
  });

  it('parse back to the same digest with its channel', () => {
    expect(parseDigestSigningBytes(digestSigningBytes(OTHER))).to.deep.equal(OTHER);
  });

  it('refuse v3 bytes whose length byte does not match their length', () => {
    const bytes = digestSigningBytes(OTHER);
    const cut = bytes.slice(0, bytes.length - 1);
    expect(() => parseDigestSigningBytes(cut)).to.throw(InvalidArgumentError, /bytes/);
  });

  it('refuse a channel that is not a Fabric channel name', () => {
    expect(() => digestSigningBytes({ ...MAIN, channel: 'Two' })).to.throw(InvalidArgumentError, /channel/);
    expect(() => digestSigningBytes({ ...MAIN, channel: '' })).to.throw(InvalidArgumentError, /channel/);
  });

  it('verify only for the channel they were signed for', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signature = signDigest(OTHER, privateKey);
    expect(verifyDigestSignature(OTHER, signature, publicKey)).to.equal(true);
    expect(verifyDigestSignature({ ...OTHER, channel: 'three' }, signature, publicKey)).to.equal(false);
    expect(verifyDigestSignature(MAIN, signature, publicKey)).to.equal(false);
    expect(verifyDigestSignature(OTHER, signDigest(MAIN, privateKey), publicKey)).to.equal(false);
  });
});
