/**
 * What `ledger qldb import` journals: one `qldb-revision` record per revision of a verified QLDB
 * export, in strand and block order, and the `qldb-anchor` record that ends an import. Pure.
 *
 * A revision record carries the revision's provenance (ledger, block address, revision index, QLDB
 * transaction id), its document's identity (table, document id, version, txTime, txId), its hash, and
 * its metadata and data in the Ion JSON encoding of `ionJson.ts`. For an Ion export the builder checks
 * that the revision hash recomputed from that JSON (read back as Ion) is the exported hash, so the
 * journaled record alone proves the revision: `reencoded: true`.
 */
import { createHash } from 'node:crypto';
import { dom, IonTypes } from 'ion-js';
import { dot, hashToBase64, sameHash } from './hashes';
import { ionHashOfEncoded } from './ionHash';
import { ionTextOfJson, ionToJson, type IonJson } from './ionJson';
import { formatAddress, type BlockAddress, type JournalBlock, type JournalRevision } from './journalBlock';
import type { QldbDigest } from './proofs';
import { QldbVerificationError } from './verifyBlock';
import { joinSegments, type StrandSegment, type StrandTip } from './verifyChain';

/** One record to import, as `Migration:ImportEntries` takes it. */
export interface QldbImportItem {
  readonly type: 'qldb-revision' | 'qldb-anchor';
  readonly importId: string;
  readonly record: { readonly [field: string]: IonJson };
  /** The revision hash (revisions only), for the anchor's summary hash. */
  readonly revisionHash?: Uint8Array;
}

/** Characters allowed in a ledger name inside an import id (QLDB names: 1-32 of [A-Za-z0-9-]). */
const LEDGER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Checks a QLDB ledger name for use in import ids.
 *
 * @throws Error naming the rule.
 */
export function checkLedgerName(name: string): string {
  if (!LEDGER_NAME.test(name)) {
    throw new Error(`ledger name: got ${JSON.stringify(name)}, want 1 to 64 characters of [A-Za-z0-9_-]`);
  }
  return name;
}

/** `qldb/<ledger>/<strandId>:<sequenceNo>/<revisionIndex>`: one revision's import id. */
export function revisionImportId(ledgerName: string, address: BlockAddress, index: number): string {
  return `qldb/${ledgerName}/${formatAddress(address)}/${index}`;
}

/** `qldb/<ledger>/anchor/<strandId>:<sequenceNo>` of the digest's tip: the anchor's import id. */
export function anchorImportId(ledgerName: string, tip: BlockAddress): string {
  return `qldb/${ledgerName}/anchor/${formatAddress(tip)}`;
}

function timestampText(value: dom.Value): string | null {
  const json = ionToJson(value);
  const text = typeof json === 'object' && json !== null && !Array.isArray(json) ? json.$timestamp : null;
  return typeof text === 'string' ? text : null;
}

function textOf(value: dom.Value | null | undefined): string | null {
  if (value === null || value === undefined || value.isNull()) return null;
  const type = value.getType();
  if (type === IonTypes.STRING || type === IonTypes.SYMBOL) return value.stringValue();
  return type === IonTypes.TIMESTAMP ? timestampText(value) : null;
}

/** The table of a document, from the block's `transactionInfo.documents.<id>`. */
function tableOf(
  block: JournalBlock,
  documentId: string | undefined,
): { table: string | null; tableId: string | null } {
  const document =
    documentId === undefined ? null : (block.transactionInfo?.get('documents', documentId) ?? null);
  return { table: textOf(document?.get('tableName')), tableId: textOf(document?.get('tableId')) };
}

function reencodedHash(
  metadata: IonJson,
  data: IonJson | null,
  dataHash: Uint8Array | undefined,
): Uint8Array | undefined {
  const metadataHash = ionHashOfEncoded(ionTextOfJson(metadata));
  if (data !== null) return dot(metadataHash, ionHashOfEncoded(ionTextOfJson(data)));
  return dataHash === undefined ? undefined : dot(metadataHash, dataHash);
}

/**
 * True when the revision's hash is recomputed from its JSON form (read back as Ion); throws when that
 * hash is not QLDB's. False where it cannot be: a JSON Lines export, a system entry, a deleted revision.
 */
function checkReencoded(
  block: JournalBlock,
  revision: JournalRevision,
  index: number,
  metadata: IonJson | null,
  data: IonJson | null,
): boolean {
  if (!block.ionTyped || metadata === null || revision.kind === 'deleted') return false;
  const computed = reencodedHash(metadata, data, revision.dataHash);
  if (computed === undefined) return false;
  if (!sameHash(computed, revision.hash)) {
    throw new QldbVerificationError({
      address: formatAddress(block.address),
      field: `revisions[${index}].hash`,
      expected: hashToBase64(revision.hash),
      computed: hashToBase64(computed),
      detail: 'revision hash recomputed from its JSON encoding (the record that would be journaled)',
    });
  }
  return true;
}

function optionalJson(value: dom.Value | undefined, where: string): IonJson | null {
  return value === undefined ? null : ionToJson(value, where);
}

function revisionRecord(
  ledgerName: string,
  block: JournalBlock,
  revision: JournalRevision,
  index: number,
): QldbImportItem {
  const metadata = optionalJson(revision.metadata, `revisions[${index}].metadata`);
  const data = optionalJson(revision.data, `revisions[${index}].data`);
  const reencoded = checkReencoded(block, revision, index, metadata, data);
  const { table, tableId } = tableOf(block, revision.documentId);
  return {
    type: 'qldb-revision',
    importId: revisionImportId(ledgerName, block.address, index),
    revisionHash: revision.hash,
    record: {
      type: 'qldb-revision',
      ledgerName,
      blockAddress: { strandId: block.address.strandId, sequenceNo: block.address.sequenceNo },
      revisionIndex: index,
      transactionId: block.transactionId,
      kind: revision.kind,
      revisionHash: hashToBase64(revision.hash),
      table,
      tableId,
      documentId: revision.documentId ?? null,
      version: revision.version ?? null,
      txTime: textOf(revision.metadata?.get('txTime')),
      txId: textOf(revision.metadata?.get('txId')),
      metadata,
      data,
      dataHash: revision.dataHash === undefined ? null : hashToBase64(revision.dataHash),
      ionTyped: block.ionTyped,
      reencoded,
    },
  };
}

/**
 * The revision records of verified blocks, in the order given (strand by strand, in sequence), each
 * block's revisions in their order.
 *
 * @param ledgerName - the QLDB ledger's name (checked with {@link checkLedgerName}).
 * @param blocks - the blocks of a verified export.
 * @returns one item per revision.
 * @throws QldbVerificationError when a revision's JSON does not hash back to its revision hash.
 */
export function revisionImportItems(ledgerName: string, blocks: readonly JournalBlock[]): QldbImportItem[] {
  return blocks.flatMap((block) =>
    (block.revisions ?? []).map((revision, index) => revisionRecord(ledgerName, block, revision, index)),
  );
}

/**
 * The blocks of verified segments in import order: strand by strand (strand ids sorted), each strand's
 * exports joined in sequence.
 *
 * @param segments - the segments of every export read.
 * @returns the blocks, each once.
 */
export function blocksInImportOrder(segments: readonly StrandSegment[]): JournalBlock[] {
  const strandIds = [...new Set(segments.map((s) => s.strandId))].sort();
  return strandIds.flatMap((id) =>
    joinSegments(segments.filter((s) => s.strandId === id)).flatMap((s) => s.blocks),
  );
}

/**
 * SHA-256 hex over the revision hashes of the items, concatenated in import order: the anchor's
 * summary of exactly which revisions were imported.
 */
export function revisionsSha256(items: readonly QldbImportItem[]): string {
  const hash = createHash('sha256');
  for (const item of items) if (item.revisionHash !== undefined) hash.update(item.revisionHash);
  return hash.digest('hex');
}

/**
 * The anchor that ends an import: the QLDB digest and its tip, every strand's last imported block,
 * the number of revisions and {@link revisionsSha256}.
 *
 * @param ledgerName - the QLDB ledger's name.
 * @param digest - the digest the export was verified against.
 * @param tips - the last block of each imported strand.
 * @param items - the revision items imported.
 * @param exportIds - the exports read.
 */
export function anchorImportItem(
  ledgerName: string,
  digest: QldbDigest,
  tips: readonly StrandTip[],
  items: readonly QldbImportItem[],
  exportIds: readonly string[],
): QldbImportItem {
  return {
    type: 'qldb-anchor',
    importId: anchorImportId(ledgerName, digest.tipAddress),
    record: {
      type: 'qldb-anchor',
      ledgerName,
      digest: hashToBase64(digest.digest),
      digestTipAddress: { strandId: digest.tipAddress.strandId, sequenceNo: digest.tipAddress.sequenceNo },
      strands: tips.map((tip) => ({
        strandId: tip.strandId,
        lastSequenceNo: tip.sequenceNo,
        lastBlockHash: hashToBase64(tip.blockHash),
      })),
      revisionCount: items.filter((item) => item.type === 'qldb-revision').length,
      revisionsSha256: revisionsSha256(items),
      exportIds: [...exportIds],
    },
  };
}
