/**
 * GetHistory: every revision of one key, oldest first, from the index's key → sequence table, with
 * each revision's seal, inclusion proof and (from the peer's history, matched by Fabric tx id and
 * checked against the journal) its value. Request parsing and page tokens are pure; values come
 * through a {@link HistoryValueSource}.
 *
 * Every record type the journal writes has a history: accounts, transactions, products, shipments,
 * governance records (consortium, member, proposal) — keys listed by write entries, values from the
 * chaincode — submitted events (`event/<id>`: the event entry is the revision; the event is the seal
 * itself, so the value is empty) and event batches (`eventbatch/<txId>`: one revision, sealed by the
 * batch's first event entry, the value the batch record checked against the seals of its events) and
 * imported QLDB documents (`qldb/<table>/<documentId>`: each imported revision is a revision, the
 * seal's payload its record, the value empty).
 *
 * A client's mistake is INVALID_ARGUMENT naming the proto field. Anything the gateway or its peer gets
 * wrong (a value that does not match the journal, a history query the peer refuses) is INTERNAL: the
 * client is never blamed for it.
 */
import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import {
  canonicalBytes,
  EVENT_BATCH_KEY_PREFIX,
  EVENT_ENTRY_TYPE,
  EVENT_ID_PATTERN,
  EVENT_KEY_PREFIX,
  ID_PATTERN,
  MSP_PATTERN,
  printableRecordKey,
  QLDB_DOCUMENT_KEY_PREFIX,
  recordOfPrintableKey,
  SHA256_HEX_PATTERN,
} from '@fabric-ledger/chaincode/shared';
import { rootFromSource, toHex } from '../core';
import type { GetHistoryRequest__Output } from '../generated/ledger/GetHistoryRequest';
import type { HistoryPage } from '../generated/ledger/HistoryPage';
import type { Revision } from '../generated/ledger/Revision';
import { transactionWrites, worldStateKey, type DecodedTransactionWrites } from '../fabric/transactionWrites';
import type { JournalIndex } from '../index/journalIndex';
import type { KeyWriteRecord } from '../index/keyWrites';
import type { SealRecord } from '../core/sealRecord';
import { invalidArgument, LedgerServiceError, notFound } from '../proto/serviceErrors';
import { sealContentHash } from './sealContent';
import { toInclusionProof } from '../wire/proofs';
import { toSealedEvent } from '../wire/sealedEvent';

/** Revisions per page when the request says 0. */
export const DEFAULT_HISTORY_PAGE_SIZE = 50;
/** Most revisions per page. */
export const MAX_HISTORY_PAGE_SIZE = 500;
/** Longest key accepted. */
export const MAX_HISTORY_KEY_LENGTH = 2048;

/** The `record_type`s of GetHistoryRequest: every record type the journal writes. */
export const HISTORY_RECORD_TYPES = [
  'account',
  'transaction',
  'product',
  'shipment',
  'event',
  'eventbatch',
  'consortium',
  'member',
  'proposal',
  'qldb',
] as const;

/** `record_type` of a batch of submitted events; its key is `eventbatch/<Fabric tx id>`. */
export const EVENT_BATCH_RECORD_TYPE = 'eventbatch';

/** A whole-string pattern without its `^` and `$`, to compose it into a longer one. */
function patternBody(pattern: RegExp): string {
  return pattern.source.slice(1, -1);
}

const RECORD_ID = ID_PATTERN;
const RECORD_ID_WANT = '1 to 64 characters of [A-Za-z0-9._:-] starting with a letter or digit';
/**
 * Accounts, transactions, products and shipments are scoped by the org that created them (chaincode
 * `lib/scopedId.ts`): their id is `<mspId>/<id>`, as their key `/account/<mspId>/<id>/` carries it.
 */
const SCOPED_RECORD_ID = new RegExp(`^${patternBody(MSP_PATTERN)}/${patternBody(ID_PATTERN)}$`);
const SCOPED_RECORD_ID_WANT =
  '<mspId>/<id>: the MSP id of the org that created the record, "/", then its id of 1 to 64 characters of [A-Za-z0-9._:-]';
const TX_ID = SHA256_HEX_PATTERN;

/** What a `record_id` of each record type must look like, as the chaincode checks it. */
const RECORD_IDS: Readonly<Record<string, { readonly pattern: RegExp; readonly want: string }>> = {
  account: { pattern: SCOPED_RECORD_ID, want: SCOPED_RECORD_ID_WANT },
  transaction: { pattern: SCOPED_RECORD_ID, want: SCOPED_RECORD_ID_WANT },
  product: { pattern: SCOPED_RECORD_ID, want: SCOPED_RECORD_ID_WANT },
  shipment: { pattern: SCOPED_RECORD_ID, want: SCOPED_RECORD_ID_WANT },
  proposal: { pattern: RECORD_ID, want: RECORD_ID_WANT },
  consortium: { pattern: /^current$/, want: '"current" (the one consortium record)' },
  member: { pattern: /^[A-Za-z0-9._-]{1,128}$/, want: 'an MSP id of 1 to 128 characters of [A-Za-z0-9._-]' },
  event: { pattern: EVENT_ID_PATTERN, want: '1 to 256 printable ASCII characters' },
  eventbatch: { pattern: TX_ID, want: 'a Fabric transaction id (64 lowercase hex characters)' },
  qldb: {
    pattern: /^[A-Za-z_][A-Za-z0-9_]{0,127}\/[A-Za-z0-9]{1,64}$/,
    want: '<table>/<documentId>: an imported QLDB document (a table name, "/", its document id)',
  },
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
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

/** Where a page sits in the key's history: what the cheaper way of reading its values depends on. */
export interface HistoryPosition {
  /** Revisions of the key newer than the newest one on the page. */
  readonly newerRevisions: number;
  /** Fabric tx id of the newest revision on the page. */
  readonly newestTxId: string;
}

/**
 * Fetches the peer's revisions of one record by Fabric tx id: at least those of `wanted` that the peer
 * has. `position` (absent for a lone revision) says where they sit in the key's history.
 */
export type HistoryValueSource = (
  record: HistoryRecord,
  wanted: ReadonlySet<string>,
  position?: HistoryPosition,
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

/**
 * The printable key of a record.
 *
 * @param recordType - one of {@link HISTORY_RECORD_TYPES}.
 * @param recordId - the record's id, in the form its type requires.
 * @returns e.g. `/account/Org1MSP/ACC-1/` (record id `Org1MSP/ACC-1`), `event/e-1`, `eventbatch/<txId>`.
 * @throws INVALID_ARGUMENT naming `record_type` or `record_id`.
 */
export function recordKey(recordType: string, recordId: string): string {
  const rule = Object.hasOwn(RECORD_IDS, recordType) ? RECORD_IDS[recordType] : undefined;
  if (rule === undefined) {
    throw invalidArgument(
      'record_type',
      JSON.stringify(recordType),
      `one of ${HISTORY_RECORD_TYPES.join(', ')}`,
    );
  }
  if (!rule.pattern.test(recordId)) {
    throw invalidArgument(
      'record_id',
      JSON.stringify(recordId),
      `for record_type ${recordType}, ${rule.want}`,
    );
  }
  if (recordType === EVENT_ENTRY_TYPE) return EVENT_KEY_PREFIX + recordId;
  if (recordType === EVENT_BATCH_RECORD_TYPE) return EVENT_BATCH_KEY_PREFIX + recordId;
  if (recordType === 'qldb') return QLDB_DOCUMENT_KEY_PREFIX + recordId;
  return printableRecordKey(recordType, recordId);
}

/** The record a key belongs to, when the chaincode keeps its history; undefined for other keys. */
export function recordOfKey(key: string): HistoryRecord | undefined {
  const simple = key.startsWith(EVENT_KEY_PREFIX)
    ? { recordType: EVENT_ENTRY_TYPE, recordId: key.slice(EVENT_KEY_PREFIX.length) }
    : key.startsWith(EVENT_BATCH_KEY_PREFIX)
      ? { recordType: EVENT_BATCH_RECORD_TYPE, recordId: key.slice(EVENT_BATCH_KEY_PREFIX.length) }
      : undefined;
  const composite = simple === undefined ? recordOfPrintableKey(key) : undefined;
  const record =
    simple ??
    (composite === undefined
      ? undefined
      : { recordType: composite.objectType, recordId: composite.recordId });
  if (record === undefined) return undefined;
  return RECORD_IDS[record.recordType]?.pattern.test(record.recordId) === true ? record : undefined;
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
 * canonical JSON equal to the write's value hash. Empty when the peer does not have the revision or it
 * is a delete.
 *
 * @throws {@link HistoryValueMismatchError} when they disagree.
 */
export function checkedValue(write: KeyWriteRecord, revision: FabricRevision | undefined): Buffer {
  if (revision === undefined) return Buffer.alloc(0);
  if (revision.isDelete !== write.deleted) {
    throw new HistoryValueMismatchError(write.key, write.sequenceNumber, 'disagrees on deletion');
  }
  if (write.deleted) return Buffer.alloc(0);
  const bytes = Buffer.from(canonicalBytes(revision.value));
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
  const record = recordOfKey(query.key);
  if (record?.recordType === EVENT_BATCH_RECORD_TYPE) return eventBatchPage(context, query, record);
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
  const rootHash = toHex(rootFromSource(index, treeSize));
  const last = page[page.length - 1];
  const newest = sealed[sealed.length - 1]?.seal;
  const position =
    last === undefined || newest === undefined
      ? undefined
      : {
          newerRevisions: index.countKeyWrites(query.key, last.sequenceNumber),
          newestTxId: newest.transactionId,
        };
  const revisions = await peerRevisions(
    context,
    record,
    sealed.map(({ seal }) => seal.transactionId),
    position,
  );
  return {
    revisions: sealed.map(({ write, seal }) =>
      revisionOf(context, treeSize, rootHash, seal, {
        write: { key: write.key, valueHash: write.valueHash ?? '', deleted: write.deleted },
        value: checkedValue(write, revisions.get(seal.transactionId)),
      }),
    ),
    treeSize: String(treeSize),
    rootHash,
    nextPageToken: more && last !== undefined ? encodePageToken(query.key, last.sequenceNumber) : '',
  };
}

/**
 * The peer's revisions of a record by Fabric tx id, for the values of a page. None for keys that are
 * not records, for events (an event has no world-state record of its own: the event is the seal, and
 * the value stays empty), for an empty page or without a source.
 */
async function peerRevisions(
  context: HistoryPageContext,
  record: HistoryRecord | undefined,
  txIds: readonly string[],
  position: HistoryPosition | undefined,
): Promise<ReadonlyMap<string, FabricRevision>> {
  if (record === undefined || record.recordType === EVENT_ENTRY_TYPE) return new Map();
  if (context.values === undefined || txIds.length === 0) return new Map();
  return context.values(record, new Set(txIds), position);
}

/** One revision: its seal, what it wrote, the value and the inclusion proof at `treeSize`. */
function revisionOf(
  context: HistoryPageContext,
  treeSize: number,
  rootHash: string,
  seal: SealRecord,
  content: Pick<Revision, 'write' | 'value'>,
): Revision {
  return {
    seal: toSealedEvent(seal),
    ...content,
    inclusionProof: toInclusionProof(context.index, seal, treeSize, rootHash),
  };
}

/** The parts of a stored event batch (chaincode `StoredEventBatch`) that are checked against the seals. */
interface EventBatchRecord {
  readonly fabricTxId: string;
  readonly eventIds: readonly string[];
  readonly contentSha256: string;
}

function asEventBatch(key: string, value: unknown): EventBatchRecord {
  const v = value as Partial<Record<keyof EventBatchRecord, unknown>> | null;
  const ids = v?.eventIds;
  if (
    typeof v?.fabricTxId !== 'string' ||
    typeof v.contentSha256 !== 'string' ||
    !Array.isArray(ids) ||
    ids.length === 0 ||
    !ids.every((id): id is string => typeof id === 'string')
  ) {
    throw new HistoryValueMismatchError(key, 0, 'is not an event batch record');
  }
  return { fabricTxId: v.fabricTxId, eventIds: ids, contentSha256: v.contentSha256 };
}

/**
 * The history of `eventbatch/<txId>`: a batch record is written once, by the `Journal:SubmitEvents`
 * transaction that sealed its events, so it has one revision, sealed (in the journal) by the batch's
 * first event entry. The journal lists the events, not the record's key, so the record comes from the
 * peer and is checked against the journal: same transaction, every listed event sealed by that
 * transaction, and its content hash equal to the one computed from those seals.
 *
 * @throws NOT_FOUND when the peer has no such batch or the gateway has not sealed all its events yet.
 * @throws HistoryValueMismatchError (INTERNAL) when the peer's record and the journal disagree.
 */
async function eventBatchPage(
  context: HistoryPageContext,
  query: HistoryQuery,
  record: HistoryRecord,
): Promise<HistoryPage> {
  const { index } = context;
  const treeSize = index.size;
  if (context.values === undefined) {
    throw new LedgerServiceError(
      status.FAILED_PRECONDITION,
      'this gateway reads no history from its peer, which the history of an event batch needs',
    );
  }
  const txId = record.recordId;
  const revision = (await context.values(record, new Set([txId]))).get(txId);
  if (revision === undefined) {
    throw notFound(`key ${JSON.stringify(query.key)} was never written (journal size ${treeSize})`);
  }
  if (revision.isDelete) throw new HistoryValueMismatchError(query.key, 0, 'is a delete');
  const batch = asEventBatch(query.key, revision.value);
  if (batch.fabricTxId !== txId) {
    throw new HistoryValueMismatchError(query.key, 0, `names transaction ${batch.fabricTxId}`);
  }
  // Event ids are scoped by the org that journaled them: the creator of the batch's transaction.
  const creator = index.sealsOfTransaction(txId)[0]?.submitter.mspId;
  const seals = batch.eventIds.map((id) =>
    creator === undefined ? undefined : index.findEvent(id, creator),
  );
  if (seals.some((seal) => seal === undefined || seal.sequenceNumber > treeSize)) {
    throw notFound(
      `key ${JSON.stringify(query.key)}: its events are not all sealed yet (journal size ${treeSize})`,
    );
  }
  const sealed = seals as SealRecord[];
  const foreign = sealed.find((seal) => seal.transactionId !== txId);
  if (foreign !== undefined) {
    throw new HistoryValueMismatchError(
      query.key,
      foreign.sequenceNumber,
      `lists event ${JSON.stringify(foreign.eventId)}, which transaction ${foreign.transactionId} sealed`,
    );
  }
  const content = createHash('sha256').update(sealed.map(sealContentHash).join(''), 'utf8').digest('hex');
  if (content !== batch.contentSha256) {
    throw new HistoryValueMismatchError(
      query.key,
      0,
      `has content hash ${batch.contentSha256}, the seals of its events give ${content}`,
    );
  }
  const first = sealed.reduce((a, b) => (b.sequenceNumber < a.sequenceNumber ? b : a));
  const rootHash = toHex(rootFromSource(index, treeSize));
  const revisions =
    query.afterSequence >= first.sequenceNumber
      ? []
      : [
          revisionOf(context, treeSize, rootHash, first, {
            write: { key: query.key, valueHash: '', deleted: false },
            value: Buffer.from(canonicalBytes(revision.value)),
          }),
        ];
  return { revisions, treeSize: String(treeSize), rootHash, nextPageToken: '' };
}

interface ChaincodeHistoryPage {
  readonly records: readonly { txId: string; isDelete: boolean; value: unknown }[];
  readonly bookmark: string;
}

/**
 * A {@link HistoryValueSource} over `Audit:GetHistory`, evaluated as the gateway identity: pages of 200
 * revisions, newest first, starting at the page's newest revision (its tx id is a bookmark of that
 * query) until every wanted revision was seen or the history ends. The peer walks the key's history
 * from its newest revision to the bookmark for every query, so this costs O(revisions newer than the
 * page): cheap near the newest end, see {@link adaptiveHistorySource}.
 *
 * @param evaluate - evaluates a chaincode function and returns its result bytes.
 */
export function chaincodeHistorySource(
  evaluate: (name: string, args: readonly string[]) => Promise<Uint8Array>,
): HistoryValueSource {
  const query = async (record: HistoryRecord, bookmark: string): Promise<ChaincodeHistoryPage> => {
    const args = [record.recordType, record.recordId, '200', bookmark];
    try {
      const bytes = await evaluate('Audit:GetHistory', args);
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as ChaincodeHistoryPage;
    } catch (err) {
      throw asSourceError(err, `Audit:GetHistory(${args.slice(0, 2).join(', ')})`);
    }
  };
  return async (record, wanted, position) => {
    const out = new Map<string, FabricRevision>();
    let bookmark = position?.newestTxId ?? '';
    let missing = wanted.size;
    do {
      const page = await query(record, bookmark);
      for (const r of page.records) {
        out.set(r.txId, { isDelete: r.isDelete, value: r.value });
        if (wanted.has(r.txId)) missing--;
      }
      bookmark = page.bookmark;
    } while (bookmark !== '' && missing > 0);
    return out;
  };
}

/** Default of {@link adaptiveHistorySource}'s threshold: newer revisions below which the chaincode is asked. */
export const DEFAULT_CHAINCODE_HISTORY_REACH = 1000;

/**
 * Chooses per page the cheaper of two sources: the chaincode's history query when fewer than `reach`
 * revisions are newer than the page (its cost grows with them), else each revision's own transaction
 * (a fixed cost per revision on the page). Either way a page costs O(page size): at most `reach`
 * revisions walked, or one query per revision.
 *
 * @param viaChaincode - {@link chaincodeHistorySource}.
 * @param viaTransactions - {@link transactionHistorySource}.
 * @param reach - the threshold.
 */
export function adaptiveHistorySource(
  viaChaincode: HistoryValueSource,
  viaTransactions: HistoryValueSource,
  reach = DEFAULT_CHAINCODE_HISTORY_REACH,
): HistoryValueSource {
  return (record, wanted, position) =>
    position !== undefined && position.newerRevisions < reach
      ? viaChaincode(record, wanted, position)
      : viaTransactions(record, wanted, position);
}

/** Default number of GetTransactionByID queries one page sends to the peer at once. */
export const DEFAULT_HISTORY_FETCH_CONCURRENCY = 8;

/**
 * A {@link HistoryValueSource} that reads each wanted revision from its own transaction (qscc
 * `GetTransactionByID`, evaluated as the gateway identity): the write of the record's key in that
 * transaction's read-write set (none when the transaction is unknown, invalid or did not write it). A page therefore costs one peer query per revision on it, whatever
 * the length of the key's history (the chaincode's history query walks it newest first, from the
 * start, for every page).
 *
 * @param getTransaction - the peer's `peer.ProcessedTransaction` bytes of a transaction id.
 * @param namespace - the chaincode whose writes to read.
 * @param concurrency - queries in flight at once.
 */
export function transactionHistorySource(
  getTransaction: (txId: string) => Promise<Uint8Array>,
  namespace: string,
  concurrency = DEFAULT_HISTORY_FETCH_CONCURRENCY,
): HistoryValueSource {
  const revisionIn = async (txId: string, stateKey: string): Promise<FabricRevision | undefined> => {
    let bytes: Uint8Array;
    try {
      bytes = await getTransaction(txId);
    } catch (err) {
      if (isUnknownTransaction(err)) return undefined;
      throw asSourceError(err, `GetTransactionByID(${txId})`);
    }
    const decoded = decodedWrites(bytes, namespace, txId);
    const write = decoded.writes.get(stateKey);
    // An invalid transaction's writes were never applied: the key has no revision there.
    if (decoded.validationCode !== 0 || write === undefined) return undefined;
    return { isDelete: write.isDelete, value: write.isDelete ? null : parseValue(write.value, txId) };
  };
  return async (record, wanted) => {
    const stateKey = worldStateKey(recordKey(record.recordType, record.recordId));
    const out = new Map<string, FabricRevision>();
    const ids = [...wanted];
    for (let at = 0; at < ids.length; at += concurrency) {
      const chunk = ids.slice(at, at + concurrency);
      const revisions = await Promise.all(chunk.map((txId) => revisionIn(txId, stateKey)));
      chunk.forEach((txId, i) => {
        const revision = revisions[i];
        if (revision !== undefined) out.set(txId, revision);
      });
    }
    return out;
  };
}

/**
 * Whether the peer answered that it has no such transaction (qscc: `no such transaction ID [..] in
 * index`): the transaction id a client asked about (an event batch) does not exist on the channel.
 */
function isUnknownTransaction(err: unknown): boolean {
  const texts =
    err instanceof GatewayError ? [err.message, ...err.details.map((d) => d.message)] : [String(err)];
  return texts.some((text) => /no such transaction ID/i.test(text));
}

function decodedWrites(bytes: Uint8Array, namespace: string, txId: string): DecodedTransactionWrites {
  try {
    return transactionWrites(bytes, namespace);
  } catch (err) {
    throw new HistorySourceError(`transaction ${txId}: ${(err as Error).message}`, { cause: err });
  }
}

function parseValue(value: Uint8Array, txId: string): unknown {
  try {
    return JSON.parse(Buffer.from(value).toString('utf8'));
  } catch {
    throw new HistorySourceError(`transaction ${txId} wrote a value that is not JSON`);
  }
}

/** The peer refused the gateway's own history query: a mismatch between gateway and chaincode (INTERNAL). */
export class HistorySourceError extends Error {
  override readonly name = 'HistorySourceError';
}

const TRANSIENT: ReadonlySet<number> = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

/**
 * What a failed peer query of the gateway's becomes: an unreachable or slow peer stays a Fabric error
 * (the client sees UNAVAILABLE and may retry); anything else — above all a refusal — is the gateway's
 * fault, never the client's, so it is wrapped in a {@link HistorySourceError} that the client sees as
 * INTERNAL.
 */
function asSourceError(err: unknown, query: string): unknown {
  if (err instanceof GatewayError && TRANSIENT.has(err.code)) return err;
  const detail =
    err instanceof GatewayError
      ? [err.message, ...err.details.map((d) => d.message)].join(' | ')
      : err instanceof Error
        ? err.message
        : String(err);
  return new HistorySourceError(`${query} failed: ${detail}`, {
    cause: err,
  });
}
