/**
 * The Migration contract: records imported from another ledger (a QLDB journal export, an archived
 * Fabric channel), each journaled as one entry of its own type with its provenance in the record.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalBytes, canonicalJson } from '../lib/canonicalJson';
import { invalidArgument } from '../lib/errors';
import {
  IMPORT_ENTRY_TYPES,
  IMPORT_ID_PATTERN,
  MAX_BATCH_PAYLOAD_BYTES,
  MAX_EVENTS_PER_SUBMIT,
  MAX_PAYLOAD_BYTES,
  type ImportEntry,
  type ImportEntryType,
} from '../lib/journal';
import { importBatchKey, importKey } from '../lib/keys';
import { Permission, requirePermission } from '../lib/roles';
import { sha256Hex } from '../lib/sha256';
import { parseJsonArgument } from '../lib/validate';
import type { ImportEntriesResult, ImportMarker, StoredImportBatch } from '../model/import';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Migration:<Function>`. */
export const MIGRATION_CONTRACT = 'Migration';

/** Most records per `ImportEntries` call (as many as events per `SubmitEvents`). */
export const MAX_IMPORTS_PER_CALL = MAX_EVENTS_PER_SUBMIT;

const action = (fn: string): string => `${MIGRATION_CONTRACT}:${fn}`;

interface CheckedImport {
  readonly type: ImportEntryType;
  readonly importId: string;
  readonly payload: Buffer;
  readonly payloadSha256: string;
}

/** Imports records of another ledger into the journal, once each per importing org. */
@Info({ title: MIGRATION_CONTRACT, description: 'Records imported from another ledger, with provenance' })
export class MigrationContract extends LedgerContract {
  constructor() {
    super(MIGRATION_CONTRACT);
  }

  /**
   * Journals imported records, in input order, one journal entry each (its leaf: the import id and the
   * record's canonical JSON). Each import id is the importing org's (the caller's MSP): a record this
   * org imported before is skipped when its content is the same and reported as a conflict when not,
   * so an import that is run again after an interruption journals nothing twice. Every endorsing peer
   * reads each id's marker, so two transactions importing one id cannot both commit (the second fails
   * its read check).
   *
   * @param ctx - transaction context.
   * @param entriesJson - JSON array of 1 to {@link MAX_IMPORTS_PER_CALL} `{type, importId, record}`:
   *   `type` one of `qldb-revision`, `qldb-anchor`, `fabric-transaction`, `fabric-anchor`; `importId`
   *   1 to 256 printable ASCII characters without spaces, unique in the call; `record` a JSON object
   *   whose `type` is the entry's, at most 1 MiB as canonical JSON (2 MiB per call).
   * @returns `{imported, skipped, conflicts}` (arrays of import ids) as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT (the whole call is refused, naming the field),
   *   PERMISSION_DENIED (role admin only).
   */
  @Transaction()
  @Returns('string')
  async ImportEntries(ctx: LedgerContext, entriesJson: string): Promise<string> {
    const name = action('ImportEntries');
    ctx.requireTimestampNearClock(name);
    requirePermission(ctx.actor, Permission.IMPORT_RECORDS, name);
    const checked = checkImports(entriesJson);
    const result = { imported: [] as string[], skipped: [] as string[], conflicts: [] as string[] };
    const fresh: CheckedImport[] = [];
    for (const item of checked) {
      const key = importKey(ctx.actor.msp, item.importId);
      const marker = await ctx.readJson<ImportMarker>(key);
      if (marker === undefined) {
        const value: ImportMarker = {
          type: item.type,
          payloadSha256: item.payloadSha256,
          fabricTxId: ctx.tx.txId,
        };
        await ctx.putImportMarker(key, value);
        fresh.push(item);
        result.imported.push(item.importId);
      } else {
        const same = marker.type === item.type && marker.payloadSha256 === item.payloadSha256;
        (same ? result.skipped : result.conflicts).push(item.importId);
      }
    }
    if (fresh.length > 0) {
      const batch: StoredImportBatch = {
        fabricTxId: ctx.tx.txId,
        timestamp: ctx.tx.iso,
        importIds: fresh.map((item) => item.importId),
        contentSha256: sha256Hex(Buffer.from(fresh.map((item) => item.payloadSha256).join(''), 'utf8')),
      };
      await ctx.putRecord(importBatchKey(ctx.tx.txId), batch);
      await ctx.commitImports(
        name,
        fresh.map((item): ImportEntry => ({
          type: item.type,
          importId: item.importId,
          payload: item.payload.toString('base64'),
        })),
      );
    }
    const response: ImportEntriesResult = result;
    return canonicalJson(response);
  }
}

function checkImports(entriesJson: string): CheckedImport[] {
  const parsed = parseJsonArgument('entriesJson', entriesJson);
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_IMPORTS_PER_CALL) {
    throw invalidArgument('entriesJson', parsed, `a JSON array of 1 to ${MAX_IMPORTS_PER_CALL} records`);
  }
  const ids = new Set<string>();
  let total = 0;
  const items = (parsed as readonly unknown[]).map((value, index) => {
    const item = checkImport(value, `entries[${index}]`);
    if (ids.has(item.importId)) {
      throw invalidArgument(
        `entries[${index}].importId`,
        item.importId,
        'an import id not already in the call',
      );
    }
    ids.add(item.importId);
    total += item.payload.length;
    return item;
  });
  if (total > MAX_BATCH_PAYLOAD_BYTES) {
    throw invalidArgument(
      'entriesJson',
      `${total} record bytes`,
      `at most ${MAX_BATCH_PAYLOAD_BYTES} record bytes per call`,
    );
  }
  return items;
}

function fieldsOf(value: unknown, path: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(path, value, 'an object {type, importId, record}');
  }
  const fields = value as Readonly<Record<string, unknown>>;
  const extra = Object.keys(fields).find((field) => !['type', 'importId', 'record'].includes(field));
  if (extra !== undefined) throw invalidArgument(`${path}.${extra}`, fields[extra], 'no such field');
  return fields;
}

function checkType(type: unknown, path: string): ImportEntryType {
  if (typeof type !== 'string' || !(IMPORT_ENTRY_TYPES as readonly string[]).includes(type)) {
    throw invalidArgument(`${path}.type`, type, `one of ${IMPORT_ENTRY_TYPES.join(', ')}`);
  }
  return type as ImportEntryType;
}

function checkRecord(record: unknown, type: ImportEntryType, path: string): Buffer {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw invalidArgument(`${path}.record`, record, 'a JSON object');
  }
  const recordType = (record as Readonly<Record<string, unknown>>).type;
  if (recordType !== type) {
    throw invalidArgument(`${path}.record.type`, recordType, `"${type}", the entry's type`);
  }
  const payload = Buffer.from(canonicalBytes(record));
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw invalidArgument(
      `${path}.record`,
      `${payload.length} bytes`,
      `at most ${MAX_PAYLOAD_BYTES} bytes as canonical JSON`,
    );
  }
  return payload;
}

function checkImport(value: unknown, path: string): CheckedImport {
  const { type, importId, record } = fieldsOf(value, path);
  const checkedType = checkType(type, path);
  if (typeof importId !== 'string' || !IMPORT_ID_PATTERN.test(importId)) {
    throw invalidArgument(`${path}.importId`, importId, '1 to 256 printable ASCII characters without spaces');
  }
  const payload = checkRecord(record, checkedType, path);
  return { type: checkedType, importId, payload, payloadSha256: sha256Hex(payload) };
}
