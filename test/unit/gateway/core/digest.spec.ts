import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import { expect } from 'chai';

import {
  DIGEST_SIGNING_BYTES_LENGTH,
  DIGEST_SIGNING_PREFIX,
  digestSigningBytes,
  EMPTY_ROOT,
  GENESIS_PREVIOUS_HASH,
  InvalidArgumentError,
  type LedgerDigest,
  parseDigestSigningBytes,
  sha256,
  signDigest,
  toHex,
  utf8,
  verifyDigestSignature,
} from '@gateway/core';
import { decodeDerSignature, encodeDerSignature, P256_ORDER } from '@gateway/core/ecdsaSignature';

const DIGEST: LedgerDigest = {
  treeSize: 5,
  rootHash: sha256(utf8('root')),
  chainTipHash: sha256(utf8('tip')),
  lastBlockNumber: 42n,
};

function p256(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

describe('digest', () => {
  describe('#digestSigningBytes', () => {
    it('is the prefix, u64 tree size, root, chain tip and u64 block number', () => {
      const bytes = digestSigningBytes(DIGEST);
      expect(bytes).to.have.length(DIGEST_SIGNING_BYTES_LENGTH);
      expect(DIGEST_SIGNING_BYTES_LENGTH).to.equal(97);
      expect(toHex(bytes)).to.equal(
        toHex(utf8(DIGEST_SIGNING_PREFIX)) +
          '0000000000000005' +
          toHex(DIGEST.rootHash) +
          toHex(DIGEST.chainTipHash) +
          '000000000000002a',
      );
      expect(DIGEST_SIGNING_PREFIX).to.equal('ledger-digest-v2\n');
    });

    it('accepts the empty journal with the empty root and a zero chain tip', () => {
      const empty = {
        treeSize: 0,
        rootHash: EMPTY_ROOT,
        chainTipHash: GENESIS_PREVIOUS_HASH,
        lastBlockNumber: 0n,
      };
      expect(digestSigningBytes(empty)).to.have.length(97);
    });

    it('rejects an empty journal with another root or chain tip', () => {
      expect(() => digestSigningBytes({ ...DIGEST, treeSize: 0 })).to.throw(
        InvalidArgumentError,
        /^rootHash:/,
      );
      expect(() => digestSigningBytes({ ...DIGEST, treeSize: 0, rootHash: EMPTY_ROOT })).to.throw(
        InvalidArgumentError,
        /^chainTipHash:/,
      );
    });

    it('rejects hashes that are not 32 bytes and numbers out of range, naming the field', () => {
      expect(() => digestSigningBytes({ ...DIGEST, rootHash: new Uint8Array(31) })).to.throw(
        /^rootHash: got 31 bytes/,
      );
      expect(() => digestSigningBytes({ ...DIGEST, chainTipHash: new Uint8Array(0) })).to.throw(
        /^chainTipHash:/,
      );
      expect(() => digestSigningBytes({ ...DIGEST, lastBlockNumber: -1n })).to.throw(/^lastBlockNumber:/);
      expect(() => digestSigningBytes({ ...DIGEST, treeSize: 1.5 })).to.throw(/^treeSize:/);
    });
  });

  describe('#parseDigestSigningBytes', () => {
    it('reads back what digestSigningBytes wrote', () => {
      const parsed = parseDigestSigningBytes(digestSigningBytes(DIGEST));
      expect(parsed.treeSize).to.equal(5);
      expect(parsed.lastBlockNumber).to.equal(42n);
      expect(toHex(parsed.rootHash)).to.equal(toHex(DIGEST.rootHash));
      expect(toHex(parsed.chainTipHash)).to.equal(toHex(DIGEST.chainTipHash));
    });

    it('rejects a wrong length or prefix', () => {
      const bytes = digestSigningBytes(DIGEST);
      expect(() => parseDigestSigningBytes(bytes.subarray(1))).to.throw(InvalidArgumentError, /got 96 bytes/);
      const other = Uint8Array.from(bytes);
      other[14] = 0x32; // "v2"
      expect(() => parseDigestSigningBytes(other)).to.throw(InvalidArgumentError, /another prefix/);
    });
  });

  describe('#signDigest', () => {
    it('produces a DER signature that verifies with the public key', () => {
      const { privateKey, publicKey } = p256();
      const signature = signDigest(DIGEST, privateKey);
      expect(signature[0]).to.equal(0x30);
      expect(verifyDigestSignature(DIGEST, signature, publicKey)).to.equal(true);
    });

    it('accepts a PEM private key and a PEM public key', () => {
      const { privateKey, publicKey } = p256();
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
      expect(verifyDigestSignature(DIGEST, signDigest(DIGEST, pem), publicPem)).to.equal(true);
    });

    it('always emits a low S, as Fabric requires', () => {
      const { privateKey } = p256();
      for (let i = 0; i < 32; i++) {
        const signature = decodeDerSignature(
          signDigest({ ...DIGEST, lastBlockNumber: BigInt(i) }, privateKey),
        )!;
        expect(signature.s <= P256_ORDER / 2n).to.equal(true);
      }
    });

    it('rejects keys that are not P-256 private keys', () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
      expect(() => signDigest(DIGEST, p384.privateKey)).to.throw(InvalidArgumentError, /P-256/);
      expect(() => signDigest(DIGEST, p256().publicKey)).to.throw(InvalidArgumentError, /a public key/);
      expect(() => signDigest(DIGEST, 'not a pem')).to.throw(
        InvalidArgumentError,
        /^privateKey: got unparsable PEM/,
      );
    });
  });

  describe('#verifyDigestSignature', () => {
    const { privateKey, publicKey } = p256();
    const signature = signDigest(DIGEST, privateKey);

    it('rejects the signature for any other field value', () => {
      expect(verifyDigestSignature({ ...DIGEST, treeSize: 6 }, signature, publicKey)).to.equal(false);
      expect(verifyDigestSignature({ ...DIGEST, lastBlockNumber: 43n }, signature, publicKey)).to.equal(
        false,
      );
      expect(
        verifyDigestSignature({ ...DIGEST, rootHash: DIGEST.chainTipHash }, signature, publicKey),
      ).to.equal(false);
    });

    it('rejects another key', () => {
      expect(verifyDigestSignature(DIGEST, signature, p256().publicKey)).to.equal(false);
    });

    it('rejects the high-S twin of a valid signature', () => {
      const { r, s } = decodeDerSignature(signature)!;
      const twin = encodeDerSignature({ r, s: P256_ORDER - s });
      expect(verifyDigestSignature(DIGEST, twin, publicKey)).to.equal(false);
    });

    it('rejects malformed DER instead of throwing', () => {
      for (const bad of [
        new Uint8Array(),
        signature.subarray(1),
        Uint8Array.of(...signature, 0),
        new Uint8Array(70),
      ]) {
        expect(verifyDigestSignature(DIGEST, bad, publicKey)).to.equal(false);
      }
    });

    it('throws on an unparsable certificate or a non-P-256 key', () => {
      expect(() =>
        verifyDigestSignature(
          DIGEST,
          signature,
          '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        ),
      ).to.throw(InvalidArgumentError, /^certificatePem:/);
      const ed = generateKeyPairSync('ed25519');
      expect(() => verifyDigestSignature(DIGEST, signature, ed.publicKey)).to.throw(
        InvalidArgumentError,
        /P-256/,
      );
    });
  });
});
