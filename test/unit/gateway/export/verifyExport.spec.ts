// Fixtures: fixtures/generate.sh makes a throwaway org CA (ca.cert.pem) and the digest signers it
// issues: signer.{key,cert}.pem is a gateway identity (ledger.role=gateway), the others are refused.
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import {
  entryHash,
  eventHash,
  GENESIS_PREVIOUS_HASH,
  fromHex,
  journalLeafHash,
  newMemoryMerkleTree,
  sha256,
  signDigest,
  toHex,
  type LedgerDigest,
} from '@gateway/core';
import { newExportAssembler } from '@gateway/export/exportAssembler';
import {
  encodeManifest,
  manifestChecksum,
  MANIFEST_FILE,
  type ExportEntry,
  type ExportManifest,
} from '@gateway/export/exportFormat';
import type { SavedConsistency, SavedDigest } from '@gateway/export/newerDigest';
import { verifyExport, type ExportFiles } from '@gateway/export/verifyExport';
import { trustOfOrgCa } from '@gateway/security/digestSigner';

const FIXTURES = path.join(__dirname, 'fixtures');
const KEY = fs.readFileSync(path.join(FIXTURES, 'signer.key.pem'), 'utf8');
const CERT = new X509Certificate(fs.readFileSync(path.join(FIXTURES, 'signer.cert.pem'))).toString();
const CA = fs.readFileSync(path.join(FIXTURES, 'ca.cert.pem'), 'utf8');
const AT = new Date('2027-01-01T00:00:00Z');
const OTHER_CERT = (
  JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '..', '..', '..', 'vectors', 'digest', 'signature', 'happy-path.json'),
      'utf8',
    ),
  ) as { certificatePem: string }
).certificatePem;

/** A linked journal of `size` entries: events, with a write entry at every fourth position. */
function journal(size: number): ExportEntry[] {
  const entries: ExportEntry[] = [];
  let previous = GENESIS_PREVIOUS_HASH;
  for (let seq = 1; seq <= size; seq++) {
    const write = seq % 4 === 0;
    const txId = seq.toString(16).padStart(64, '0');
    const eventId = write ? txId : `evt-${seq}`;
    const payload = write
      ? canonicalBytes({
          type: 'account',
          action: 'Accounts:OpenAccount',
          writes: [{ key: `account/A-${seq}`, valueHash: 'a'.repeat(64), deleted: false }],
        })
      : Buffer.from(`payload ${seq}`);
    const hash = eventHash({ sequenceNumber: BigInt(seq), eventId, payload, previousHash: previous });
    const fields = {
      sequenceNumber: seq,
      eventId,
      payload: Buffer.from(payload).toString('base64'),
      eventHash: toHex(hash),
      previousHash: toHex(previous),
      sealedTimestamp: '1767323045678',
      blockNumber: String(10 + seq),
      transactionId: txId,
      entryIndex: 0,
      entryType: write ? 'account' : 'event',
      vepsSignature: write ? '' : 'sig',
      vepsTimestamp: write ? '0' : '1702234567890',
      metadata: (write ? {} : { k: 'v' }) as Readonly<Record<string, string>>,
      submitterMspId: 'Org1MSP',
      submitterId: 'x509::/CN=gateway1::/CN=ca.org1',
      submitterCertSha256: '1'.repeat(64),
      clientCertSha256: write ? '' : '2'.repeat(64),
      clientSubject: write ? '' : 'CN=client1',
    };
    entries.push(withEntryHash(fields));
    previous = hash;
  }
  return entries;
}

/** The entry with `entryHash` computed from its other fields. */
function withEntryHash(fields: Omit<ExportEntry, 'entryHash'>): ExportEntry {
  const record = {
    ...fields,
    blockNumber: BigInt(fields.blockNumber),
    sealedTimestamp: BigInt(fields.sealedTimestamp),
    vepsTimestamp: BigInt(fields.vepsTimestamp),
  };
  return { ...fields, entryHash: toHex(entryHash(record)) };
}

/** Replaces the shards of `built` that `change` alters, with recomputed shard hashes and checksum. */
function reShard(built: Built, change: (line: ExportEntry) => ExportEntry): ExportFiles {
  const shards = new Map<string, Uint8Array>();
  for (const [name, bytes] of built.files.shards) {
    const lines = Buffer.from(bytes).toString('utf8').split('\n').slice(0, -1);
    const text = lines.map((l) => `${JSON.stringify(change(JSON.parse(l) as ExportEntry))}\n`).join('');
    shards.set(name, Buffer.from(text));
  }
  return reManifest({ ...built, files: { ...built.files, shards } }, (m) => ({
    ...m,
    shards: m.shards.map((s) => ({ ...s, sha256: toHex(sha256(shards.get(s.file) ?? new Uint8Array())) })),
  }));
}

interface Built {
  readonly files: ExportFiles;
  readonly manifest: ExportManifest;
}

/** Exports `from..to` of a journal of `treeSize` entries, proved against its signed digest. */
function build(
  entries: readonly ExportEntry[],
  from: number,
  to: number,
  shardSize: number,
  certificatePem = CERT,
): Built {
  const tree = newMemoryMerkleTree();
  for (const e of entries) tree.append(journalLeafHash(fromHex(e.eventHash), fromHex(e.entryHash)));
  const size = entries.length;
  const digest: LedgerDigest = {
    treeSize: size,
    rootHash: tree.root(),
    chainTipHash: Buffer.from(entries.at(-1)?.eventHash ?? '', 'hex'),
    lastBlockNumber: 99n,
  };
  const assembler = newExportAssembler(from, to, shardSize);
  const shards = new Map<string, Uint8Array>();
  for (const e of entries.slice(from - 1, to)) {
    const shard = assembler.add(e);
    if (shard !== undefined) shards.set(shard.info.file, Buffer.from(shard.content));
  }
  const last = assembler.finish();
  if (last !== undefined) shards.set(last.info.file, Buffer.from(last.content));
  // The frontier of the first from-1 leaves: the last leaf's audit path in the tree of size `from`, as
  // the writer takes it from the gateway (GetInclusionProof(from, from)), reversed.
  const prefix =
    from === 1
      ? []
      : tree
          .inclusionProof(from - 1, from)
          .reverse()
          .map(toHex);
  const proof = {
    kind: 'consistency' as const,
    prefix,
    hashes: tree.consistencyProof(to, size).map(toHex),
  };
  const manifest = assembler.manifest(
    {
      treeSize: size,
      rootHash: toHex(digest.rootHash),
      chainTipHash: toHex(digest.chainTipHash),
      lastBlockNumber: digest.lastBlockNumber.toString(),
      signature: toHex(signDigest(digest, KEY)),
      certificatePem,
    },
    proof,
  );
  return { files: { manifest: Buffer.from(encodeManifest(manifest)), shards }, manifest };
}

function flipByte(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** Rewrites the manifest with `change` applied and a recomputed checksum (a deliberate edit). */
function reManifest(built: Built, change: (m: ExportManifest) => ExportManifest): ExportFiles {
  const changed = change(built.manifest);
  const manifest = { ...changed, checksum: manifestChecksum(changed) };
  return { ...built.files, manifest: Buffer.from(encodeManifest(manifest)) };
}

/** A signed digest of `journalEntries` and the consistency proof to it from `fromSize`. */
function newerDigest(
  journalEntries: readonly ExportEntry[],
  fromSize: number,
): { digest: SavedDigest; consistency: SavedConsistency } {
  const tree = newMemoryMerkleTree();
  for (const e of journalEntries) tree.append(journalLeafHash(fromHex(e.eventHash), fromHex(e.entryHash)));
  const digest: LedgerDigest = {
    treeSize: journalEntries.length,
    rootHash: tree.root(),
    chainTipHash: Buffer.from(journalEntries.at(-1)?.eventHash ?? '', 'hex'),
    lastBlockNumber: 120n,
  };
  return {
    digest: { digest, signature: signDigest(digest, KEY), certificatePem: CERT },
    consistency: {
      firstSize: fromSize,
      secondSize: journalEntries.length,
      hashes: tree.consistencyProof(fromSize, journalEntries.length),
    },
  };
}

/** The journal rebuilt from entry `at` on with `payload` there: every link and entry hash redone. */
function rebuiltFrom(source: readonly ExportEntry[], at: number, payload: string): ExportEntry[] {
  const rebuilt: ExportEntry[] = [];
  let previous = GENESIS_PREVIOUS_HASH;
  for (const e of source) {
    const bytes = e.sequenceNumber === at ? Buffer.from(payload) : Buffer.from(e.payload, 'base64');
    const hash = eventHash({
      sequenceNumber: BigInt(e.sequenceNumber),
      eventId: e.eventId,
      payload: bytes,
      previousHash: previous,
    });
    rebuilt.push(
      withEntryHash({
        ...e,
        payload: bytes.toString('base64'),
        previousHash: toHex(previous),
        eventHash: toHex(hash),
      }),
    );
    previous = hash;
  }
  return rebuilt;
}

/** Merkle root of the first `size` entries of `journalEntries`. */
function forgedRoot(journalEntries: readonly ExportEntry[], size: number): Uint8Array {
  const tree = newMemoryMerkleTree();
  for (const e of journalEntries.slice(0, size)) {
    tree.append(journalLeafHash(fromHex(e.eventHash), fromHex(e.entryHash)));
  }
  return tree.root();
}

/** Hex Merkle root of the first `size` entries of the honest journal. */
function honestRoot(size: number): string {
  return toHex(forgedRoot(journal(11), size));
}

describe('verifyExport', function () {
  const entries = journal(11);

  describe('#verifyExport', function () {
    it('verifies an export of the whole journal by recomputing its Merkle root', function () {
      const result = verifyExport(build(entries, 1, 11, 4).files);

      expect(result).to.deep.equal({ ok: true, entriesVerified: 11, problems: [] });
    });

    it('verifies an export from sequence 1 that ends before the digest through a consistency proof', function () {
      const result = verifyExport(build(entries, 1, 6, 4).files);

      expect(result).to.deep.equal({ ok: true, entriesVerified: 6, problems: [] });
    });

    it('verifies a range from a later sequence through the frontier before it and a consistency proof', function () {
      for (const [from, to] of [
        [2, 2],
        [3, 9],
        [5, 11],
        [8, 8],
        [9, 10],
        [11, 11],
      ] as const) {
        const result = verifyExport(build(entries, from, to, 2).files);
        expect(result, `${from}..${to}`).to.deep.equal({
          ok: true,
          entriesVerified: to - from + 1,
          problems: [],
        });
      }
    });

    it('checks the signer certificate against the org CA when one is given', function () {
      const { files } = build(entries, 1, 11, 4);

      expect(verifyExport(files, { signers: { trust: trustOfOrgCa(CA), at: AT } }).ok).to.equal(true);
      const other = verifyExport(files, { signers: { trust: trustOfOrgCa(OTHER_CERT), at: AT } });
      expect(other.problems).to.deep.equal([
        'manifest.json: the digest signer "O=Org1MSP, OU=client, CN=export-test-signer" is not issued by a trusted CA',
      ]);
    });

    it('detects a one-byte change at any position of any shard and names the shard', function () {
      this.timeout(30_000);
      const { files } = build(journal(4), 1, 4, 2);
      for (const [name, bytes] of files.shards) {
        for (let at = 0; at < bytes.length; at++) {
          const shards = new Map(files.shards).set(name, flipByte(bytes, at));
          const result = verifyExport({ ...files, shards });
          expect(result.ok, `${name} byte ${at}`).to.equal(false);
          expect(result.problems[0], `${name} byte ${at}`).to.contain(name);
        }
      }
    });

    it('detects a one-byte change at any position of the manifest', function () {
      this.timeout(30_000);
      const { files } = build(entries, 3, 9, 2);
      for (let at = 0; at < files.manifest.length; at++) {
        const result = verifyExport({ ...files, manifest: flipByte(files.manifest, at) });
        expect(result.ok, `manifest byte ${at}`).to.equal(false);
        expect(result.problems[0], `manifest byte ${at}`).to.match(/^manifest\.json: /);
      }
    });

    it('reports the first bad entry when an entry was altered and its shard hash recomputed', function () {
      const built = build(entries, 1, 11, 4);
      const name = 'shard-000002.jsonl';
      const text = Buffer.from(built.files.shards.get(name) ?? new Uint8Array()).toString('utf8');
      // base64 of 'payload 6' becomes base64 of 'payload 7'.
      const altered = Buffer.from(text.replace('cGF5bG9hZCA2', 'cGF5bG9hZCA3'));
      const shards = new Map(built.files.shards).set(name, altered);
      const files = reManifest({ ...built, files: { ...built.files, shards } }, (m) => ({
        ...m,
        shards: m.shards.map((s) => (s.file === name ? { ...s, sha256: toHex(sha256(altered)) } : s)),
      }));

      const result = verifyExport(files);

      expect(result.ok).to.equal(false);
      expect(result.firstBadSequence).to.equal(6);
      expect(result.problems).to.have.length(1);
      expect(result.problems[0]).to.match(
        /^shard-000002\.jsonl: sequence 6: event_hash [0-9a-f]{64} is not [0-9a-f]{64}, the hash of its fields$/,
      );
    });

    it('refuses a consistently re-hashed forgery because it does not match the signed digest', function () {
      // Rebuild the chain from entry 6 on with another payload: every link and shard hash is valid.
      const rebuilt: ExportEntry[] = [];
      let previous = GENESIS_PREVIOUS_HASH;
      for (const e of journal(11)) {
        const payload = e.sequenceNumber === 6 ? Buffer.from('forged') : Buffer.from(e.payload, 'base64');
        const hash = eventHash({
          sequenceNumber: BigInt(e.sequenceNumber),
          eventId: e.eventId,
          payload,
          previousHash: previous,
        });
        rebuilt.push({
          ...e,
          payload: payload.toString('base64'),
          previousHash: toHex(previous),
          eventHash: toHex(hash),
        });
        previous = hash;
      }
      const honest = build(entries, 1, 11, 4);
      const forgery = build(rebuilt, 1, 11, 4);
      const files = reManifest(forgery, (m) => ({ ...m, digest: honest.manifest.digest }));

      const result = verifyExport(files);

      expect(result.ok).to.equal(false);
      expect(result.problems[0]).to.match(/^sequence 11: event_hash is not the digest's chain tip/);
    });

    it("refuses a range after sequence 1 whose middle entry's metadata was changed with every hash redone", function () {
      // Entry 5's metadata changes and its entryHash, shard hash and manifest checksum are recomputed:
      // its event_hash (and so the hash chain) is unchanged, so only its Merkle leaf can catch it.
      const built = build(entries, 3, 9, 2);
      const files = reShard(built, (e) =>
        e.sequenceNumber === 5 ? withEntryHash({ ...e, metadata: { k: 'forged' } }) : e,
      );

      const result = verifyExport(files);

      expect(result.ok).to.equal(false);
      expect(result.problems).to.have.length(1);
      expect(result.problems[0]).to.match(
        /^the exported entries do not match the signed digest \(tree size 11\): /,
      );
    });

    it('refuses a re-hashed forgery of a range that ends before the tip at the consistency proof', function () {
      // Entries 1..6 rebuilt with another payload at 4: every link, entryHash and shard hash is valid
      // and the chain-tip check does not apply (6 < tree size 11): only the Merkle proof can refuse it.
      const forged = rebuiltFrom(journal(11), 4, 'forged');
      const honest = build(entries, 1, 6, 4);
      const files = reManifest(build(forged, 1, 6, 4), (m) => ({
        ...m,
        digest: honest.manifest.digest,
        proof: honest.manifest.proof,
      }));

      const result = verifyExport(files);

      expect(result.entriesVerified).to.equal(6);
      expect(result.problems).to.deep.equal([
        'the exported entries do not match the signed digest (tree size 11): root1 mismatch: expected ' +
          `${toHex(forgedRoot(forged, 6))}, calculated ${honestRoot(6)}`,
      ]);
    });

    it('refuses a proof of another kind than consistency and names the field', function () {
      const built = build(entries, 3, 9, 2);
      const files = reManifest(built, (m) => ({
        ...m,
        proof: { ...m.proof, kind: 'inclusion' as unknown as 'consistency' },
      }));

      expect(verifyExport(files).problems).to.deep.equal([
        'manifest.json: proof.kind: got "inclusion", want a string matching /^consistency$/',
      ]);
    });

    it('refuses a prefix with the wrong number of subtree roots for the entries before the range', function () {
      const built = build(entries, 7, 9, 2);
      const files = reManifest(built, (m) => ({
        ...m,
        proof: { ...m.proof, prefix: m.proof.prefix.slice(1) },
      }));

      const result = verifyExport(files);

      expect(result.ok).to.equal(false);
      expect(result.problems[0]).to.equal(
        'manifest.json: proof.prefix must hold the roots of the perfect subtrees of the 6 entries before the range: ' +
          'frontier: got 1 hashes, want 2 for size 6',
      );
    });

    it('refuses a prefix with one wrong subtree root at the consistency proof', function () {
      const built = build(entries, 7, 9, 2);
      const files = reManifest(built, (m) => ({
        ...m,
        proof: { ...m.proof, prefix: [m.proof.prefix[0] ?? '', 'e'.repeat(64)] },
      }));

      const result = verifyExport(files);

      expect(result.entriesVerified).to.equal(3);
      expect(result.problems).to.have.length(1);
      expect(result.problems[0]).to.match(
        /^the exported entries do not match the signed digest \(tree size 11\): root1 mismatch: /,
      );
    });

    it('refuses a range that ends past the signed tree size', function () {
      const signed = newerDigest(journal(9), 9).digest;
      const files = reManifest(build(entries, 1, 11, 4), (m) => ({
        ...m,
        digest: {
          treeSize: signed.digest.treeSize,
          rootHash: toHex(signed.digest.rootHash),
          chainTipHash: toHex(signed.digest.chainTipHash),
          lastBlockNumber: signed.digest.lastBlockNumber.toString(),
          signature: toHex(signed.signature),
          certificatePem: signed.certificatePem,
        },
      }));

      expect(verifyExport(files).problems).to.deep.equal([
        "manifest.json: the range ends at 11, beyond the digest's tree size 9",
      ]);
    });

    it('refuses a payload in non-canonical base64 that decodes to the same bytes', function () {
      // 'payload 10' is cGF5bG9hZCAxMA==; cGF5bG9hZCAxMB== sets a bit the decoder ignores.
      const built = build(entries, 1, 11, 4);
      expect(built.manifest.shards[2]?.firstSequence).to.equal(9);
      const files = reShard(built, (e) =>
        e.sequenceNumber === 10
          ? { ...e, payload: e.payload.replace('cGF5bG9hZCAxMA==', 'cGF5bG9hZCAxMB==') }
          : e,
      );

      const result = verifyExport(files);

      expect(Buffer.from('cGF5bG9hZCAxMB==', 'base64').toString()).to.equal('payload 10');
      expect(result.firstBadSequence).to.equal(10);
      expect(result.problems).to.deep.equal([
        'shard-000003.jsonl: sequence 10: payload is not canonical base64',
      ]);
    });

    it('refuses a digest whose signature does not verify against the certificate', function () {
      const built = build(entries, 1, 11, 4);
      const files = reManifest(built, (m) => ({ ...m, digest: { ...m.digest, certificatePem: OTHER_CERT } }));

      const result = verifyExport(files);

      expect(result.problems).to.deep.equal([
        "manifest.json: the digest signature does not verify against the manifest's certificate",
      ]);
    });

    it('reports a missing shard with the first sequence it should hold', function () {
      const { files } = build(entries, 1, 11, 4);
      const shards = new Map(files.shards);
      shards.delete('shard-000002.jsonl');

      const result = verifyExport({ ...files, shards });

      expect(result.problems[0]).to.equal('shard-000002.jsonl: missing');
      expect(result.firstBadSequence).to.equal(5);
    });

    it('reports an unreadable manifest', function () {
      const result = verifyExport({ manifest: Buffer.from('{'), shards: new Map() });

      expect(result).to.deep.equal({
        ok: false,
        entriesVerified: 0,
        problems: ['manifest.json: not UTF-8 JSON'],
      });
      expect(MANIFEST_FILE).to.equal('manifest.json');
    });
  });

  describe('with a newer digest', function () {
    it("accepts a newer signed digest that the export's digest is a prefix of", function () {
      const built = build(journal(11), 1, 11, 4);
      const result = verifyExport(built.files, { newer: newerDigest(journal(20), 11) });
      expect(result.problems).to.deep.equal([]);
    });

    it('reports a newer digest of a journal that rewrote an exported entry', function () {
      const built = build(journal(11), 3, 11, 4);
      const forked = journal(20).map((e, i) => (i === 4 ? { ...e, eventHash: 'f'.repeat(64) } : e));
      const result = verifyExport(built.files, { newer: newerDigest(forked, 11) });
      expect(result.ok).to.equal(false);
      expect(result.problems.join('\n')).to.match(/not a prefix of the newer digest/);
    });
  });
});
