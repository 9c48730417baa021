/**
 * Builds Amazon QLDB journal exports for tests, hashed by QLDB's algorithm: revision hash =
 * dot(IonHash(metadata), IonHash(data)) (dataHash when redacted), entriesHashList = [IonHash of
 * transactionInfo, IonHash of redactionInfo, Merkle root of the revision hashes, system hashes],
 * entriesHash = its Merkle root, blockHash = dot(entriesHash, previousBlockHash). Blocks are mutable
 * models, so that a test can tamper with one field and render the export again.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dumpBinary, load, loadAll } from 'ion-js';
import { dot, merkleRoot } from '@gateway/qldb/hashes';
import { ionHash } from '@gateway/qldb/ionHash';
import type { OutputFormat } from '@gateway/qldb/exportObjects';

/** Revision kinds the builder makes. */
export type RevisionSpec =
  | { kind: 'full'; id: string; version: number; data?: string }
  | { kind: 'redacted'; id: string; version: number; data?: string }
  | { kind: 'deleted'; id: string; version: number }
  | { kind: 'hash-only'; label: string };

/** One block to build. */
export interface BlockSpec {
  readonly revisions?: readonly RevisionSpec[];
  /** Default true. */
  readonly transactionInfo?: boolean;
  readonly redactionInfo?: boolean;
  /** System hashes appended to entriesHashList (default 1). */
  readonly systemHashes?: number;
}

/** A revision as it will be rendered. */
export interface RevisionModel {
  hash: Buffer;
  blockAddress?: { strandId: string; sequenceNo: number };
  metadata?: string;
  data?: string;
  dataHash?: Buffer;
}

/** A block as it will be rendered. */
export interface BlockModel {
  strandId: string;
  sequenceNo: number;
  transactionId: string;
  blockHash: Buffer;
  entriesHash: Buffer;
  previousBlockHash: Buffer;
  entriesHashList: Buffer[];
  transactionInfo?: string;
  redactionInfo?: string;
  revisions?: RevisionModel[];
}

/** Sample data with Ion types JSON cannot keep: a symbol, a decimal, a timestamp, a blob. */
export const SAMPLE_DATA =
  '{VIN:"1N4AL11D75C109151",City:Seattle,PendingPenaltyTicketAmount:42.20,ValidFromDate:2017-08-21T,Photo:{{aGVsbG8=}},Owners:{PrimaryOwner:{PersonId:"IN7Pb4Za3DvCtEdrvMeOJ4"}}}';

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function ionHashOf(text: string): Buffer {
  const value = load(text);
  if (value === null) throw new Error(`no Ion value in ${text}`);
  return Buffer.from(ionHash(value));
}

function b64(hash: Buffer): string {
  return `{{${hash.toString('base64')}}}`;
}

function metadataText(id: string, version: number, txId: string): string {
  return `{id:"${id}",version:${version},txTime:2024-05-01T10:00:00.123Z,txId:"${txId}"}`;
}

function buildRevision(
  spec: RevisionSpec,
  strandId: string,
  sequenceNo: number,
  txId: string,
): RevisionModel {
  if (spec.kind === 'hash-only') return { hash: sha256(`system ${spec.label}`) };
  const blockAddress = { strandId, sequenceNo };
  const metadata = metadataText(spec.id, spec.version, txId);
  if (spec.kind === 'deleted')
    return { blockAddress, metadata, hash: Buffer.from(dot(ionHashOf(metadata), new Uint8Array(0))) };
  const data = spec.data ?? SAMPLE_DATA;
  const dataHash = ionHashOf(data);
  const hash = Buffer.from(dot(ionHashOf(metadata), dataHash));
  return spec.kind === 'full'
    ? { blockAddress, metadata, data, hash }
    : { blockAddress, metadata, dataHash, hash };
}

/** The documents of a block's transactionInfo: every document its revisions name, in table VehicleRegistration. */
function transactionInfoText(
  txId: string,
  documentIds: readonly string[] = ['8F0TPCmdNQ6JTRpiLj2TmW'],
): string {
  const documents = [...new Set(documentIds)]
    .map((id) => `'${id}':{tableName:"VehicleRegistration",tableId:"BPxNiDQXCIB5l5F68KZoOz",statements:[0]}`)
    .join(',');
  return `{statements:[{statement:"INSERT INTO VehicleRegistration VALUE ?",startTime:2024-05-01T10:00:00.100Z,statementDigest:${b64(sha256(txId))}}],documents:{${documents}}}`;
}

function redactionInfoText(strandId: string): string {
  return `{revisions:[{blockAddress:{strandId:"${strandId}",sequenceNo:1},tableId:"BPxNiDQXCIB5l5F68KZoOz",documentId:"8F0TPCmdNQ6JTRpiLj2TmW",version:0}]}`;
}

/** Recomputes a block's entriesHashList (from its parts), entriesHash and blockHash. */
export function rehash(block: BlockModel, systemHashes: number): void {
  const list: Buffer[] = [];
  if (block.transactionInfo !== undefined) list.push(ionHashOf(block.transactionInfo));
  if (block.redactionInfo !== undefined) list.push(ionHashOf(block.redactionInfo));
  if (block.revisions !== undefined && block.revisions.length > 0) {
    list.push(Buffer.from(merkleRoot(block.revisions.map((r) => r.hash))));
  }
  for (let i = 0; i < systemHashes; i++)
    list.push(sha256(`system entry ${block.strandId} ${block.sequenceNo} ${i}`));
  block.entriesHashList = list;
  block.entriesHash = Buffer.from(merkleRoot(list));
  block.blockHash = Buffer.from(dot(block.entriesHash, block.previousBlockHash));
}

/** Builds consecutive blocks of one strand from `start`, chained from `previousBlockHash`. */
function documentIdsOf(spec: BlockSpec): string[] {
  const ids = (spec.revisions ?? []).flatMap((r) => (r.kind === 'hash-only' ? [] : [r.id]));
  return ids.length === 0 ? ['8F0TPCmdNQ6JTRpiLj2TmW'] : ids;
}

export function buildStrand(
  strandId: string,
  specs: readonly BlockSpec[],
  start = 0,
  previousBlockHash: Buffer = sha256('before the first block'),
): BlockModel[] {
  let previous = previousBlockHash;
  return specs.map((spec, i) => {
    const sequenceNo = start + i;
    const transactionId = `tx${strandId.slice(0, 4)}${sequenceNo}`;
    const block: BlockModel = {
      strandId,
      sequenceNo,
      transactionId,
      blockHash: Buffer.alloc(0),
      entriesHash: Buffer.alloc(0),
      previousBlockHash: previous,
      entriesHashList: [],
      ...(spec.transactionInfo === false
        ? {}
        : { transactionInfo: transactionInfoText(transactionId, documentIdsOf(spec)) }),
      ...(spec.redactionInfo === true ? { redactionInfo: redactionInfoText(strandId) } : {}),
      ...(spec.revisions === undefined
        ? {}
        : { revisions: spec.revisions.map((r) => buildRevision(r, strandId, sequenceNo, transactionId)) }),
    };
    rehash(block, spec.systemHashes ?? 1);
    previous = block.blockHash;
    return block;
  });
}

/** A revision as Ion text. */
export function revisionText(r: RevisionModel): string {
  const parts: string[] = [];
  if (r.blockAddress !== undefined) {
    parts.push(
      `blockAddress:{strandId:"${r.blockAddress.strandId}",sequenceNo:${r.blockAddress.sequenceNo}}`,
    );
  }
  parts.push(`hash:${b64(r.hash)}`);
  if (r.dataHash !== undefined) parts.push(`dataHash:${b64(r.dataHash)}`);
  if (r.data !== undefined) parts.push(`data:${r.data}`);
  if (r.metadata !== undefined) parts.push(`metadata:${r.metadata}`);
  return `{${parts.join(',')}}`;
}

/** A block as Ion text, fields in QLDB's order. */
export function blockText(b: BlockModel): string {
  const parts = [
    `blockAddress:{strandId:"${b.strandId}",sequenceNo:${b.sequenceNo}}`,
    `transactionId:"${b.transactionId}"`,
    'blockTimestamp:2024-05-01T10:00:00.200Z',
    `blockHash:${b64(b.blockHash)}`,
    `entriesHash:${b64(b.entriesHash)}`,
    `previousBlockHash:${b64(b.previousBlockHash)}`,
    `entriesHashList:[${b.entriesHashList.map(b64).join(',')}]`,
  ];
  if (b.transactionInfo !== undefined) parts.push(`transactionInfo:${b.transactionInfo}`);
  if (b.redactionInfo !== undefined) parts.push(`redactionInfo:${b.redactionInfo}`);
  if (b.revisions !== undefined) parts.push(`revisions:[${b.revisions.map(revisionText).join(',')}]`);
  return `{${parts.join(',')}}`;
}

/** Ion text values rendered in an output format. */
export function render(texts: readonly string[], format: OutputFormat): Buffer {
  if (format === 'ION_TEXT') return Buffer.from(`${texts.join('\n')}\n`);
  const values = texts.flatMap((t) => loadAll(t));
  if (format === 'ION_BINARY') return Buffer.from(dumpBinary(...values));
  return Buffer.from(values.map((v) => `${JSON.stringify(v)}\n`).join(''));
}

/** One export to write. */
export interface ExportSpec {
  readonly exportId: string;
  readonly format: OutputFormat;
  /** Per strand, its data objects, each a list of blocks. */
  readonly strands: Readonly<Record<string, readonly (readonly BlockModel[])[]>>;
  /** Leave out outputFormat from the started manifest (QLDB's default, ION_TEXT). */
  readonly omitOutputFormat?: boolean;
  /** Default vehicle-registration. */
  readonly ledgerName?: string;
}

const PREFIX = 'journalExport/';
const HOUR = '2024/05/01/10';

/** The S3 key of a data object. */
export function dataObjectKey(strandId: string, blocks: readonly BlockModel[], format: OutputFormat): string {
  const first = blocks[0]?.sequenceNo ?? 0;
  const last = blocks[blocks.length - 1]?.sequenceNo ?? 0;
  return `${PREFIX}${HOUR}/${strandId}.${first}-${last}.${format === 'JSON' ? 'json' : 'ion'}`;
}

/**
 * Writes an export into `dir` as `aws s3 cp --recursive s3://bucket/journalExport/ dir` would: the
 * manifests at the top, data objects under `2024/05/01/10/`.
 */
export function writeExport(dir: string, spec: ExportSpec): void {
  fs.mkdirSync(path.join(dir, HOUR), { recursive: true });
  const format = spec.omitOutputFormat === true ? '' : `,outputFormat:"${spec.format}"`;
  const started = `{ledgerName:"${spec.ledgerName ?? 'vehicle-registration'}",exportId:"${spec.exportId}",inclusiveStartTime:2024-05-01T00:00:00Z,exclusiveEndTime:2024-05-02T00:00:00Z,bucket:"qldb-exports",prefix:"${PREFIX}",objectEncryptionType:"NO_ENCRYPTION"${format}}`;
  fs.writeFileSync(path.join(dir, `${spec.exportId}.started.manifest`), render([started], spec.format));
  for (const [strandId, objects] of Object.entries(spec.strands)) {
    const keys = objects.map((blocks) => dataObjectKey(strandId, blocks, spec.format));
    objects.forEach((blocks, i) => {
      const file = path.join(dir, (keys[i] ?? '').slice(PREFIX.length));
      fs.writeFileSync(file, render(blocks.map(blockText), spec.format));
    });
    const manifest = `{keys:[${keys.map((k) => JSON.stringify(k)).join(',')}]}`;
    fs.writeFileSync(
      path.join(dir, `${spec.exportId}.${strandId}.completed.manifest`),
      render([manifest], spec.format),
    );
  }
}

/** A fresh temporary folder. */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `qldb-${label}-`));
}

/** Flips one bit of a copy of `hash`. */
export function flipBit(hash: Buffer, byte = 0, bit = 0): Buffer {
  const copy = Buffer.from(hash);
  copy[byte] = (copy[byte] ?? 0) ^ (1 << bit);
  return copy;
}

/** A typical strand: full, redacted, deleted and hash-only revisions; one block without transactionInfo. */
export function typicalStrand(strandId: string, count = 5, start = 0, previous?: Buffer): BlockModel[] {
  const specs: BlockSpec[] = [];
  for (let i = 0; i < count; i++) {
    const n = start + i;
    specs.push({
      revisions: [
        { kind: 'full', id: `doc${n}`, version: 0 },
        { kind: 'hash-only', label: `${strandId} ${n}` },
        ...(n % 3 === 1 ? [{ kind: 'redacted', id: `doc${n - 1}`, version: 1 } as const] : []),
        ...(n % 3 === 2 ? [{ kind: 'deleted', id: `doc${n - 2}`, version: 2 } as const] : []),
      ],
      transactionInfo: n % 4 !== 3,
      redactionInfo: n % 3 === 1,
      systemHashes: 1 + (n % 2),
    });
  }
  return buildStrand(strandId, specs, start, previous);
}

/** The sibling hashes from leaf `index` to the root of {@link merkleRoot}(leaves). */
export function merkleProof(leaves: readonly Buffer[], index: number): Buffer[] {
  const proof: Buffer[] = [];
  let level = [...leaves];
  let i = index;
  while (level.length > 1) {
    const sibling = level[i ^ 1];
    if (sibling !== undefined) proof.push(sibling);
    const next: Buffer[] = [];
    for (let j = 0; j < level.length; j += 2) {
      const right = level[j + 1];
      next.push(right === undefined ? (level[j] as Buffer) : Buffer.from(dot(level[j] as Buffer, right)));
    }
    level = next;
    i >>= 1;
  }
  return proof;
}

function proofIonText(proof: readonly Buffer[]): string {
  return `[${proof.map(b64).join(',')}]`;
}

/**
 * A ledger digest over a strand's blocks (a Merkle tree of their block hashes, up to and including
 * `tip`) and get-digest / get-block / get-revision answers proved against it, as the AWS CLI prints
 * them.
 */
export function digestAndProofs(
  blocks: readonly BlockModel[],
  tip: number,
): {
  digest: Buffer;
  digestJson: string;
  blockJson(sequenceNo: number): string;
  revisionJson(sequenceNo: number, revision: number): string;
} {
  const upTo = blocks.filter((b) => b.sequenceNo <= tip);
  const leaves = upTo.map((b) => b.blockHash);
  const digest = Buffer.from(merkleRoot(leaves));
  const tipBlock = upTo[upTo.length - 1] as BlockModel;
  const at = (sequenceNo: number): BlockModel => upTo.find((b) => b.sequenceNo === sequenceNo) as BlockModel;
  const blockProof = (sequenceNo: number): Buffer[] => merkleProof(leaves, upTo.indexOf(at(sequenceNo)));
  return {
    digest,
    digestJson: JSON.stringify({
      Digest: digest.toString('base64'),
      DigestTipAddress: { IonText: `{strandId:"${tipBlock.strandId}",sequenceNo:${tipBlock.sequenceNo}}` },
    }),
    blockJson: (sequenceNo) =>
      JSON.stringify({
        Block: { IonText: blockText(at(sequenceNo)) },
        Proof: { IonText: proofIonText(blockProof(sequenceNo)) },
      }),
    revisionJson: (sequenceNo, revision) => {
      const block = at(sequenceNo);
      const revisions = block.revisions ?? [];
      const root = Buffer.from(merkleRoot(revisions.map((r) => r.hash)));
      const rootIndex = block.entriesHashList.findIndex((h) => h.equals(root));
      const proof = [
        ...merkleProof(
          revisions.map((r) => r.hash),
          revision,
        ),
        ...merkleProof(block.entriesHashList, rootIndex),
        block.previousBlockHash,
        ...blockProof(sequenceNo),
      ];
      return JSON.stringify({
        Revision: { IonText: revisionText(revisions[revision] as RevisionModel) },
        Proof: { IonText: proofIonText(proof) },
      });
    },
  };
}
