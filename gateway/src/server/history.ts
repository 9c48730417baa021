/**
 * GetHistory: every revision of one key, oldest first, from the index's key → sequence table, with
 * each revision's seal, inclusion proof and (from the peer's history, matched by Fabric tx id and
 * checked against the journal) its value. Request parsing and page tokens are pure; values come
 * through a {@link HistoryValueSource}.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from '@fabric-ledger/chaincode/src/lib/canonicalJson';
import { EVENT_ENTRY_TYPE, EVENT_ID_PATTERN } from '@fabric-ledger/chaincode/src/lib/journal';
import { inclusionProofFromSource, rootFromSource, toHex } from '../core';
import type { GetHistoryRequest__Output } from '../generated/ledger/GetHistoryRequest';
import type { HistoryPage } from '../generated/ledger/HistoryPage';
import type { Revision } from '../generated/ledger/Revision';
import type { JournalIndex, KeyWriteRecord, SealRecord } from '../index/journalIndex';
import { EVENT_KEY_PREFIX } from '../index/keyWrites';
import { invalidArgument, notFound } from './errors';
import { sealContentHash } from './sealContent';

/** Revisions per page when the request says 0. */
export const DEFAULT_HISTORY_PAGE_SIZE = 50;
/** Most revisions per page. */
export const MAX_HISTORY_PAGE_SIZE = 500;
/** Longest key accepted. */
export const MAX_HISTORY_KEY_LENGTH = 2048;

/** Record types whose history the chaincode serves (`Audit:GetHistory`). */
export const HISTORY_RECORD_TYPES = ['account', 'transaction', 'product', 'shipment', 'event'] as const;

const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const COMPOSITE_RECORD = /^\/(account|transaction|product|shipment)\/([^/]+)\/$/;
const TOKEN = /^h1\.([1-9][0-9]{0,15})\.([0-9a-f]{16})$/;

/** A record the chaincode keeps history for. */
export interface HistoryRecord {
  readonly recordType: string;
  readonly recordId: string;
}

/** A parsed GetHistory request. */
export interface HistoryQuery {
  readonly key: string;
  readonly pageSize: number;
  /** Revisions with sequence numbers above this one (0 for the first page). */
  readonly afterSequence: number;
}

/** One revision as the peer reports it. */
export interface FabricRevision {
  readonly isDelete: boolean;
  /** The decoded record (null for a delete). */
  readonly value: unknown;
}

/**
 * Fetches the peer's history of one record: revisions by Fabric tx id. It may stop early once every
 * tx id of `wanted` was seen.
 */
export type HistoryValueSource = (
  record: HistoryRecord,
  wanted: ReadonlySet<string>,
) => Promise<ReadonlyMap<string, FabricRevision>>;

function keyTag(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
}

/** The page token that continues `key`'s history after `sequence`. */
export function encodePageToken(key: string, sequence: number): string {
  return Buffer.from(`h1.${sequence}.${keyTag(key)}`, 'utf8').toString('base64url');
}

/**
 * Reads a page token.
 *
 * @returns the sequence number the next page starts after.
 * @throws INVALID_ARGUMENT for a malformed token or one of another key.
 */
export function decodePageToken(key: string, token: string): number {
  const match = TOKEN.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const sequence = Number(match?.[1]);
  if (match === null || match[2] !== keyTag(key) || !Number.isSafeInteger(sequence)) {
    throw invalidArgument(
      'page_token',
      JSON.stringify(token),
      `"" or the next_page_token of this key's previous page`,
    );
  }
  return sequence;
}

/** The printable key of a record. */
export function recordKey(recordType: string, recordId: string): string {
  if (!(HISTORY_RECORD_TYPES as readonly string[]).includes(recordType)) {
    throw invalidArgument(
      'record_type',
      JSON.stringify(recordType),
      `one of ${HISTORY_RECORD_TYPES.join(', ')}`,
    );
  }
  if (recordType === EVENT_ENTRY_TYPE) {
    if (!EVENT_ID_PATTERN.test(recordId)) {
      throw invalidArgument('record_id', JSON.stringify(recordId), '1 to 256 printable ASCII characters');
    }
    return EVENT_KEY_PREFIX + recordId;
  }
  if (!RECORD_ID.test(recordId)) {
    throw invalidArgument(
      'record_id',
      JSON.stringify(recordId),
      '1 to 64 characters of [A-Za-z0-9._:-] starting with a letter or digit',
    );
  }
  return `/${recordType}/${recordId}/`;
}

/** The record a key belongs to, when the chaincode keeps its history; undefined for other keys. */
export function recordOfKey(key: string): HistoryRecord | undefined {
  if (key.startsWith(EVENT_KEY_PREFIX)) {
    const recordId = key.slice(EVENT_KEY_PREFIX.length);
    return EVENT_ID_PATTERN.test(recordId) ? { recordType: EVENT_ENTRY_TYPE, recordId } : undefined;
  }
  const match = COMPOSITE_RECORD.exec(key);
  if (match?.[1] === undefined || match[2] === undefined || !RECORD_ID.test(match[2])) return undefined;
  return { recordType: match[1], recordId: match[2] };
}

function requestKey(request: GetHistoryRequest__Output): string {
  const byRecord = request.recordType !== '' || request.recordId !== '';
  if (request.key === '') {
    if (!byRecord) throw invalidArgument('key', '""', 'a printable key, or record_type and record_id');
    return recordKey(request.recordType, request.recordId);
  }
  if (byRecord) {
    throw invalidArgument('record_type', JSON.stringify(request.recordType), '"" when key is given');
  }
  if (request.key.length > MAX_HISTORY_KEY_LENGTH || CONTROL.test(request.key)) {
    throw invalidArgument(
      'key',
      JSON.stringify(request.key.slice(0, 80)),
      `1 to ${MAX_HISTORY_KEY_LENGTH} characters without control characters (U+0000 written as "/")`,
    );
  }
  return request.key;
}

/**
 * Checks a GetHistory request.
 *
 * @throws INVALID_ARGUMENT naming the field.
 */
export function parseHistoryRequest(request: GetHistoryRequest__Output): HistoryQuery {
  const key = requestKey(request);
  const size = request.pageSize;
  if (size > MAX_HISTORY_PAGE_SIZE) {
    throw invalidArgument(
      'page_size',
      String(size),
      `1 to ${MAX_HISTORY_PAGE_SIZE} (0 = ${DEFAULT_HISTORY_PAGE_SIZE})`,
    );
  }
  const pageSize = size === 0 ? DEFAULT_HISTORY_PAGE_SIZE : size;
  const afterSequence = request.pageToken === '' ? 0 : decodePageToken(key, request.pageToken);
  return { key, pageSize, afterSequence };
}

/** Thrown when the peer's value of a revision does not hash to what the journal sealed. */
export class HistoryValueMismatchError extends Error {
  constructor(key: string, sequenceNumber: number, detail: string) {
    super(`history of ${JSON.stringify(key)}: value of sequence ${sequenceNumber} ${detail}`);
    this.name = 'HistoryValueMismatchError';
  }
}

/**
 * The value of one revision from the peer's revision, checked against the journal: SHA-256 of the
 * canonical JSON equal to the write's value hash, or for an event entry the stored content hash equal
 * to the seal's. Empty when the peer does not have the revision or it is a delete.
 *
 * @throws {@link HistoryValueMismatchError} when they disagree.
 */
export function checkedValue(
  write: KeyWriteRecord,
  seal: SealRecord,
  revision: FabricRevision | undefined,
): Buffer {
  if (revision === undefined) return Buffer.alloc(0);
  if (revision.isDelete !== write.deleted) {
    throw new HistoryValueMismatchError(write.key, write.sequenceNumber, 'disagrees on deletion');
  }
  if (write.deleted) return Buffer.alloc(0);
  const bytes = Buffer.from(canonicalBytes(revision.value));
  if (seal.entryType === EVENT_ENTRY_TYPE) {
    const stored = revision.value as { contentHash?: unknown } | null;
    if (stored?.contentHash !== sealContentHash(seal)) {
      throw new HistoryValueMismatchError(
        write.key,
        write.sequenceNumber,
        'has another content hash than the seal',
      );
    }
    return bytes;
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== write.valueHash) {
    throw new HistoryValueMismatchError(
      write.key,
      write.sequenceNumber,
      `hashes to ${hash}, the journal sealed ${String(write.valueHash)}`,
    );
  }
  return bytes;
}

/** What {@link historyPage} needs. */
export interface HistoryPageContext {
  readonly index: JournalIndex;
  readonly values: HistoryValueSource | undefined;
  readonly toSealedEvent: (seal: SealRecord) => Revision['seal'];
}

/**
 * Builds one page: the index rows and proofs are read synchronously (one consistent tree size), then
 * the peer's history is fetched once for the page.
 *
 * @throws NOT_FOUND for a key never written (first page), INVALID_ARGUMENT from the parser.
 */
export async function historyPage(
  context: HistoryPageContext,
  request: GetHistoryRequest__Output,
): Promise<HistoryPage> {
  const { index } = context;
  const query = parseHistoryRequest(request);
  const treeSize = index.size;
  const rows = index
    .keyHistory(query.key, query.afterSequence, query.pageSize + 1)
    .filter((row) => row.sequenceNumber <= treeSize);
  if (rows.length === 0 && query.afterSequence === 0) {
    throw notFound(`key ${JSON.stringify(query.key)} was never written (journal size ${treeSize})`);
  }
  const more = rows.length > query.pageSize;
  const page = rows.slice(0, query.pageSize);
  const sealed = page.map((write) => {
    const seal = index.get(write.sequenceNumber);
    if (seal === undefined)
      throw new Error(`index: key row of ${write.key} names missing sequence ${write.sequenceNumber}`);
    return { write, seal };
  });
  const proofs = sealed.map(({ seal }) =>
    inclusionProofFromSource(index, seal.sequenceNumber - 1, treeSize).map(toHex),
  );
  const rootHash = toHex(rootFromSource(index, treeSize));
  const record = recordOfKey(query.key);
  const revisions =
    record === undefined || context.values === undefined || sealed.length === 0
      ? new Map<string, FabricRevision>()
      : await context.values(record, new Set(sealed.map(({ seal }) => seal.transactionId)));
  const last = page[page.length - 1];
  return {
    revisions: sealed.map(({ write, seal }, i) => ({
      seal: context.toSealedEvent(seal),
      write: { key: write.key, valueHash: write.valueHash ?? '', deleted: write.deleted },
      value: checkedValue(write, seal, revisions.get(seal.transactionId)),
      inclusionProof: {
        sequenceNumber: String(seal.sequenceNumber),
        leafIndex: String(seal.sequenceNumber - 1),
        treeSize: String(treeSize),
        eventHash: toHex(seal.eventHash),
        hashes: proofs[i] ?? [],
        rootHash,
      },
    })),
    treeSize: String(treeSize),
    rootHash,
    nextPageToken: more && last !== undefined ? encodePageToken(query.key, last.sequenceNumber) : '',
  };
}

interface ChaincodeHistoryPage {
  readonly records: readonly { txId: string; isDelete: boolean; value: unknown }[];
  readonly bookmark: string;
}

/**
 * A {@link HistoryValueSource} over `Audit:GetHistory`, evaluated as the gateway identity, walking the
 * chaincode's pages (200 revisions each, newest first) until every wanted revision was seen or the
 * history ends.
 *
 * @param evaluate - evaluates a chaincode function and returns its result bytes.
 */
export function chaincodeHistorySource(
  evaluate: (name: string, args: readonly string[]) => Promise<Uint8Array>,
): HistoryValueSource {
  return async (record, wanted) => {
    const out = new Map<string, FabricRevision>();
    let bookmark = '';
    let missing = wanted.size;
    do {
      const bytes = await evaluate('Audit:GetHistory', [record.recordType, record.recordId, '200', bookmark]);
      const page = JSON.parse(Buffer.from(bytes).toString('utf8')) as ChaincodeHistoryPage;
      for (const r of page.records) {
        out.set(r.txId, { isDelete: r.isDelete, value: r.value });
        if (wanted.has(r.txId)) missing--;
      }
      bookmark = page.bookmark;
    } while (bookmark !== '' && missing > 0);
    return out;
  };
}
