/**
 * Regenerates the known-answer vectors under test/vectors/{chain,merkle,digest} from gateway/src/core.
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
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import * as prettier from 'prettier';

import {
  consistencyProof,
  CoreError,
  digestSigningBytes,
  EMPTY_ROOT,
  encodeEntry,
  eventHash,
  fromHex,
  GENESIS_PREVIOUS_HASH,
  inclusionProof,
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
} from '../../gateway/src/core';

/** Folders (under test/vectors) this generator owns; every .json file in them is generated. */
export const VECTOR_KINDS = ['chain', 'digest', 'merkle'] as const;
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

/**
 * A fixed P-256 test identity (not a secret: it signs nothing but these vectors), made once with
 *   openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out key.pem
 *   openssl req -x509 -new -key key.pem -subj '/O=Org1/CN=ledger-digest-test-signer' -days 36500 -out cert.pem
 * and a signature over the "journal of 5" digest made once with signDigest (low S).
 */
export const TEST_SIGNER = {
  certificatePem:
    [
      '-----BEGIN CERTIFICATE-----',
      'MIIBvTCCAWOgAwIBAgIUFVLvDx4m5jhHBBURMVVHqWLU9KIwCgYIKoZIzj0EAwIw',
      'MzENMAsGA1UECgwET3JnMTEiMCAGA1UEAwwZbGVkZ2VyLWRpZ2VzdC10ZXN0LXNp',
      'Z25lcjAgFw0yNjExMjMwNzMzNTZaGA8yMTI2MTAzMDA3MzM1NlowMzENMAsGA1UE',
      'CgwET3JnMTEiMCAGA1UEAwwZbGVkZ2VyLWRpZ2VzdC10ZXN0LXNpZ25lcjBZMBMG',
      'ByqGSM49AgEGCCqGSM49AwEHA0IABEu60B/c43UBVkzsRY8z/uNzpU19WW/9mlaG',
      'EO5b4vsNHDL+ZGP6Ex190UKYzCjS8zg30z8O7ntYf75uTfgpBnWjUzBRMB0GA1Ud',
      'DgQWBBTxwtSbXqJguCTrQO89qj3MCpvgyTAfBgNVHSMEGDAWgBTxwtSbXqJguCTr',
      'QO89qj3MCpvgyTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIEZh',
      'ZEQJUtia1iDSi5fCjm1066BDVSvz2GHmsKh/Fxv7AiEA6/3ruo4J1jKf/NYIlimG',
      'UiJv2SSTEwWJxWHN3uEQm84=',
      '-----END CERTIFICATE-----',
    ].join('\n') + '\n',
  signature:
    '30440220683b8501478399503ddc216aa1eb6d9aaea2c0bc3cd0c33f0af96899a4f3e11802201172f1b3cc2f5480165ed33a14311b474930b001551480ffff589b71564630d6',
};

const DIGEST_SIGNATURE_DER = TEST_SIGNER.signature;

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
  const journal = buildChain().map((entry) => entry.eventHash);
  set.add('merkle', 'roots', 'journal-size-5', {
    desc: 'root of the journal tree whose leaf data are the five chain vectors event hashes',
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
    rootHash: merkleRoot(chain.map((entry) => entry.eventHash)),
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
