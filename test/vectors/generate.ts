/**
 * Regenerates the known-answer vectors under test/vectors/{chain,merkle,digest,entry,receipt} from
 * gateway/src/core and gateway/src/receipt.
 *
 *   npx ts-node -P test/tsconfig.json --transpile-only test/vectors/generate.ts
 *
 * Deterministic: no clock, no randomness, sorted output, prettier-formatted. Re-running it changes no
 * file, and test/unit/gateway/core/vectors.spec.ts fails if the committed files differ from its output.
 * Every vector is `{desc, ...inputs, expected}` or `{desc, ...inputs, wantErr}` (the error class name).
 * Byte fields are lowercase hex; 64-bit integers (sequence and block numbers) are decimal strings.
 *
 * It lives in test/vectors rather than scripts/ because the lint configuration only covers files
 * inside a tsconfig project, and test/tsconfig.json is the one that includes both tests and sources.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import * as prettier from 'prettier';

import {
  consistencyProof,
  CoreError,
  digestSigningBytes,
  EMPTY_ROOT,
  ENTRY_RECORD_FIELDS,
  encodeEntry,
  encodeEntryRecord,
  entryHash,
  type EntryRecordFields,
  eventHash,
  fromHex,
  GENESIS_PREVIOUS_HASH,
  inclusionProof,
  journalLeafData,
  leafHash,
  type LedgerDigest,
  merkleRoot,
  nodeHash,
  type SealedChainEntry,
  sha256,
  toHex,
  utf8,
  verifyChain,
  verifyConsistency,
  verifyDigestSignature,
  verifyInclusion,
} from '@gateway/core';
import {
  parseReceiptSeal,
  RECEIPT_FORMAT,
  receiptBindings,
  ReceiptError,
  verifyReceipt,
} from '@gateway/receipt/receipt';
import type { SignerPin, SignerPolicy } from '@gateway/security/digestSigner';

/** Folders (under test/vectors) this generator owns; every .json file in them is generated. */
export const VECTOR_KINDS = ['chain', 'digest', 'entry', 'merkle', 'receipt'] as const;
/** Absolute path of test/vectors. */
export const VECTORS_DIR = __dirname;

/** A JSON value. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
/** One vector file's content. */
export type Vector = { readonly desc: string } & Readonly<Record<string, Json>>;

/**
 * The eight leaf inputs of the RFC 6962 test data (certificate-transparency / transparency-dev merkle),
 * hashed as leaf data.
 */
export const RFC6962_LEAVES: readonly string[] = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

/**
 * Known answers computed outside this code base. The generator refuses to write vectors that disagree.
 */
export const KNOWN_ANSWERS = {
  // $ printf '' | sha256sum
  emptyRoot: {
    command: "printf '' | sha256sum",
    output: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  // $ printf '\x00' | sha256sum
  emptyLeafHash: {
    command: "printf '\\x00' | sha256sum",
    output: '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  },
  // The first journal entry, encoded by hand in the shell (u64 seq, lp(id), lp(payload), 32 zero bytes).
  firstChainEntry: {
    command:
      "{ printf '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01'; printf '\\x00\\x00\\x00\\x05evt-1'; " +
      'printf \'\\x00\\x00\\x00\\x12{"kind":"genesis"}\'; head -c 32 /dev/zero; } | sha256sum',
    output: 'b2582c3d6d3715ec4e3da51b72510801c01994791196c5c9c194ad70129b19ce',
  },
  // Roots of the first n RFC 6962 test leaves, n = 0..8: the RFC 6962 test data, recomputed with the
  // printf/xxd/sha256sum script `mth.sh` in docs/proofs.md.
  rfc6962Roots: {
    command: 'bash mth.sh (docs/proofs.md)',
    output: [
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ],
  },
} as const;

/** Where the fixed test identities of the digest and receipt vectors are kept (not secrets). */
const IDENTITY_DIR = path.join(__dirname, 'receipt', 'private');
const readPem = (name: string): string => readFileSync(path.join(IDENTITY_DIR, name), 'utf8');

/**
 * Fixed P-256 test identities (not secrets: they sign nothing but these vectors), made once with
 *   openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out org-ca.key.pem
 *   openssl req -x509 -new -key org-ca.key.pem -subj '/O=Org1/CN=ledger-vectors-org-ca' -days 36500 \
 *     -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out org-ca.cert.pem
 *   openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out signer.key.pem
 * (other-ca.cert.pem likewise, self-signed, its key thrown away); the signer certificates (the
 * gateway one, signer.cert.pem with ledger.role=gateway, and the refused twins: teller, role-less,
 * expired, revoked) and the CA's CRL are issued from these keys by receipt/private/generate.sh. A
 * signature over the "journal of 5" digest (ledger-digest-v2) was made once with signDigest and
 * signer.key.pem (low S): ECDSA signing is randomized, so the generator keeps the signature rather than
 * signing; every signer certificate holds signer.key.pem's public key, so it verifies under each.
 */
export const TEST_SIGNER = {
  certificatePem: readPem('signer.cert.pem'),
  orgCaPem: readPem('org-ca.cert.pem'),
  otherCaPem: readPem('other-ca.cert.pem'),
  crlPem: readPem('org-ca.crl.pem'),
  tellerPem: readPem('teller.cert.pem'),
  rolelessPem: readPem('roleless.cert.pem'),
  expiredPem: readPem('expired.cert.pem'),
  revokedPem: readPem('revoked.cert.pem'),
  signature:
    '30440220325fa67c78dad2a755d2936a27f2ca0b40bdaf869e6f34213606938e5665ddf2022037135128f9e864a6fe02fc8779b6661a528f1d90ad59a660e2c62f64e1fb5a2b',
};

const DIGEST_SIGNATURE_DER = TEST_SIGNER.signature;

/** The time every receipt vector is verified at (the signer certificates are valid 2026-12-01..2126). */
export const RECEIPT_VERIFIED_AT = '2027-01-01T00:00:00Z';

/**
 * The signer policy of a receipt vector: its `orgCaPem` (trusted, role gateway required), its
 * optional `crlPem` and `pins` (pinned signers), at its `verifiedAt`.
 *
 * @param vector - the vector's JSON.
 * @returns the policy to verify the vector's receipt with.
 */
export function receiptVectorSigners(vector: Readonly<Record<string, unknown>>): SignerPolicy {
  const crls = typeof vector.crlPem === 'string' ? [vector.crlPem] : [];
  const signers = Array.isArray(vector.pins) ? (vector.pins as SignerPin[]) : [];
  return {
    trust: { members: [{ mspId: '', caCerts: [String(vector.orgCaPem)], crls, signers }] },
    at: new Date(String(vector.verifiedAt)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Helpers

const hex = toHex;
const bytes = (h: string): Uint8Array => fromHex(h);

function flipBit(value: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(value);
  copy[0] = (copy[0] ?? 0) ^ 0x08;
  return copy;
}

/** Runs `check` and returns the name of the CoreError it throws; throws if it does not throw one. */
function errorName(what: string, check: () => unknown): string {
  try {
    check();
  } catch (err) {
    if (err instanceof CoreError) return err.name;
    throw err;
  }
  throw new Error(`generator: ${what} was expected to fail but succeeded`);
}

function assertKnown(what: string, actual: string, known: string): void {
  if (actual !== known) throw new Error(`generator: ${what} is ${actual}, known answer ${known}`);
}

class VectorSet {
  readonly files = new Map<string, Vector>();

  add(kind: string, testCase: string, name: string, vector: Vector): void {
    const file = `${kind}/${testCase}/${name}.json`;
    if (this.files.has(file)) throw new Error(`generator: duplicate vector ${file}`);
    this.files.set(file, vector);
  }
}

// ---------------------------------------------------------------------------------------------------
// chain

interface ChainInput {
  readonly name: string;
  readonly desc: string;
  readonly eventId: string;
  readonly payload: Uint8Array;
}

const CHAIN_INPUTS: readonly ChainInput[] = [
  {
    name: 'seq-1-genesis',
    desc: 'first entry: previous hash is 32 zero bytes',
    eventId: 'evt-1',
    payload: utf8('{"kind":"genesis"}'),
  },
  { name: 'seq-2-binary-payload', desc: 'binary payload', eventId: 'evt-2', payload: bytes('000102fffe80') },
  { name: 'seq-3-empty-payload', desc: 'empty payload', eventId: 'evt-3', payload: new Uint8Array() },
  {
    name: 'seq-4-unicode-event-id',
    desc: 'event id with non-ASCII characters (hashed as UTF-8) and a UTF-8 payload',
    eventId: 'événement-🚀-4',
    payload: utf8('{"note":"ünïcödé"}'),
  },
  {
    name: 'seq-5-empty-event-id',
    desc: 'empty event id and empty payload',
    eventId: '',
    payload: new Uint8Array(),
  },
];

/** The sealed chain the chain vectors describe. */
export function buildChain(): SealedChainEntry[] {
  const entries: SealedChainEntry[] = [];
  let previousHash = GENESIS_PREVIOUS_HASH;
  CHAIN_INPUTS.forEach((input, i) => {
    const entry = {
      sequenceNumber: BigInt(i + 1),
      eventId: input.eventId,
      payload: input.payload,
      previousHash,
    };
    const sealed = { ...entry, eventHash: eventHash(entry) };
    entries.push(sealed);
    previousHash = sealed.eventHash;
  });
  return entries;
}

function entryJson(entry: SealedChainEntry): Json {
  return {
    sequenceNumber: String(entry.sequenceNumber),
    eventId: entry.eventId,
    payload: hex(entry.payload),
    previousHash: hex(entry.previousHash),
    eventHash: hex(entry.eventHash),
  };
}

function addChainVectors(set: VectorSet): void {
  const chain = buildChain();
  chain.forEach((entry, i) => {
    const input = CHAIN_INPUTS[i]!;
    const preimage = hex(encodeEntry(entry));
    const known: Record<string, Json> =
      i === 0
        ? {
            knownAnswer: {
              command: KNOWN_ANSWERS.firstChainEntry.command,
              output: KNOWN_ANSWERS.firstChainEntry.output,
            },
          }
        : {};
    if (i === 0) assertKnown('first chain entry', hex(entry.eventHash), KNOWN_ANSWERS.firstChainEntry.output);
    set.add('chain', 'event-hash', input.name, {
      desc: input.desc,
      sequenceNumber: String(entry.sequenceNumber),
      eventId: entry.eventId,
      payload: hex(entry.payload),
      previousHash: hex(entry.previousHash),
      expected: {
        preimage,
        eventHash: hex(entry.eventHash),
        command: `printf '${preimage}' | xxd -r -p | sha256sum`,
      },
      ...known,
    });
  });
  addChainPreconditions(set);
  addChainVerify(set, chain);
}

function addChainPreconditions(set: VectorSet): void {
  const base = {
    sequenceNumber: 1n,
    eventId: 'evt-1',
    payload: utf8('x'),
    previousHash: GENESIS_PREVIOUS_HASH,
  };
  const cases: readonly [string, string, typeof base][] = [
    ['sequence-number-0', 'sequence numbers start at 1', { ...base, sequenceNumber: 0n }],
    ['sequence-number-2-64', 'sequence number above 2^64-1', { ...base, sequenceNumber: 2n ** 64n }],
    ['previous-hash-31-bytes', 'previous hash one byte short', { ...base, previousHash: new Uint8Array(31) }],
    ['previous-hash-33-bytes', 'previous hash one byte long', { ...base, previousHash: new Uint8Array(33) }],
    [
      'lone-surrogate-event-id',
      'event id that is not well-formed Unicode',
      { ...base, eventId: 'evt-\ud800' },
    ],
  ];
  for (const [name, desc, entry] of cases) {
    set.add('chain', 'event-hash-preconditions', name, {
      desc,
      sequenceNumber: String(entry.sequenceNumber),
      eventId: entry.eventId,
      payload: hex(entry.payload),
      previousHash: hex(entry.previousHash),
      wantErr: errorName(name, () => eventHash(entry)),
    });
  }
}

function addChainVerify(set: VectorSet, chain: readonly SealedChainEntry[]): void {
  const tip = verifyChain(chain)!;
  set.add('chain', 'verify', 'happy-path', {
    desc: 'the five chain vectors, linked',
    entries: chain.map(entryJson),
    expected: { tipSequenceNumber: String(tip.sequenceNumber), tipEventHash: hex(tip.eventHash) },
  });
  const e = (i: number): SealedChainEntry => chain[i]!;
  const mutations: readonly [string, string, SealedChainEntry[]][] = [
    [
      'altered-payload',
      'entry 3 payload changed after sealing',
      [e(0), e(1), { ...e(2), payload: utf8('x') }, e(3), e(4)],
    ],
    [
      'altered-event-hash',
      'entry 2 event hash bit-flipped',
      [e(0), { ...e(1), eventHash: flipBit(e(1).eventHash) }, e(2), e(3), e(4)],
    ],
    [
      'broken-link',
      'entry 4 previous hash is not entry 3 event hash',
      [e(0), e(1), e(2), { ...e(3), previousHash: e(1).eventHash }, e(4)],
    ],
    [
      'first-entry-not-genesis',
      'entry 1 previous hash is not 32 zero bytes',
      [{ ...e(0), previousHash: e(4).eventHash }],
    ],
    ['gap', 'entry 3 missing', [e(0), e(1), e(3), e(4)]],
    ['reordered', 'entries 2 and 3 swapped', [e(0), e(2), e(1), e(3), e(4)]],
    ['duplicate', 'entry 2 repeated', [e(0), e(1), e(1), e(2)]],
  ];
  for (const [name, desc, entries] of mutations) {
    set.add('chain', 'verify', name, {
      desc,
      entries: entries.map(entryJson),
      wantErr: errorName(name, () => verifyChain(entries)),
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// merkle

const LEAVES = RFC6962_LEAVES.map(bytes);
const GARBAGE = sha256(utf8('garbage'));

function addLeafAndRootVectors(set: VectorSet): void {
  RFC6962_LEAVES.forEach((leafData, i) => {
    const known: Record<string, Json> = i === 0 ? { knownAnswer: KNOWN_ANSWERS.emptyLeafHash } : {};
    set.add('merkle', 'leaf-hash', `rfc6962-leaf-${i}`, {
      desc: `leaf hash of RFC 6962 test leaf ${i}`,
      leafData,
      expected: {
        leafHash: hex(leafHash(bytes(leafData))),
        command: `printf '00${leafData}' | xxd -r -p | sha256sum`,
      },
      ...known,
    });
  });
  assertKnown('empty leaf hash', hex(leafHash(new Uint8Array())), KNOWN_ANSWERS.emptyLeafHash.output);
  const left = leafHash(LEAVES[0]!);
  const right = leafHash(LEAVES[1]!);
  set.add('merkle', 'node-hash', 'rfc6962-leaves-0-1', {
    desc: 'interior node over the leaf hashes of RFC 6962 test leaves 0 and 1',
    left: hex(left),
    right: hex(right),
    expected: {
      nodeHash: hex(nodeHash(left, right)),
      command: `printf '01${hex(left)}${hex(right)}' | xxd -r -p | sha256sum`,
    },
  });
  for (let size = 0; size <= LEAVES.length; size++) {
    const root = hex(merkleRoot(LEAVES.slice(0, size)));
    assertKnown(`RFC 6962 root of size ${size}`, root, KNOWN_ANSWERS.rfc6962Roots.output[size]!);
    const known: Record<string, Json> =
      size === 0
        ? { knownAnswer: KNOWN_ANSWERS.emptyRoot }
        : { knownAnswer: { command: KNOWN_ANSWERS.rfc6962Roots.command, output: root } };
    set.add('merkle', 'roots', `rfc6962-size-${size}`, {
      desc: `root of the first ${size} RFC 6962 test leaves`,
      leaves: RFC6962_LEAVES.slice(0, size),
      expected: { root },
      ...known,
    });
  }
  assertKnown('empty root', hex(EMPTY_ROOT), KNOWN_ANSWERS.emptyRoot.output);
  const journal = journalLeaves();
  set.add('merkle', 'roots', 'journal-size-5', {
    desc: 'root of the journal tree over the five chain vectors: leaf data 02 || event_hash || entry_hash (entry/record)',
    leaves: journal.map(hex),
    expected: { root: hex(merkleRoot(journal)) },
  });
}

interface InclusionInput {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

function inclusionMutations(v: InclusionInput): [string, string, InclusionInput][] {
  const out: [string, string, InclusionInput][] = v.proof.map((_, j) => [
    `bit-flip-proof-${j}`,
    `proof[${j}] with one bit flipped`,
    { ...v, proof: v.proof.map((p, k) => (k === j ? flipBit(p) : p)) },
  ]);
  out.push(
    ['index-minus-one', 'leaf index - 1', { ...v, leafIndex: v.leafIndex - 1 }],
    ['index-plus-one', 'leaf index + 1', { ...v, leafIndex: v.leafIndex + 1 }],
    ['size-times-two', 'tree size * 2', { ...v, treeSize: v.treeSize * 2 }],
    ['size-div-two', 'tree size / 2 (rounded down)', { ...v, treeSize: Math.floor(v.treeSize / 2) }],
    ['leading-extra-element', 'garbage element before the proof', { ...v, proof: [GARBAGE, ...v.proof] }],
    ['trailing-extra-element', 'garbage element after the proof', { ...v, proof: [...v.proof, GARBAGE] }],
    ['trailing-root', 'the root appended to the proof', { ...v, proof: [...v.proof, v.root] }],
    ['wrong-leaf', 'leaf hash of other data', { ...v, leafHash: leafHash(utf8('not a leaf')) }],
    ['wrong-root', 'root of the empty tree', { ...v, root: EMPTY_ROOT }],
  );
  if (v.proof.length > 0) out.push(['empty-proof', 'proof with no elements', { ...v, proof: [] }]);
  if (v.proof.length > 0)
    out.push(['truncated-proof', 'last proof element removed', { ...v, proof: v.proof.slice(0, -1) }]);
  return out;
}

function inclusionJson(v: InclusionInput): Record<string, Json> {
  return {
    leafIndex: v.leafIndex,
    treeSize: v.treeSize,
    leafHash: hex(v.leafHash),
    proof: v.proof.map(hex),
    root: hex(v.root),
  };
}

function addInclusionVectors(set: VectorSet): void {
  for (let treeSize = 1; treeSize <= LEAVES.length; treeSize++) {
    const leaves = LEAVES.slice(0, treeSize);
    for (let leafIndex = 0; leafIndex < treeSize; leafIndex++) {
      const v: InclusionInput = {
        leafIndex,
        treeSize,
        leafHash: leafHash(leaves[leafIndex]!),
        proof: inclusionProof(leaves, leafIndex),
        root: merkleRoot(leaves),
      };
      verifyInclusion(v.leafHash, v.leafIndex, v.treeSize, v.proof, v.root);
      const testCase = `leaf-${leafIndex}-size-${treeSize}`;
      set.add('merkle/inclusion', testCase, 'happy-path', {
        desc: `inclusion of RFC 6962 test leaf ${leafIndex} in the tree of the first ${treeSize}`,
        leafIndex,
        treeSize,
        leafData: RFC6962_LEAVES[leafIndex]!,
        expected: { leafHash: hex(v.leafHash), proof: v.proof.map(hex), root: hex(v.root) },
      });
      for (const [name, desc, m] of inclusionMutations(v)) {
        const wantErr = errorName(`${testCase}/${name}`, () => {
          verifyInclusion(m.leafHash, m.leafIndex, m.treeSize, m.proof, m.root);
        });
        set.add('merkle/inclusion', testCase, name, { desc, ...inclusionJson(m), wantErr });
      }
    }
  }
}

interface ConsistencyInput {
  readonly size1: number;
  readonly size2: number;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

function consistencyMutations(v: ConsistencyInput): [string, string, ConsistencyInput][] {
  const out: [string, string, ConsistencyInput][] = v.proof.map((_, j) => [
    `bit-flip-proof-${j}`,
    `proof[${j}] with one bit flipped`,
    { ...v, proof: v.proof.map((p, k) => (k === j ? flipBit(p) : p)) },
  ]);
  out.push(
    ['size1-minus-one', 'size1 - 1', { ...v, size1: v.size1 - 1 }],
    ['size1-plus-one', 'size1 + 1', { ...v, size1: v.size1 + 1 }],
    ['size2-times-two', 'size2 * 2', { ...v, size2: v.size2 * 2 }],
    ['size2-div-two', 'size2 / 2 (rounded down)', { ...v, size2: Math.floor(v.size2 / 2) }],
    ['leading-extra-element', 'garbage element before the proof', { ...v, proof: [GARBAGE, ...v.proof] }],
    ['trailing-extra-element', 'garbage element after the proof', { ...v, proof: [...v.proof, GARBAGE] }],
    ['leading-root1', 'root1 prepended to the proof', { ...v, proof: [v.root1, ...v.proof] }],
    ['wrong-root1', 'root1 of other data', { ...v, root1: GARBAGE }],
    ['wrong-root2', 'root2 of other data', { ...v, root2: GARBAGE }],
  );
  if (v.size1 !== v.size2)
    out.push(['swapped-roots', 'root1 and root2 swapped', { ...v, root1: v.root2, root2: v.root1 }]);
  if (v.proof.length > 0) out.push(['empty-proof', 'proof with no elements', { ...v, proof: [] }]);
  if (v.proof.length > 0)
    out.push(['truncated-proof', 'last proof element removed', { ...v, proof: v.proof.slice(0, -1) }]);
  return out;
}

function consistencyJson(v: ConsistencyInput): Record<string, Json> {
  return {
    size1: v.size1,
    size2: v.size2,
    root1: hex(v.root1),
    root2: hex(v.root2),
    proof: v.proof.map(hex),
  };
}

function addConsistencyVectors(set: VectorSet): void {
  for (let size2 = 1; size2 <= LEAVES.length; size2++) {
    const leaves = LEAVES.slice(0, size2);
    for (let size1 = 1; size1 <= size2; size1++) {
      const v: ConsistencyInput = {
        size1,
        size2,
        root1: merkleRoot(leaves.slice(0, size1)),
        root2: merkleRoot(leaves),
        proof: consistencyProof(leaves, size1),
      };
      verifyConsistency(v.size1, v.size2, v.root1, v.root2, v.proof);
      const testCase = `size1-${size1}-size2-${size2}`;
      set.add('merkle/consistency', testCase, 'happy-path', {
        desc: `consistency of the first ${size1} RFC 6962 test leaves with the first ${size2}`,
        size1,
        size2,
        expected: { root1: hex(v.root1), root2: hex(v.root2), proof: v.proof.map(hex) },
      });
      for (const [name, desc, m] of consistencyMutations(v)) {
        const wantErr = errorName(`${testCase}/${name}`, () => {
          verifyConsistency(m.size1, m.size2, m.root1, m.root2, m.proof);
        });
        set.add('merkle/consistency', testCase, name, { desc, ...consistencyJson(m), wantErr });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// digest

interface DigestInput {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly chainTipHash: Uint8Array;
  readonly lastBlockNumber: bigint;
}

function digestJson(d: DigestInput): Record<string, Json> {
  return {
    treeSize: d.treeSize,
    rootHash: hex(d.rootHash),
    chainTipHash: hex(d.chainTipHash),
    lastBlockNumber: String(d.lastBlockNumber),
  };
}

/** The digest of the five chain vectors, sealed in block 7. */
export function journalDigest(): LedgerDigest {
  const chain = buildChain();
  return {
    treeSize: chain.length,
    rootHash: merkleRoot(journalLeaves()),
    chainTipHash: chain.at(-1)!.eventHash,
    lastBlockNumber: 7n,
  };
}

function addDigestVectors(set: VectorSet): void {
  const journal = journalDigest();
  const happy: readonly [string, string, DigestInput][] = [
    [
      'empty-journal',
      'empty journal: empty root, zero chain tip, block 0',
      { treeSize: 0, rootHash: EMPTY_ROOT, chainTipHash: GENESIS_PREVIOUS_HASH, lastBlockNumber: 0n },
    ],
    ['journal-size-5', 'the five chain vectors, sealed in block 7', journal],
    ['max-block-number', 'largest block number', { ...journal, lastBlockNumber: 2n ** 64n - 1n }],
  ];
  for (const [name, desc, d] of happy) {
    const signingBytes = hex(digestSigningBytes(d));
    set.add('digest', 'signing-bytes', name, {
      desc,
      ...digestJson(d),
      expected: {
        signingBytes,
        sha256: hex(sha256(bytes(signingBytes))),
        command: `printf '${signingBytes}' | xxd -r -p | sha256sum`,
      },
    });
  }
  const bad: readonly [string, string, DigestInput][] = [
    [
      'root-hash-31-bytes',
      'root hash one byte short',
      { ...journal, rootHash: journal.rootHash.subarray(1) },
    ],
    [
      'chain-tip-33-bytes',
      'chain tip hash one byte long',
      { ...journal, chainTipHash: Uint8Array.of(0, ...journal.chainTipHash) },
    ],
    [
      'empty-journal-nonempty-root',
      'tree size 0 with a root other than the empty root',
      { ...journal, treeSize: 0 },
    ],
    [
      'empty-journal-nonzero-tip',
      'tree size 0 with a non-zero chain tip',
      { ...journal, treeSize: 0, rootHash: EMPTY_ROOT },
    ],
    ['negative-block-number', 'block number -1', { ...journal, lastBlockNumber: -1n }],
    ['block-number-2-64', 'block number 2^64', { ...journal, lastBlockNumber: 2n ** 64n }],
    ['negative-tree-size', 'tree size -1', { ...journal, treeSize: -1 }],
  ];
  for (const [name, desc, d] of bad) {
    set.add('digest', 'signing-bytes-preconditions', name, {
      desc,
      ...digestJson(d),
      wantErr: errorName(name, () => digestSigningBytes(d)),
    });
  }
  addSignatureVectors(set, journal);
}

function addSignatureVectors(set: VectorSet, journal: LedgerDigest): void {
  const signature = bytes(DIGEST_SIGNATURE_DER);
  const cases: readonly [string, string, LedgerDigest, Uint8Array, boolean][] = [
    ['happy-path', 'signature by the test identity over the journal-size-5 digest', journal, signature, true],
    [
      'bit-flip-signature',
      'signature with one bit flipped in its last byte',
      journal,
      flipLastBit(signature),
      false,
    ],
    [
      'other-block-number',
      'same signature, digest with another block number',
      { ...journal, lastBlockNumber: 8n },
      signature,
      false,
    ],
    [
      'other-tree-size',
      'same signature, digest with another tree size',
      { ...journal, treeSize: 4 },
      signature,
      false,
    ],
    [
      'high-s',
      'the same signature with s replaced by n - s (valid ECDSA, rejected as Fabric does)',
      journal,
      highS(signature),
      false,
    ],
  ];
  for (const [name, desc, d, sig, valid] of cases) {
    const ok = verifyDigestSignature(d, sig, TEST_SIGNER.certificatePem);
    if (ok !== valid) throw new Error(`generator: signature vector ${name} verifies ${ok}, want ${valid}`);
    set.add('digest', 'signature', name, {
      desc,
      ...digestJson(d),
      signature: hex(sig),
      certificatePem: TEST_SIGNER.certificatePem,
      expected: { valid },
    });
  }
}

function flipLastBit(value: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(value);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
  return copy;
}

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** Re-encodes a DER signature with s replaced by n - s (the high-S twin of a low-S signature). */
function highS(der: Uint8Array): Uint8Array {
  const rLength = der[3]!;
  const r = der.subarray(4, 4 + rLength);
  const s = BigInt(`0x${hex(der.subarray(6 + rLength))}`);
  const sHigh = fromHex((P256_N - s).toString(16).padStart(64, '0'));
  const sInt = (sHigh[0]! & 0x80) !== 0 ? Uint8Array.of(0, ...sHigh) : sHigh;
  return Uint8Array.of(
    0x30,
    2 + r.length + 2 + sInt.length,
    0x02,
    r.length,
    ...r,
    0x02,
    sInt.length,
    ...sInt,
  );
}

// ---------------------------------------------------------------------------------------------------
// entry records (leaf format 2) and receipts

const TX = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);
const GATEWAY_ID = 'x509::/C=US/O=Org1MSP/CN=gateway1::/C=US/O=Org1MSP/CN=ca.org1.example.com';
const EVENT_SUBMITTER = {
  submitterMspId: 'Org1MSP',
  submitterId: GATEWAY_ID,
  submitterCertSha256: 'a1'.repeat(32),
  clientCertSha256: 'c1'.repeat(32),
  clientSubject: 'C=US, O=Org1MSP, OU=client, CN=veps-client',
};

/** The entry record fields of the five chain vectors (event hashes from chain/event-hash). */
const ENTRY_INPUTS: readonly {
  readonly name: string;
  readonly desc: string;
  readonly fields: EntryRecordFields;
}[] = [
  {
    name: 'seq-1-event',
    desc: 'a submitted event with VEPS fields, two metadata entries and the authenticated client',
    fields: {
      entryType: 'event',
      transactionId: TX(1),
      blockNumber: 5,
      entryIndex: 0,
      sealedTimestamp: 1767323045678,
      vepsSignature: 'MEUCIQ==',
      vepsTimestamp: 1767323045000,
      metadata: { source: 'veps', lane: '7' },
      ...EVENT_SUBMITTER,
    },
  },
  {
    name: 'seq-2-event-same-transaction',
    desc: 'the second event of the same transaction: entry index 1, metadata keys sorted by UTF-8 bytes',
    fields: {
      entryType: 'event',
      transactionId: TX(1),
      blockNumber: 5,
      entryIndex: 1,
      sealedTimestamp: 1767323045678,
      vepsSignature: '',
      vepsTimestamp: 1,
      metadata: { z: '', é: 'accent', '\u{1F680}': 'rocket', '\uFF21': 'fullwidth', ['__proto__']: 'kept' },
      ...EVENT_SUBMITTER,
    },
  },
  {
    name: 'seq-3-write-entry',
    desc: 'a write entry: no VEPS fields, no client, the creator is the submitter',
    fields: {
      entryType: 'account',
      transactionId: TX(2),
      blockNumber: 6,
      entryIndex: 0,
      sealedTimestamp: 1767323046001,
      vepsSignature: '',
      vepsTimestamp: 0,
      metadata: {},
      submitterMspId: 'Org2MSP',
      submitterId: 'x509::/C=US/O=Org2MSP/CN=teller2::/C=US/O=Org2MSP/CN=ca.org2.example.com',
      submitterCertSha256: 'b2'.repeat(32),
      clientCertSha256: '',
      clientSubject: '',
    },
  },
  {
    name: 'seq-4-unicode-fields',
    desc: 'non-ASCII VEPS signature, metadata and client subject (hashed as UTF-8)',
    fields: {
      entryType: 'event',
      transactionId: TX(3),
      blockNumber: 7,
      entryIndex: 0,
      sealedTimestamp: 1767323047999,
      vepsSignature: 'sïg',
      vepsTimestamp: 9007199254740991,
      metadata: { ключ: 'значение' },
      ...EVENT_SUBMITTER,
      clientSubject: 'CN=Jürgen Müller, O=Org1MSP',
    },
  },
  {
    name: 'seq-5-journal-record-v1',
    desc: 'an entry of a version 1 journal record: no certificate fingerprints, no client',
    fields: {
      entryType: 'event',
      transactionId: TX(3),
      blockNumber: 7,
      entryIndex: 1,
      sealedTimestamp: 1767323047999,
      vepsSignature: '',
      vepsTimestamp: 2,
      metadata: {},
      submitterMspId: 'Org1MSP',
      submitterId: GATEWAY_ID,
      submitterCertSha256: '',
      clientCertSha256: '',
      clientSubject: '',
    },
  },
];

/** The Merkle leaf data of the five chain vectors: 02 || event_hash || entry_hash. */
export function journalLeaves(): Uint8Array[] {
  return buildChain().map((entry, i) => journalLeafData(entry.eventHash, entryHash(ENTRY_INPUTS[i]!.fields)));
}

function entryFieldsJson(f: EntryRecordFields): Record<string, Json> {
  return {
    entryType: f.entryType,
    transactionId: f.transactionId,
    blockNumber: String(f.blockNumber),
    entryIndex: f.entryIndex,
    sealedTimestamp: String(f.sealedTimestamp),
    vepsSignature: f.vepsSignature,
    vepsTimestamp: String(f.vepsTimestamp),
    metadata: { ...f.metadata },
    submitterMspId: f.submitterMspId,
    submitterId: f.submitterId,
    submitterCertSha256: f.submitterCertSha256,
    clientCertSha256: f.clientCertSha256,
    clientSubject: f.clientSubject,
  };
}

function addEntryVectors(set: VectorSet): void {
  const chain = buildChain();
  ENTRY_INPUTS.forEach(({ name, desc, fields }, i) => {
    const record = hex(encodeEntryRecord(fields));
    const recordHash = hex(entryHash(fields));
    const eventHashHex = hex(chain[i]!.eventHash);
    const leafData = `02${eventHashHex}${recordHash}`;
    set.add('entry', 'record', name, {
      desc,
      ...entryFieldsJson(fields),
      eventHash: eventHashHex,
      expected: {
        entryRecord: record,
        entryHash: recordHash,
        entryHashCommand: `printf '${record}' | xxd -r -p | sha256sum`,
        leafData,
        leafHash: hex(leafHash(bytes(leafData))),
        leafHashCommand: `printf '00${leafData}' | xxd -r -p | sha256sum`,
      },
    });
  });
  const base = ENTRY_INPUTS[0]!.fields;
  const bad: readonly [string, string, EntryRecordFields][] = [
    [
      'cert-sha256-uppercase',
      'an uppercase certificate fingerprint',
      { ...base, submitterCertSha256: 'A1'.repeat(32) },
    ],
    [
      'client-cert-63-chars',
      'a client fingerprint one hex digit short',
      { ...base, clientCertSha256: 'c'.repeat(63) },
    ],
    [
      'lone-surrogate-subject',
      'a client subject with a lone surrogate',
      { ...base, clientSubject: 'CN=\uD800' },
    ],
    ['negative-block-number', 'block number -1', { ...base, blockNumber: -1 }],
    ['entry-index-2-32', 'entry index 2^32', { ...base, entryIndex: 2 ** 32 }],
  ];
  for (const [name, desc, fields] of bad) {
    set.add('entry', 'record-preconditions', name, {
      desc,
      ...entryFieldsJson(fields),
      wantErr: errorName(name, () => encodeEntryRecord(fields)),
    });
  }
}

/** The seal JSON (as `ledger get` prints it) of chain vector `i` (0-based). */
function sealJson(i: number): Record<string, Json> {
  const entry = buildChain()[i]!;
  const fields = ENTRY_INPUTS[i]!.fields;
  return {
    sequenceNumber: String(entry.sequenceNumber),
    eventId: entry.eventId,
    payload: Buffer.from(entry.payload).toString('base64'),
    eventHash: hex(entry.eventHash),
    previousHash: hex(entry.previousHash),
    commitLatencyMs: '0',
    leafIndex: String(entry.sequenceNumber - 1n),
    ...entryFieldsJson(fields),
    entryHash: hex(entryHash(fields)),
  };
}

/** A receipt of chain vector `i` against the signed journal-size-5 digest. */
function receiptJson(i: number): Record<string, Json> {
  const digest = journalDigest();
  const leaves = journalLeaves();
  const seal = sealJson(i);
  return {
    format: RECEIPT_FORMAT,
    seal,
    proof: {
      sequenceNumber: String(i + 1),
      leafIndex: String(i),
      treeSize: String(digest.treeSize),
      eventHash: hex(buildChain()[i]!.eventHash),
      hashes: inclusionProof(leaves, i).map(hex),
      rootHash: hex(digest.rootHash),
    },
    digest: {
      treeSize: String(digest.treeSize),
      rootHash: hex(digest.rootHash),
      chainTipHash: hex(digest.chainTipHash),
      lastBlockNumber: String(digest.lastBlockNumber),
      signature: Buffer.from(bytes(DIGEST_SIGNATURE_DER)).toString('base64'),
      certificatePem: TEST_SIGNER.certificatePem,
      mspId: 'Org1MSP',
      signedBytes: Buffer.from(digestSigningBytes(digest)).toString('base64'),
    },
    bindings: receiptBindings(parseReceiptSeal(seal)),
  };
}

/** One character (or byte) changed: the smallest edit of a JSON value. */
function changeOne(value: Json, field: string): Json {
  if (typeof value === 'number') return value + 1;
  if (typeof value !== 'string') throw new Error(`generator: cannot alter ${field}`);
  if (field === 'seal.payload' || field === 'digest.signature' || field === 'digest.signed_bytes') {
    const b = Buffer.from(value, 'base64');
    if (b.length === 0) return Buffer.from('x').toString('base64');
    b[b.length - 1] = b[b.length - 1]! ^ 0x01;
    return b.toString('base64');
  }
  if (value === '') return field.endsWith('sha256') ? '0'.repeat(64) : 'x';
  const last = value.charCodeAt(value.length - 1);
  if (/^[0-9]+$/.test(value)) return String(BigInt(value) + 1n);
  const next = /[0-9a-f]/.test(value[value.length - 1]!)
    ? last === 0x66
      ? 'e'
      : last === 0x39
        ? 'a'
        : String.fromCharCode(last + 1)
    : String.fromCharCode(last ^ 1);
  return value.slice(0, -1) + next;
}

/** The trust part of a receipt vector: the org CA and verification time, a CRL and pins if any. */
type TrustFields = Record<string, Json>;

const trustFields = (orgCaPem: string, extra: TrustFields = {}): TrustFields => ({
  orgCaPem,
  ...extra,
  verifiedAt: RECEIPT_VERIFIED_AT,
});

function receiptError(receipt: Json, trust: TrustFields): ReceiptError {
  try {
    verifyReceipt(utf8(JSON.stringify(receipt)), { signers: receiptVectorSigners(trust) });
  } catch (err) {
    if (err instanceof ReceiptError) return err;
    throw err;
  }
  throw new Error('generator: a receipt twin verifies');
}

function receiptFailure(receipt: Json, orgCaPem: string): string {
  try {
    verifyReceipt(utf8(JSON.stringify(receipt)), { signers: receiptVectorSigners(trustFields(orgCaPem)) });
  } catch (err) {
    if (err instanceof ReceiptError) return err.field;
    throw err;
  }
  throw new Error('generator: a receipt twin verifies');
}

/** Every seal field a receipt binds: the chained ones, the leaf's position and hash, the entry record's. */
const SEAL_TWIN_FIELDS = [
  'sequenceNumber',
  'eventId',
  'payload',
  'eventHash',
  'previousHash',
  'leafIndex',
  'entryHash',
  ...ENTRY_RECORD_FIELDS,
] as const;

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function addReceiptVectors(set: VectorSet): void {
  const orgCaPem = TEST_SIGNER.orgCaPem;
  for (const [i, name] of [
    [0, 'seq-1-of-5'],
    [1, 'seq-2-of-5'],
    [2, 'seq-3-of-5'],
    [4, 'seq-5-of-5'],
  ] as const) {
    const receipt = receiptJson(i);
    const result = verifyReceipt(utf8(JSON.stringify(receipt)), {
      signers: receiptVectorSigners(trustFields(orgCaPem)),
    });
    set.add('receipt', 'verify', name, {
      desc: `receipt of chain vector ${i + 1} against the signed journal-size-5 digest`,
      receipt,
      ...trustFields(orgCaPem),
      expected: { sequenceNumber: result.sequenceNumber, rootHash: result.rootHash },
    });
  }
  const base = receiptJson(1);
  const seal = base.seal as Record<string, Json>;
  const digest = base.digest as Record<string, Json>;
  const proof = base.proof as Record<string, Json>;
  const twins: [string, string, string, Json][] = SEAL_TWIN_FIELDS.map((name) => {
    const field = `seal.${snake(name)}`;
    const altered =
      name === 'metadata'
        ? { ...(seal.metadata as Record<string, Json>), z: 'y' }
        : changeOne(seal[name]!, field);
    return [
      `seal-${snake(name).replace(/_/g, '-')}`,
      field,
      `one byte of ${field} changed`,
      { ...base, seal: { ...seal, [name]: altered } },
    ];
  });
  for (const name of ['treeSize', 'rootHash', 'chainTipHash', 'lastBlockNumber', 'signature'] as const) {
    // (signedBytes, a convenience copy, is covered by the signature: see digest-signed-bytes below)
    const field = `digest.${snake(name)}`;
    twins.push([
      `digest-${snake(name).replace(/_/g, '-')}`,
      field,
      `one byte of ${field} changed`,
      { ...base, digest: { ...digest, [name]: changeOne(digest[name]!, field) } },
    ]);
  }
  (proof.hashes as string[]).forEach((h, j) => {
    const hashes = [...(proof.hashes as string[])];
    hashes[j] = changeOne(h, 'proof.hashes') as string;
    twins.push([
      `proof-hash-${j}`,
      'proof.hashes',
      `one byte of proof element ${j} changed`,
      { ...base, proof: { ...proof, hashes } },
    ]);
  });
  twins.push([
    'proof-tree-size',
    'proof.tree_size',
    'the proof is against another tree size',
    { ...base, proof: { ...proof, treeSize: '4' } },
  ]);
  for (const [name, field, desc, receipt] of twins) {
    const failed = receiptFailure(receipt, orgCaPem);
    if (failed !== field) {
      throw new Error(`generator: receipt twin ${name} fails on ${failed}, not on ${field}`);
    }
    set.add('receipt', 'verify-twins', name, {
      desc,
      altered: field,
      receipt,
      ...trustFields(orgCaPem),
      wantErr: 'ReceiptError',
      wantField: failed,
    });
  }
  const bindings = base.bindings as Record<string, string>;
  const extra: [string, string, string, Json][] = [
    [
      'bindings-event-hash-preimage',
      'seal.event_hash',
      'one byte of the event hash preimage changed: it no longer hashes to event_hash',
      {
        ...base,
        bindings: { ...bindings, eventHashPreimage: changeOne(bindings.eventHashPreimage!, 'hex') },
      },
    ],
    [
      'bindings-entry-record',
      'seal.entry_hash',
      'one byte of the entry record changed: it no longer hashes to entry_hash',
      { ...base, bindings: { ...bindings, entryRecord: changeOne(bindings.entryRecord!, 'hex') } },
    ],
    [
      'digest-signed-bytes-and-signature',
      'digest.signature',
      'a byte of the signature and of the signed bytes changed: no field can be blamed but the signature',
      {
        ...base,
        digest: {
          ...digest,
          signature: changeOne(digest.signature!, 'digest.signature'),
          signedBytes: changeOne(digest.signedBytes!, 'digest.signed_bytes'),
        },
      },
    ],
  ];
  for (const [name, field, desc, receipt] of extra) {
    const failed = receiptFailure(receipt, orgCaPem);
    if (failed !== field)
      throw new Error(`generator: receipt twin ${name} fails on ${failed}, not on ${field}`);
    set.add('receipt', 'verify-twins', name, {
      desc,
      altered: name,
      receipt,
      ...trustFields(orgCaPem),
      wantErr: 'ReceiptError',
      wantField: failed,
    });
  }
  const other = TEST_SIGNER.otherCaPem;
  set.add('receipt', 'verify-twins', 'other-org-ca', {
    desc: 'a good receipt checked against another org CA',
    altered: 'digest.certificate_pem',
    receipt: base,
    ...trustFields(other),
    wantErr: 'ReceiptError',
    wantField: receiptFailure(base, other),
  });
  addSignerVectors(set, base, digest);
}

/** SHA-256 hex of a certificate's SubjectPublicKeyInfo (a `spkiSha256` pin). */
const spkiPin = (pem: string): string =>
  toHex(sha256(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })));

/**
 * Who may sign the digest: the good receipt with its signer pinned (by SPKI and by subject) and the
 * CA's CRL given verifies; the same receipt and signature under a certificate of the same key that
 * is not a usable gateway identity, or with other signers pinned, is refused naming why.
 */
function addSignerVectors(set: VectorSet, base: Record<string, Json>, digest: Record<string, Json>): void {
  const orgCaPem = TEST_SIGNER.orgCaPem;
  const crlPem = TEST_SIGNER.crlPem;
  const accepted: [string, string, TrustFields][] = [
    [
      'seq-2-of-5-pinned-spki',
      "the signer pinned by the SHA-256 of its public key, the CA's CRL given",
      { crlPem, pins: [{ spkiSha256: spkiPin(TEST_SIGNER.certificatePem) }] },
    ],
    [
      'seq-2-of-5-pinned-subject',
      "the signer pinned by its subject among others, the CA's CRL given",
      {
        crlPem,
        pins: [
          { subject: 'O=Org1, OU=client, CN=gateway2' },
          { subject: 'O=Org1, OU=client, CN=ledger-vectors-digest-signer' },
        ],
      },
    ],
  ];
  for (const [name, desc, extra] of accepted) {
    const trust = trustFields(orgCaPem, extra);
    const result = verifyReceipt(utf8(JSON.stringify(base)), { signers: receiptVectorSigners(trust) });
    set.add('receipt', 'verify', name, {
      desc,
      receipt: base,
      ...trust,
      expected: { sequenceNumber: result.sequenceNumber, rootHash: result.rootHash },
    });
  }
  const refused: [string, string, string | undefined, TrustFields, string][] = [
    [
      'signer-teller-role',
      'the digest signed under a teller certificate of the trusted CA',
      TEST_SIGNER.tellerPem,
      {},
      'has ledger.role "teller", want "gateway"',
    ],
    [
      'signer-no-role',
      'the digest signed under a certificate of the trusted CA with no ledger.role',
      TEST_SIGNER.rolelessPem,
      {},
      'has no ledger.role attribute, want "gateway"',
    ],
    [
      'signer-expired',
      'the digest signed under a gateway certificate that expired before the verification time',
      TEST_SIGNER.expiredPem,
      {},
      'expired on 2026-01-01T00:00:00Z',
    ],
    [
      'signer-revoked',
      "the digest signed under a gateway certificate revoked by the CA's CRL",
      TEST_SIGNER.revokedPem,
      { crlPem },
      'is revoked (serial 06)',
    ],
    [
      'signer-not-pinned',
      'the good signer, but other signers pinned',
      undefined,
      { pins: [{ subject: 'O=Org1, OU=client, CN=gateway2' }, { spkiSha256: '00'.repeat(32) }] },
      'matches none of the 2 signers pinned',
    ],
  ];
  for (const [name, desc, certificatePem, extra, why] of refused) {
    const receipt = certificatePem === undefined ? base : { ...base, digest: { ...digest, certificatePem } };
    const trust = trustFields(orgCaPem, extra);
    const err = receiptError(receipt, trust);
    if (err.field !== 'digest.certificate_pem' || !err.message.includes(why)) {
      throw new Error(`generator: receipt twin ${name} fails with ${err.message}, not naming ${why}`);
    }
    set.add('receipt', 'verify-twins', name, {
      desc,
      altered: 'digest.certificate_pem',
      receipt,
      ...trust,
      wantErr: 'ReceiptError',
      wantField: err.field,
      wantMessage: why,
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Output

async function formatJson(file: string, vector: Vector): Promise<string> {
  const config = (await prettier.resolveConfig(path.join(VECTORS_DIR, file), { editorconfig: true })) ?? {};
  return prettier.format(JSON.stringify(vector), { ...config, parser: 'json' });
}

/**
 * Builds every vector file in memory.
 *
 * @returns file path relative to test/vectors → formatted file content, sorted by path.
 */
export async function generateVectors(): Promise<Map<string, string>> {
  const set = new VectorSet();
  addChainVectors(set);
  addLeafAndRootVectors(set);
  addInclusionVectors(set);
  addConsistencyVectors(set);
  addDigestVectors(set);
  addEntryVectors(set);
  addReceiptVectors(set);
  const out = new Map<string, string>();
  for (const file of [...set.files.keys()].sort()) {
    out.set(file, await formatJson(file, set.files.get(file)!));
  }
  return out;
}

/**
 * Lists the .json files currently under the generator's folders.
 *
 * @returns paths relative to test/vectors, sorted.
 */
export function listVectorFiles(): string[] {
  const files: string[] = [];
  for (const kind of VECTOR_KINDS) {
    const dir = path.join(VECTORS_DIR, kind);
    const entries = readdirSafe(dir);
    for (const entry of entries) {
      if (entry.endsWith('.json')) files.push(path.posix.join(kind, entry.split(path.sep).join('/')));
    }
  }
  return files.sort();
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function main(): Promise<void> {
  const generated = await generateVectors();
  for (const stale of listVectorFiles().filter((file) => !generated.has(file))) {
    rmSync(path.join(VECTORS_DIR, stale));
  }
  for (const [file, content] of generated) {
    const target = path.join(VECTORS_DIR, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  process.stdout.write(`wrote ${generated.size} vector files under ${VECTORS_DIR}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
}
