// Known answers that do not come from gateway/src/core: RFC 6962/9162 proofs from transparency-dev/merkle's
// test data, digest signatures checked by the openssl command line, and event hashes recomputed by a
// second implementation written here from docs/proofs.md.
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { expect } from 'chai';

import {
  consistencyProof,
  CoreError,
  digestSigningBytes,
  eventHash,
  fromHex,
  inclusionProof,
  InvalidArgumentError,
  type LedgerDigest,
  leafHash,
  merkleRoot,
  signDigest,
  type SealedChainEntry,
  toHex,
  verifyChain,
  verifyConsistency,
  verifyDigestSignature,
  verifyInclusion,
} from '@gateway/core';
import { RFC6962_LEAVES, VECTORS_DIR } from '../../../vectors/generate';
import { loadVectors, obj, objs, str } from './vectorReader';

/** One transparency-dev/merkle inclusion test file. */
interface InclusionCase {
  readonly file: string;
  readonly leafIdx: number;
  readonly treeSize: number;
  readonly root: string;
  readonly leafHash: string;
  readonly proof: readonly string[] | null;
  readonly desc: string;
  readonly wantErr: boolean;
}

/** One transparency-dev/merkle consistency test file. */
interface ConsistencyCase {
  readonly file: string;
  readonly size1: number;
  readonly size2: number;
  readonly root1: string;
  readonly root2: string;
  readonly proof: readonly string[] | null;
  readonly desc: string;
  readonly wantErr: boolean;
}

interface TransparencyDevData {
  readonly source: string;
  readonly commit: string;
  readonly license: string;
  readonly inclusion: readonly InclusionCase[];
  readonly consistency: readonly ConsistencyCase[];
}

const EXTERNAL = JSON.parse(
  readFileSync(path.join(VECTORS_DIR, 'external', 'transparency-dev-merkle.json'), 'utf8'),
) as TransparencyDevData;

/**
 * Cases where the verdict differs on purpose: their roots are 12-byte placeholders ("don't care 2"),
 * which our verifier refuses as malformed arguments (docs/proofs.md) before looking at the proof.
 */
const MALFORMED_ROOT_CASES: ReadonlySet<string> = new Set([
  'testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json',
]);

/** The happy paths of the numbered folders use the RFC 6962 test leaves (the others use arbitrary hashes). */
const RFC_LEAF_CASE = /^testdata\/(inclusion|consistency)\/\d+\/happy-path\.json$/;

const b64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
const proofOf = (proof: readonly string[] | null): Uint8Array[] => (proof ?? []).map(b64);
const RFC_LEAVES = RFC6962_LEAVES.map((leaf) => fromHex(leaf));

/** Runs `verify`; returns 'accepted' or the name of the CoreError it threw. */
function verdict(verify: () => void): string {
  try {
    verify();
    return 'accepted';
  } catch (err) {
    if (err instanceof CoreError) return err.name;
    throw err;
  }
}

describe('known answers from outside gateway/src/core', function () {
  describe('transparency-dev/merkle inclusion proofs (RFC 6962/9162)', function () {
    it('names its source, commit and license beside the data', function () {
      expect(EXTERNAL.source).to.match(
        /^https:\/\/github\.com\/transparency-dev\/merkle\/tree\/[0-9a-f]{40}\//,
      );
      expect(EXTERNAL.license).to.match(/^Apache-2\.0/);
      expect(EXTERNAL.inclusion.filter((c) => !c.wantErr)).to.have.length.greaterThan(0);
      expect(EXTERNAL.inclusion.filter((c) => c.wantErr)).to.have.length.greaterThan(0);
    });

    for (const c of EXTERNAL.inclusion) {
      const proof = proofOf(c.proof);
      const run = (): void => {
        verifyInclusion(b64(c.leafHash), c.leafIdx, c.treeSize, proof, b64(c.root));
      };
      if (c.wantErr) {
        it(`rejects the inclusion proof "${c.desc}" of ${c.file}`, function () {
          expect(verdict(run)).to.not.equal('accepted');
        });
        continue;
      }
      const ofRfcLeaves = RFC_LEAF_CASE.test(c.file);
      it(`accepts the inclusion proof of ${c.file}${ofRfcLeaves ? ' and builds the same one from the RFC 6962 leaves' : ''}`, function () {
        expect(verdict(run)).to.equal('accepted');
        const leaves = RFC_LEAVES.slice(0, c.treeSize);
        const fromRfcLeaves =
          leaves.length === c.treeSize &&
          toHex(leafHash(leaves[c.leafIdx]!)) === toHex(b64(c.leafHash)) &&
          toHex(merkleRoot(leaves)) === toHex(b64(c.root));
        expect(fromRfcLeaves, 'built from the RFC 6962 test leaves').to.equal(ofRfcLeaves);
        if (ofRfcLeaves) {
          expect(inclusionProof(leaves, c.leafIdx).map(toHex)).to.deep.equal(proof.map(toHex));
        }
      });
    }
  });

  describe('transparency-dev/merkle consistency proofs (RFC 6962/9162)', function () {
    for (const c of EXTERNAL.consistency) {
      const proof = proofOf(c.proof);
      const run = (): void => {
        verifyConsistency(c.size1, c.size2, b64(c.root1), b64(c.root2), proof);
      };
      if (MALFORMED_ROOT_CASES.has(c.file)) {
        it(`refuses the 12-byte placeholder roots of ${c.file} as malformed arguments`, function () {
          expect(run).to.throw(InvalidArgumentError, /root1/);
        });
        continue;
      }
      if (c.wantErr) {
        it(`rejects the consistency proof "${c.desc}" of ${c.file}`, function () {
          expect(verdict(run)).to.not.equal('accepted');
        });
        continue;
      }
      const ofRfcLeaves = RFC_LEAF_CASE.test(c.file);
      it(`accepts the consistency proof of ${c.file}${ofRfcLeaves ? ' and builds the same one from the RFC 6962 leaves' : ''}`, function () {
        expect(verdict(run)).to.equal('accepted');
        const leaves = RFC_LEAVES.slice(0, c.size2);
        const fromRfcLeaves =
          leaves.length === c.size2 &&
          toHex(merkleRoot(leaves.slice(0, c.size1))) === toHex(b64(c.root1)) &&
          toHex(merkleRoot(leaves)) === toHex(b64(c.root2));
        expect(fromRfcLeaves, 'built from the RFC 6962 test leaves').to.equal(ofRfcLeaves);
        if (ofRfcLeaves) {
          expect(consistencyProof(leaves, c.size1).map(toHex)).to.deep.equal(proof.map(toHex));
        }
      });
    }
  });

  describe('digest signatures checked by the openssl command line', function () {
    let dir: string;

    before(function () {
      const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
      if (probe.status !== 0) throw new Error(`openssl is needed for these tests: ${String(probe.error)}`);
      dir = mkdtempSync(path.join(tmpdir(), 'digest-openssl-'));
    });

    after(function () {
      rmSync(dir, { recursive: true, force: true });
    });

    /** The 97 signed bytes, written here from docs/proofs.md §3 (not with digestSigningBytes). */
    function signedBytes(treeSize: bigint, rootHex: string, tipHex: string, block: bigint): Buffer {
      const u64 = (n: bigint): Buffer => {
        const out = Buffer.alloc(8);
        out.writeBigUInt64BE(n);
        return out;
      };
      return Buffer.concat([
        Buffer.from('ledger-digest-v2\n', 'ascii'),
        u64(treeSize),
        Buffer.from(rootHex, 'hex'),
        Buffer.from(tipHex, 'hex'),
        u64(block),
      ]);
    }

    /** True when `openssl dgst -sha256 -verify` accepts the DER signature of `message` by `publicKeyPem`. */
    function opensslVerifies(publicKeyPem: string, signature: Uint8Array, message: Uint8Array): boolean {
      const pub = path.join(dir, 'pub.pem');
      const sig = path.join(dir, 'sig.der');
      const msg = path.join(dir, 'msg.bin');
      writeFileSync(pub, publicKeyPem);
      writeFileSync(sig, signature);
      writeFileSync(msg, message);
      const run = spawnSync('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', sig, msg], {
        encoding: 'utf8',
      });
      if (run.status === 0) {
        expect(run.stdout.trim()).to.equal('Verified OK');
        return true;
      }
      expect(run.stdout.trim()).to.equal('Verification failure');
      return false;
    }

    /** The certificate's public key as openssl prints it (`openssl x509 -pubkey`). */
    function opensslPublicKey(certificatePem: string): string {
      const cert = path.join(dir, 'cert.pem');
      writeFileSync(cert, certificatePem);
      const run = spawnSync('openssl', ['x509', '-in', cert, '-pubkey', '-noout'], { encoding: 'utf8' });
      expect(run.status, run.stderr).to.equal(0);
      return run.stdout;
    }

    for (const vector of loadVectors('digest/signature')) {
      const json = vector.json;
      const valid = obj(json, 'expected').valid === true;
      const highS = vector.name === 'high-s';
      const title = highS
        ? 'openssl accepts the high-S twin of a signature (valid ECDSA) that our verifier refuses, as Fabric does'
        : `openssl and our verifier both ${valid ? 'accept' : 'refuse'} ${vector.name}: ${str(json, 'desc')}`;
      it(title, function () {
        const treeSize = BigInt(json.treeSize as number);
        const block = BigInt(str(json, 'lastBlockNumber'));
        const message = signedBytes(treeSize, str(json, 'rootHash'), str(json, 'chainTipHash'), block);
        const digest: LedgerDigest = {
          treeSize: Number(treeSize),
          rootHash: fromHex(str(json, 'rootHash')),
          chainTipHash: fromHex(str(json, 'chainTipHash')),
          lastBlockNumber: block,
        };
        expect(toHex(digestSigningBytes(digest))).to.equal(message.toString('hex'));
        const signature = fromHex(str(json, 'signature'));
        const pem = opensslPublicKey(str(json, 'certificatePem'));
        expect(opensslVerifies(pem, signature, message), 'openssl').to.equal(valid || highS);
        expect(verifyDigestSignature(digest, signature, str(json, 'certificatePem')), 'ours').to.equal(valid);
      });
    }

    it('openssl verifies a fresh signDigest signature and refuses it for a digest one entry larger', function () {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const root = createHash('sha256').update('root').digest();
      const tip = createHash('sha256').update('tip').digest();
      const digest: LedgerDigest = { treeSize: 41, rootHash: root, chainTipHash: tip, lastBlockNumber: 9n };
      const signature = signDigest(digest, privateKey);
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(opensslVerifies(pem, signature, signedBytes(41n, root.toString('hex'), tip.toString('hex'), 9n)))
        .to.be.true;
      expect(opensslVerifies(pem, signature, signedBytes(42n, root.toString('hex'), tip.toString('hex'), 9n)))
        .to.be.false;
    });
  });

  describe('event hashes recomputed by a second implementation written from docs/proofs.md §1', function () {
    /** SHA-256(u64(seq) || lp(utf8(id)) || lp(payload) || previous_hash), hex. */
    function independentEventHash(seq: bigint, id: string, payload: Buffer, previous: Buffer): string {
      const u64 = Buffer.alloc(8);
      u64.writeBigUInt64BE(seq);
      const lp = (bytes: Buffer): Buffer => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(bytes.length);
        return Buffer.concat([length, bytes]);
      };
      return createHash('sha256')
        .update(Buffer.concat([u64, lp(Buffer.from(id, 'utf8')), lp(payload), previous]))
        .digest('hex');
    }

    const sealed = (json: Readonly<Record<string, unknown>>): SealedChainEntry => ({
      sequenceNumber: BigInt(str(json, 'sequenceNumber')),
      eventId: str(json, 'eventId'),
      payload: fromHex(str(json, 'payload')),
      previousHash: fromHex(str(json, 'previousHash')),
      eventHash: fromHex(str(json, 'eventHash')),
    });

    it('gives the shell-computed hash of the genesis entry in docs/proofs.md', function () {
      expect(independentEventHash(1n, 'evt-1', Buffer.from('{"kind":"genesis"}'), Buffer.alloc(32))).to.equal(
        'b2582c3d6d3715ec4e3da51b72510801c01994791196c5c9c194ad70129b19ce',
      );
    });

    for (const vector of loadVectors('chain/event-hash')) {
      it(`agrees with eventHash on ${vector.name}: ${str(vector.json, 'desc')}`, function () {
        const json = vector.json;
        const seq = BigInt(str(json, 'sequenceNumber'));
        const payload = Buffer.from(str(json, 'payload'), 'hex');
        const previous = Buffer.from(str(json, 'previousHash'), 'hex');
        const mine = independentEventHash(seq, str(json, 'eventId'), payload, previous);
        const ours = toHex(
          eventHash({ sequenceNumber: seq, eventId: str(json, 'eventId'), payload, previousHash: previous }),
        );
        expect(ours).to.equal(mine);
        expect(str(obj(json, 'expected'), 'eventHash')).to.equal(mine);
      });
    }

    it('links the chain of chain/verify/happy-path, which verifyChain accepts', function () {
      const [vector] = loadVectors('chain/verify').filter((v) => v.name === 'happy-path');
      const entries = objs(vector!.json, 'entries');
      let previous = Buffer.alloc(32);
      for (const json of entries) {
        expect(str(json, 'previousHash')).to.equal(previous.toString('hex'));
        const hash = independentEventHash(
          BigInt(str(json, 'sequenceNumber')),
          str(json, 'eventId'),
          Buffer.from(str(json, 'payload'), 'hex'),
          previous,
        );
        expect(str(json, 'eventHash')).to.equal(hash);
        previous = Buffer.from(hash, 'hex');
      }
      expect(toHex(verifyChain(entries.map(sealed))!.eventHash)).to.equal(previous.toString('hex'));
    });

    it('finds the altered payload of chain/verify/altered-payload, which verifyChain refuses', function () {
      const [vector] = loadVectors('chain/verify').filter((v) => v.name === 'altered-payload');
      const entries = objs(vector!.json, 'entries');
      const mismatched = entries.filter(
        (json) =>
          independentEventHash(
            BigInt(str(json, 'sequenceNumber')),
            str(json, 'eventId'),
            Buffer.from(str(json, 'payload'), 'hex'),
            Buffer.from(str(json, 'previousHash'), 'hex'),
          ) !== str(json, 'eventHash'),
      );
      expect(mismatched.map((json) => str(json, 'sequenceNumber'))).to.deep.equal(['3']);
      expect(() => verifyChain(entries.map(sealed))).to.throw(CoreError);
    });
  });

  describe('entry records recomputed by a second implementation written from docs/proofs.md §2', function () {
    /** docs/proofs.md §2, written again with Buffer and node:crypto only. */
    function independentEntryRecord(json: Readonly<Record<string, unknown>>): Buffer {
      const lp = (text: string): Buffer => {
        const b = Buffer.from(text, 'utf8');
        const n = Buffer.alloc(4);
        n.writeUInt32BE(b.length);
        return Buffer.concat([n, b]);
      };
      const be = (value: string | number, size: 4 | 8): Buffer => {
        const b = Buffer.alloc(size);
        if (size === 4) b.writeUInt32BE(Number(value));
        else b.writeBigUInt64BE(BigInt(value));
        return b;
      };
      const metadata = obj(json, 'metadata') as Record<string, string>;
      const keys = Object.keys(metadata).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return Buffer.concat([
        Buffer.from('ledger-entry-v2\n', 'ascii'),
        lp(str(json, 'entryType')),
        lp(str(json, 'transactionId')),
        be(str(json, 'blockNumber'), 8),
        be(json.entryIndex as number, 4),
        be(str(json, 'sealedTimestamp'), 8),
        lp(str(json, 'vepsSignature')),
        be(str(json, 'vepsTimestamp'), 8),
        be(keys.length, 4),
        ...keys.flatMap((k) => [lp(k), lp(metadata[k]!)]),
        ...['submitterMspId', 'submitterId', 'submitterCertSha256', 'clientCertSha256', 'clientSubject'].map(
          (name) => lp(str(json, name)),
        ),
      ]);
    }

    for (const vector of loadVectors('entry/record')) {
      it(`agrees with the entry hash and leaf hash of ${vector.name}, also as computed by sha256sum`, function () {
        const expected = obj(vector.json, 'expected');
        const record = independentEntryRecord(vector.json);
        expect(record.toString('hex')).to.equal(str(expected, 'entryRecord'));
        const recordHash = createHash('sha256').update(record).digest('hex');
        expect(recordHash).to.equal(str(expected, 'entryHash'));
        const leaf = createHash('sha256')
          .update(Buffer.from(`0002${str(vector.json, 'eventHash')}${recordHash}`, 'hex'))
          .digest('hex');
        expect(leaf).to.equal(str(expected, 'leafHash'));
        for (const [command, want] of [
          [str(expected, 'entryHashCommand'), recordHash],
          [str(expected, 'leafHashCommand'), leaf],
        ] as const) {
          const run = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
          expect(run.status, run.stderr).to.equal(0);
          expect(run.stdout.split(' ')[0]).to.equal(want);
        }
      });
    }
  });
});
