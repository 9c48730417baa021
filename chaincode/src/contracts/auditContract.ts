/** The Audit contract: the append-only audit trail and the revision history of records. */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext, type StatePage } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { invalidArgument } from '../lib/errors';
import {
  accountKey,
  AUDIT_TIME_KEY_PREFIX,
  CONSORTIUM_RECORD_ID,
  consortiumKey,
  eventBatchKey,
  HISTORY_KEY_TYPES,
  IndexType,
  MAX_UNICODE_RUNE,
  memberKey,
  productKey,
  proposalKey,
  shipmentKey,
  transactionKey,
} from '../lib/keys';
import { Permission, requirePermission } from '../lib/roles';
import { parseScopedId } from '../lib/scopedId';
import { isoFromNanos, parseIsoInstant, timeKey, timestampToNanos } from '../lib/time';
import { parsePageSize, requireBookmark, requireId, requireMsp } from '../lib/validate';
import type { AuditRecord, HistoryEntry, Page } from '../model/audit';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Audit:<Function>`. */
export const AUDIT_CONTRACT = 'Audit';
/** Longest resource or user id accepted by the audit queries. */
export const MAX_AUDIT_QUERY_TEXT = 4096;

const action = (fn: string): string => `${AUDIT_CONTRACT}:${fn}`;

/** A Fabric transaction id: SHA-256 hex. */
const TX_ID_PATTERN = /^[0-9a-f]{64}$/;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The key of each org-scoped history key type, from a checked MSP id and bare id. */
const SCOPED_KEY_BUILDERS: Readonly<Record<string, (msp: string, id: string) => string>> = {
  account: accountKey,
  transaction: transactionKey,
  product: productKey,
  shipment: shipmentKey,
};

/** The key of each other history key type, from an id already checked by {@link historyKey}. */
const KEY_BUILDERS: Readonly<Record<string, (id: string) => string>> = {
  eventbatch: eventBatchKey,
  consortium: () => consortiumKey(),
  member: memberKey,
  proposal: proposalKey,
};

/** Read-only queries over the audit trail (auditor, admin) and the history of records (any role). */
@Info({ title: AUDIT_CONTRACT, description: 'Audit trail and record history queries' })
export class AuditContract extends LedgerContract {
  constructor() {
    super(AUDIT_CONTRACT);
  }

  /**
   * Audit records of one resource, oldest first.
   *
   * @param ctx - transaction context.
   * @param resource - printable key as in journal entries, e.g. `/account/Org1MSP/ACC-1/` or
   *   `eventbatch/<txId>`.
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @returns a page of {@link AuditRecord} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (role auditor or admin).
   */
  @Transaction(false)
  @Returns('string')
  async GetAuditByResource(
    ctx: LedgerContext,
    resource: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ_AUDIT, action('GetAuditByResource'));
    checkQueryText('resource', resource);
    const size = parsePageSize(pageSize);
    const page = await ctx.pagePartialKey(
      IndexType.AUDIT_BY_RESOURCE,
      [resource],
      size,
      requireBookmark(bookmark),
    );
    return auditPage(page);
  }

  /**
   * Audit records of one client identity, oldest first.
   *
   * @param ctx - transaction context.
   * @param userId - client identity id as in audit records (`x509::<subject>::<issuer>`).
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @returns a page of {@link AuditRecord} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async GetAuditByUser(
    ctx: LedgerContext,
    userId: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ_AUDIT, action('GetAuditByUser'));
    checkQueryText('userId', userId);
    const size = parsePageSize(pageSize);
    const page = await ctx.pagePartialKey(IndexType.AUDIT_BY_USER, [userId], size, requireBookmark(bookmark));
    return auditPage(page);
  }

  /**
   * Audit records in the window [fromIso, toIso), oldest first.
   *
   * @param ctx - transaction context.
   * @param fromIso - `""` for the beginning, else an ISO-8601 UTC instant (included).
   * @param toIso - `""` for no end, else an ISO-8601 UTC instant (excluded).
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @returns a page of {@link AuditRecord} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async GetAuditByTime(
    ctx: LedgerContext,
    fromIso: string,
    toIso: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ_AUDIT, action('GetAuditByTime'));
    const from = fromIso === '' ? 0n : parseIsoInstant('fromIso', fromIso);
    const to = toIso === '' ? undefined : parseIsoInstant('toIso', toIso);
    if (to !== undefined && to <= from) {
      throw invalidArgument('toIso', toIso, `an instant after fromIso ${JSON.stringify(fromIso)}`);
    }
    const size = parsePageSize(pageSize);
    const startKey = AUDIT_TIME_KEY_PREFIX + timeKey(from);
    const endKey = AUDIT_TIME_KEY_PREFIX + (to === undefined ? MAX_UNICODE_RUNE : timeKey(to));
    return auditPage(await ctx.pageRange(startKey, endKey, size, requireBookmark(bookmark)));
  }

  /**
   * Every revision of a record, newest first as the peer reports them: `{txId, timestamp, isDelete,
   * value}`. Paged in the chaincode; the bookmark is the tx id of the next revision.
   *
   * @param ctx - transaction context.
   * @param keyType - `account`, `transaction`, `product`, `shipment` (id = bare for the caller's org's
   *   record, `<mspId>/<id>` for another org's), `eventbatch` (id = Fabric tx id), `consortium` (id
   *   `current`), `member` (id = MSP id) or `proposal` (id = proposal id).
   * @param id - the record id.
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @returns a page of {@link HistoryEntry} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async GetHistory(
    ctx: LedgerContext,
    keyType: string,
    id: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetHistory'));
    const key = historyKey(keyType, id, ctx.actor.msp);
    const size = parsePageSize(pageSize);
    const start = requireBookmark(bookmark);
    const records: HistoryEntry[] = [];
    let started = start === '';
    let next = '';
    for await (const revision of ctx.history(key)) {
      started ||= revision.txId === start;
      if (!started) {
        continue;
      }
      if (records.length === size) {
        next = revision.txId;
        break;
      }
      records.push({
        txId: revision.txId,
        timestamp: isoFromNanos(timestampToNanos(revision.timestamp)),
        isDelete: revision.isDelete,
        value: revision.isDelete ? null : decodeValue(revision.value),
      });
    }
    if (!started) {
      throw invalidArgument(
        'bookmark',
        start,
        `"" or a bookmark returned by the previous page of this ${keyType}`,
      );
    }
    const page: Page<HistoryEntry> = { records, fetchedRecordsCount: records.length, bookmark: next };
    return canonicalJson(page);
  }
}

function checkQueryText(field: string, value: string): void {
  if (value.length === 0 || value.length > MAX_AUDIT_QUERY_TEXT || CONTROL_CHARACTERS.test(value)) {
    throw invalidArgument(field, value, `1 to ${MAX_AUDIT_QUERY_TEXT} characters without control characters`);
  }
}

function historyKey(keyType: string, id: string, callerMsp: string): string {
  const known = Object.hasOwn(HISTORY_KEY_TYPES, keyType);
  const scoped = known ? SCOPED_KEY_BUILDERS[keyType] : undefined;
  if (scoped !== undefined) {
    const { msp, id: bare } = parseScopedId('id', id, callerMsp);
    return scoped(msp, bare);
  }
  const build = known ? KEY_BUILDERS[keyType] : undefined;
  if (build === undefined) {
    throw invalidArgument('keyType', keyType, `one of ${Object.keys(HISTORY_KEY_TYPES).join(', ')}`);
  }
  if (keyType === 'eventbatch') {
    if (!TX_ID_PATTERN.test(id)) {
      throw invalidArgument('id', id, 'a Fabric transaction id (64 lowercase hex characters)');
    }
    return build(id);
  }
  if (keyType === 'consortium') {
    if (id !== CONSORTIUM_RECORD_ID) throw invalidArgument('id', id, JSON.stringify(CONSORTIUM_RECORD_ID));
    return build(id);
  }
  if (keyType === 'member') return build(requireMsp('id', id));
  return build(requireId('id', id));
}

function decodeValue(value: Uint8Array): unknown {
  const text = Buffer.from(value).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { base64: Buffer.from(value).toString('base64') };
  }
}

function auditPage(page: StatePage): string {
  const records = page.entries.map(
    (entry) => JSON.parse(Buffer.from(entry.value).toString('utf8')) as AuditRecord,
  );
  const result: Page<AuditRecord> = { records, fetchedRecordsCount: records.length, bookmark: page.bookmark };
  return canonicalJson(result);
}
