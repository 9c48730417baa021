import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  consistencyProof,
  leafHash,
  merkleRoot,
  sha256,
  signDigest,
  toHex,
  u64,
  type LedgerDigest,
} from '@gateway/core';
import {
  checkNewerDigest,
  parseSavedConsistency,
  parseSavedDigest,
  type SavedConsistency,
  type SavedDigest,
} from '@gateway/export/newerDigest';
import { trustOfOrgCa } from '@gateway/security/digestSigner';

const FIXTURES = path.join(__dirname, 'fixtures');
const KEY = fs.readFileSync(path.join(FIXTURES, 'signer.key.pem'), 'utf8');
const CERT = new X509Certificate(fs.readFileSync(path.join(FIXTURES, 'signer.cert.pem'))).toString();
const CA = fs.readFileSync(path.join(FIXTURES, 'ca.cert.pem'), 'utf8');
const OTHER_CA = fs.readFileSync(path.join(FIXTURES, 'other-ca.cert.pem'), 'utf8');
const AT = new Date('2027-01-01T00:00:00Z');

const LEAVES = Array.from({ length: 13 }, (_, i) => leafHash(sha256(u64(BigInt(i + 1)))));

function digestOf(size: number): LedgerDigest {
  return {
    treeSize: size,
    rootHash: merkleRoot(LEAVES.slice(0, size)),
    chainTipHash: sha256(u64(BigInt(size))),
    lastBlockNumber: BigInt(size + 2),
  };
}

/** The JSON `ledger digest` prints for the digest of the first `size` leaves. */
function savedDigestJson(size: number, sign = true): Buffer {
  const d = digestOf(size);
  const signature = sign ? signDigest(d, KEY) : signDigest(digestOf(size - 1), KEY);
  return Buffer.from(
    JSON.stringify({
      treeSize: String(d.treeSize),
      rootHash: toHex(d.rootHash),
      chainTipHash: toHex(d.chainTipHash),
      lastBlockNumber: d.lastBlockNumber.toString(),
      signature: Buffer.from(signature).toString('base64'),
      certificatePem: CERT,
      mspId: 'Org1MSP',
      signedBytes: '',
    }),
  );
}

/** The JSON `ledger consistency FIRST SECOND` prints. */
function savedConsistencyJson(first: number, second: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      firstSize: String(first),
      secondSize: String(second),
      hashes: consistencyProof(LEAVES.slice(0, second), first).map(toHex),
      firstRoot: toHex(merkleRoot(LEAVES.slice(0, first))),
      secondRoot: toHex(merkleRoot(LEAVES.slice(0, second))),
    }),
  );
}

const newer = (size: number): SavedDigest => parseSavedDigest(savedDigestJson(size));
const proof = (first: number, second: number): SavedConsistency =>
  parseSavedConsistency(savedConsistencyJson(first, second));

describe('newerDigest', function () {
  describe('#parseSavedDigest and #parseSavedConsistency', function () {
    const edited = (bytes: Buffer, change: Record<string, unknown>): Buffer =>
      Buffer.from(JSON.stringify({ ...(JSON.parse(bytes.toString('utf8')) as object), ...change }));

    it('reads the files `ledger digest` and `ledger consistency` print', function () {
      expect(newer(9).digest).to.deep.equal(digestOf(9));
      expect(proof(6, 9)).to.deep.include({ firstSize: 6, secondSize: 9 });
    });

    it('names the field that is malformed and says what it held', function () {
      expect(() => parseSavedDigest(edited(savedDigestJson(9), { treeSize: 9 }))).to.throw(
        'newer digest treeSize: got 9, want a decimal string',
      );
      expect(() => parseSavedDigest(edited(savedDigestJson(9), { rootHash: 'abc' }))).to.throw(
        'newer digest rootHash: got "abc", want 64 hex digits',
      );
      expect(() => parseSavedConsistency(edited(savedConsistencyJson(6, 9), { hashes: ['00'] }))).to.throw(
        'consistency proof hashes[0]: got "00", want 64 hex digits',
      );
      expect(() => parseSavedConsistency(Buffer.from('[]'))).to.throw(
        'consistency proof: got [], want an object',
      );
      expect(() => parseSavedDigest(Buffer.from('{'))).to.throw('newer digest: not JSON');
    });
  });

  describe('#checkNewerDigest', function () {
    it('accepts a newer signed digest that the consistency proof extends the export digest to', function () {
      for (const [older, later] of [
        [5, 13],
        [8, 13],
        [1, 2],
        [12, 13],
      ] as const) {
        expect(checkNewerDigest(digestOf(older), newer(later), proof(older, later))).to.deep.equal([]);
      }
    });

    it('accepts the same digest without a proof', function () {
      expect(checkNewerDigest(digestOf(7), newer(7), undefined)).to.deep.equal([]);
    });

    it('reports a newer digest whose signature does not verify', function () {
      const bad = parseSavedDigest(savedDigestJson(13, false));
      expect(checkNewerDigest(digestOf(5), bad, proof(5, 13))[0]).to.match(/signature does not verify/);
    });

    it('reports a proof for other sizes, a missing proof and a smaller newer digest', function () {
      expect(checkNewerDigest(digestOf(5), newer(13), proof(6, 13))[0]).to.match(/want from 5 to 13/);
      expect(checkNewerDigest(digestOf(5), newer(13), undefined)[0]).to.match(
        /consistency proof .* is needed/,
      );
      expect(checkNewerDigest(digestOf(9), newer(5), undefined)[0]).to.match(/smaller/);
    });

    it("reports an export digest that is not a prefix of the newer digest's tree", function () {
      const forked: LedgerDigest = { ...digestOf(5), rootHash: sha256(new Uint8Array([1])) };
      expect(checkNewerDigest(forked, newer(13), proof(5, 13))[0]).to.match(/not a prefix/);
      const sameSizeOtherRoot: LedgerDigest = { ...digestOf(7), rootHash: sha256(new Uint8Array([2])) };
      expect(checkNewerDigest(sameSizeOtherRoot, newer(7), undefined)[0]).to.match(/another root/);
    });

    it('accepts a newer digest signed by a gateway identity of the trusted org CA', function () {
      const problems = checkNewerDigest(digestOf(5), newer(13), proof(5, 13), {
        trust: trustOfOrgCa(CA),
        at: AT,
      });
      expect(problems).to.deep.equal([]);
    });

    it('refuses a newer digest whose signer is not issued by a trusted CA, naming the signer', function () {
      const problems = checkNewerDigest(digestOf(5), newer(13), proof(5, 13), {
        trust: trustOfOrgCa(OTHER_CA),
        at: AT,
      });
      expect(problems).to.deep.equal([
        'newer digest: the digest signer "O=Org1MSP, OU=client, CN=export-test-signer" is not issued by a trusted CA',
      ]);
    });
  });

  describe('parsing saved files', function () {
    it('refuses files that are not the output of ledger digest or ledger consistency', function () {
      expect(() => parseSavedDigest(Buffer.from('nope'))).to.throw(/not JSON/);
      expect(() => parseSavedDigest(Buffer.from('{"treeSize":5,"lastBlockNumber":"1"}'))).to.throw(
        /treeSize/,
      );
      expect(() => parseSavedConsistency(Buffer.from('{"firstSize":"1","secondSize":"2"}'))).to.throw(
        /hashes/,
      );
    });
  });
});
