import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { expect } from 'chai';

import {
  type ChainEntry,
  CoreError,
  decodeEntryRecord,
  digestSigningBytes,
  encodeEntry,
  encodeEntryRecord,
  type EntryRecordFields,
  journalLeafData,
  eventHash,
  fromHex,
  inclusionProof,
  consistencyProof,
  isValidConsistency,
  isValidInclusion,
  type LedgerDigest,
  leafHash,
  merkleRoot,
  newMemoryMerkleTree,
  nodeHash,
  type SealedChainEntry,
  sha256,
  toHex,
  verifyChain,
  verifyConsistency,
  verifyDigestSignature,
  verifyInclusion,
} from '@gateway/core';
import {
  generateVectors,
  receiptVectorSigners,
  KNOWN_ANSWERS,
  listVectorFiles,
  RFC6962_LEAVES,
  VECTORS_DIR,
} from '../../../vectors/generate';
import { ReceiptError, verifyReceipt } from '@gateway/receipt/receipt';
import { big, bytes, hashes, loadVectors, num, obj, objs, str, strs, type VectorFile } from './vectorReader';

const RFC_LEAVES = RFC6962_LEAVES.map((leaf) => fromHex(leaf));
const hexes = (list: readonly Uint8Array[]): string[] => list.map(toHex);

/** Asserts `check` throws the CoreError subclass named by the vector's `wantErr`. */
function expectWantErr(vector: VectorFile, check: () => unknown): void {
  expect(check, vector.file).to.throw(CoreError).with.property('name', str(vector.json, 'wantErr'));
}

function chainEntry(json: Readonly<Record<string, unknown>>): ChainEntry {
  return {
    sequenceNumber: big(json, 'sequenceNumber'),
    eventId: str(json, 'eventId'),
    payload: bytes(json, 'payload'),
    previousHash: bytes(json, 'previousHash'),
  };
}

function sealedEntry(json: Readonly<Record<string, unknown>>): SealedChainEntry {
  return { ...chainEntry(json), eventHash: bytes(json, 'eventHash') };
}

function digest(json: Readonly<Record<string, unknown>>): LedgerDigest {
  return {
    treeSize: num(json, 'treeSize'),
    rootHash: bytes(json, 'rootHash'),
    chainTipHash: bytes(json, 'chainTipHash'),
    lastBlockNumber: big(json, 'lastBlockNumber'),
  };
}

function entryFields(json: Readonly<Record<string, unknown>>): EntryRecordFields {
  return {
    entryType: str(json, 'entryType'),
    transactionId: str(json, 'transactionId'),
    blockNumber: big(json, 'blockNumber'),
    entryIndex: num(json, 'entryIndex'),
    sealedTimestamp: big(json, 'sealedTimestamp'),
    vepsSignature: str(json, 'vepsSignature'),
    vepsTimestamp: big(json, 'vepsTimestamp'),
    metadata: obj(json, 'metadata') as Record<string, string>,
    submitterMspId: str(json, 'submitterMspId'),
    submitterId: str(json, 'submitterId'),
    submitterCertSha256: str(json, 'submitterCertSha256'),
    clientCertSha256: str(json, 'clientCertSha256'),
    clientSubject: str(json, 'clientSubject'),
  };
}

const RFC_TREE = newMemoryMerkleTree();
for (const leaf of RFC_LEAVES) RFC_TREE.append(leafHash(leaf));

describe('vectors', () => {
  describe('chain/event-hash', () => {
    for (const vector of loadVectors('chain/event-hash')) {
      it(`computes ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const expected = obj(vector.json, 'expected');
        const entry = chainEntry(vector.json);
        expect(toHex(encodeEntry(entry))).to.equal(str(expected, 'preimage'));
        expect(toHex(eventHash(entry))).to.equal(str(expected, 'eventHash'));
      });
    }

    it('includes the first entry with its hand-encoded shell known answer', () => {
      const [first] = loadVectors('chain/event-hash').filter((v) => v.name === 'seq-1-genesis');
      expect(str(first!.json, 'previousHash')).to.equal('00'.repeat(32));
      expect(str(obj(first!.json, 'expected'), 'eventHash')).to.equal(KNOWN_ANSWERS.firstChainEntry.output);
    });
  });

  describe('chain/event-hash-preconditions', () => {
    for (const vector of loadVectors('chain/event-hash-preconditions')) {
      it(`rejects ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        expectWantErr(vector, () => eventHash(chainEntry(vector.json)));
      });
    }
  });

  describe('chain/verify', () => {
    for (const vector of loadVectors('chain/verify')) {
      const entries = (): SealedChainEntry[] => objs(vector.json, 'entries').map(sealedEntry);
      if ('wantErr' in vector.json) {
        it(`rejects ${vector.name}: ${str(vector.json, 'desc')}`, () => {
          expectWantErr(vector, () => verifyChain(entries()));
        });
      } else {
        it(`accepts ${vector.name}: ${str(vector.json, 'desc')}`, () => {
          const tip = verifyChain(entries())!;
          const expected = obj(vector.json, 'expected');
          expect(String(tip.sequenceNumber)).to.equal(str(expected, 'tipSequenceNumber'));
          expect(toHex(tip.eventHash)).to.equal(str(expected, 'tipEventHash'));
        });
      }
    }
  });

  describe('merkle/leaf-hash and merkle/node-hash', () => {
    for (const vector of loadVectors('merkle/leaf-hash')) {
      it(`computes ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const got = toHex(leafHash(bytes(vector.json, 'leafData')));
        expect(got).to.equal(str(obj(vector.json, 'expected'), 'leafHash'));
      });
    }
    for (const vector of loadVectors('merkle/node-hash')) {
      it(`computes ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const got = toHex(nodeHash(bytes(vector.json, 'left'), bytes(vector.json, 'right')));
        expect(got).to.equal(str(obj(vector.json, 'expected'), 'nodeHash'));
      });
    }
  });

  describe('merkle/roots', () => {
    for (const vector of loadVectors('merkle/roots')) {
      it(`computes ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const leaves = hashes(vector.json, 'leaves');
        const root = str(obj(vector.json, 'expected'), 'root');
        expect(toHex(merkleRoot(leaves))).to.equal(root);
        const tree = newMemoryMerkleTree();
        for (const leaf of leaves) tree.append(leafHash(leaf));
        expect(toHex(tree.root())).to.equal(root);
      });
    }

    it('match the RFC 6962 known roots for sizes 0..8', () => {
      const roots = loadVectors('merkle/roots')
        .filter((v) => v.name.startsWith('rfc6962-size-'))
        .sort((a, b) => strs(a.json, 'leaves').length - strs(b.json, 'leaves').length)
        .map((v) => str(obj(v.json, 'expected'), 'root'));
      expect(roots).to.deep.equal(KNOWN_ANSWERS.rfc6962Roots.output);
    });
  });

  describe('merkle/inclusion', () => {
    for (const vector of loadVectors('merkle/inclusion')) {
      const { json } = vector;
      if (vector.name === 'happy-path') {
        it(`proves ${vector.dir}: ${str(json, 'desc')}`, () => {
          const [index, size, expected] = [
            num(json, 'leafIndex'),
            num(json, 'treeSize'),
            obj(json, 'expected'),
          ];
          const leaves = RFC_LEAVES.slice(0, size);
          const [leaf, proof, root] = [
            bytes(expected, 'leafHash'),
            hashes(expected, 'proof'),
            bytes(expected, 'root'),
          ];
          expect(toHex(leafHash(bytes(json, 'leafData')))).to.equal(toHex(leaf));
          expect(hexes(inclusionProof(leaves, index))).to.deep.equal(hexes(proof));
          expect(hexes(RFC_TREE.inclusionProof(index, size))).to.deep.equal(hexes(proof));
          expect(toHex(merkleRoot(leaves))).to.equal(toHex(root));
          verifyInclusion(leaf, index, size, proof, root);
        });
      } else {
        it(`rejects ${vector.dir}/${vector.name}: ${str(json, 'desc')}`, () => {
          const args = [
            bytes(json, 'leafHash'),
            num(json, 'leafIndex'),
            num(json, 'treeSize'),
            hashes(json, 'proof'),
            bytes(json, 'root'),
          ] as const;
          expectWantErr(vector, () => {
            verifyInclusion(...args);
          });
          if (str(json, 'wantErr') !== 'InvalidArgumentError')
            expect(isValidInclusion(...args)).to.equal(false);
        });
      }
    }
  });

  describe('merkle/consistency', () => {
    for (const vector of loadVectors('merkle/consistency')) {
      const { json } = vector;
      if (vector.name === 'happy-path') {
        it(`proves ${vector.dir}: ${str(json, 'desc')}`, () => {
          const [size1, size2, expected] = [num(json, 'size1'), num(json, 'size2'), obj(json, 'expected')];
          const leaves = RFC_LEAVES.slice(0, size2);
          const [root1, root2, proof] = [
            bytes(expected, 'root1'),
            bytes(expected, 'root2'),
            hashes(expected, 'proof'),
          ];
          expect(hexes(consistencyProof(leaves, size1))).to.deep.equal(hexes(proof));
          expect(hexes(RFC_TREE.consistencyProof(size1, size2))).to.deep.equal(hexes(proof));
          expect(toHex(merkleRoot(leaves.slice(0, size1)))).to.equal(toHex(root1));
          expect(toHex(merkleRoot(leaves))).to.equal(toHex(root2));
          verifyConsistency(size1, size2, root1, root2, proof);
        });
      } else {
        it(`rejects ${vector.dir}/${vector.name}: ${str(json, 'desc')}`, () => {
          const args = [
            num(json, 'size1'),
            num(json, 'size2'),
            bytes(json, 'root1'),
            bytes(json, 'root2'),
            hashes(json, 'proof'),
          ] as const;
          expectWantErr(vector, () => {
            verifyConsistency(...args);
          });
          if (str(json, 'wantErr') !== 'InvalidArgumentError')
            expect(isValidConsistency(...args)).to.equal(false);
        });
      }
    }
  });

  describe('digest/signing-bytes', () => {
    for (const vector of loadVectors('digest/signing-bytes')) {
      it(`encodes ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const expected = obj(vector.json, 'expected');
        const signingBytes = digestSigningBytes(digest(vector.json));
        expect(toHex(signingBytes)).to.equal(str(expected, 'signingBytes'));
        expect(toHex(sha256(signingBytes))).to.equal(str(expected, 'sha256'));
      });
    }
  });

  describe('digest/signing-bytes-preconditions', () => {
    for (const vector of loadVectors('digest/signing-bytes-preconditions')) {
      it(`rejects ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        expectWantErr(vector, () => digestSigningBytes(digest(vector.json)));
      });
    }
  });

  describe('digest/signature', () => {
    for (const vector of loadVectors('digest/signature')) {
      const valid = obj(vector.json, 'expected').valid === true;
      it(`${valid ? 'accepts' : 'rejects'} ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const ok = verifyDigestSignature(
          digest(vector.json),
          bytes(vector.json, 'signature'),
          str(vector.json, 'certificatePem'),
        );
        expect(ok).to.equal(valid);
      });
    }
  });

  describe('entry/record', () => {
    for (const vector of loadVectors('entry/record')) {
      it(`encodes ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const expected = obj(vector.json, 'expected');
        const fields = entryFields(vector.json);
        const record = encodeEntryRecord(fields);
        expect(toHex(record)).to.equal(str(expected, 'entryRecord'));
        expect(toHex(sha256(record))).to.equal(str(expected, 'entryHash'));
        const leafData = journalLeafData(bytes(vector.json, 'eventHash'), sha256(record));
        expect(toHex(leafData)).to.equal(str(expected, 'leafData'));
        expect(toHex(leafHash(leafData))).to.equal(str(expected, 'leafHash'));
        expect(decodeEntryRecord(record)).to.deep.equal({
          ...fields,
          blockNumber: BigInt(fields.blockNumber),
          sealedTimestamp: BigInt(fields.sealedTimestamp),
          vepsTimestamp: BigInt(fields.vepsTimestamp),
        });
      });
    }
  });

  describe('entry/record-preconditions', () => {
    for (const vector of loadVectors('entry/record-preconditions')) {
      it(`rejects ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        expectWantErr(vector, () => encodeEntryRecord(entryFields(vector.json)));
      });
    }
  });

  describe('receipt/verify', () => {
    for (const vector of loadVectors('receipt/verify')) {
      it(`accepts ${vector.name}: ${str(vector.json, 'desc')}`, () => {
        const receipt = Buffer.from(JSON.stringify(vector.json.receipt));
        const result = verifyReceipt(receipt, { signers: receiptVectorSigners(vector.json) });
        const expected = obj(vector.json, 'expected');
        expect(result.sequenceNumber).to.equal(str(expected, 'sequenceNumber'));
        expect(result.rootHash).to.equal(str(expected, 'rootHash'));
      });
    }
  });

  describe('receipt/verify-twins', () => {
    for (const vector of loadVectors('receipt/verify-twins')) {
      it(`rejects ${vector.name} naming ${str(vector.json, 'wantField')}: ${str(vector.json, 'desc')}`, () => {
        const receipt = Buffer.from(JSON.stringify(vector.json.receipt));
        const check = (): unknown => verifyReceipt(receipt, { signers: receiptVectorSigners(vector.json) });
        expect(check).to.throw(ReceiptError).with.property('field', str(vector.json, 'wantField'));
        const why = vector.json.wantMessage;
        if (typeof why === 'string') expect(check).to.throw(ReceiptError, why);
      });
    }
  });

  describe('generate', () => {
    it('reproduces every committed vector file byte for byte, and no other file', async function () {
      this.timeout(60_000);
      const generated = await generateVectors();
      expect(listVectorFiles()).to.deep.equal([...generated.keys()]);
      for (const [file, content] of generated) {
        const committed = readFileSync(path.join(VECTORS_DIR, file), 'utf8');
        expect(committed, `${file} differs: rerun test/vectors/generate.ts`).to.equal(content);
      }
    });
  });
});
