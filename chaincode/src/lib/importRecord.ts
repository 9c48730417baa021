/**
 * Imported records (`Migration:ImportEntries`): the history keys a gateway lists each one under. A QLDB
 * revision is listed under its document, `qldb/<table>/<documentId>`, so every revision of a QLDB
 * document reads as one history; a Fabric transaction under each key it wrote,
 * `fabric/<channel>/<namespace>/<key>`. Pure: the gateway derives the keys from the sealed payload
 * alone, so every gateway (and a rebuilt index) lists the same ones.
 */
import { IMPORT_KEY_PREFIX } from './keys';

/** Key prefix of an imported QLDB document's history: `qldb/<table>/<documentId>`. */
export const QLDB_DOCUMENT_KEY_PREFIX = 'qldb/';
/** Key prefix of an imported Fabric key's history: `fabric/<channel>/<namespace>/<key>`. */
export const FABRIC_KEY_PREFIX = 'fabric/';

/**
 * The history keys of one imported record, in a fixed order: its marker `import/<mspId>/<importId>`,
 * then the keys its content names (none for an anchor, or for a payload without those fields).
 *
 * @param type - the entry type (one of `IMPORT_ENTRY_TYPES`).
 * @param mspId - the importing org (the transaction's creator).
 * @param importId - the record's import id.
 * @param payload - the record's canonical JSON bytes.
 * @returns printable keys, unique.
 */
export function importedRecordKeys(
  type: string,
  mspId: string,
  importId: string,
  payload: Uint8Array,
): string[] {
  const marker = `${IMPORT_KEY_PREFIX}${mspId}/${importId}`;
  const record = parseObject(payload);
  if (record === undefined) return [marker];
  if (type === 'qldb-revision') return [marker, ...qldbDocumentKeys(record)];
  if (type === 'fabric-transaction') return [marker, ...fabricWriteKeys(record)];
  return [marker];
}

type JsonObject = Readonly<Record<string, unknown>>;

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function qldbDocumentKeys({ table, documentId }: JsonObject): string[] {
  return nonEmptyString(table) && nonEmptyString(documentId)
    ? [`${QLDB_DOCUMENT_KEY_PREFIX}${table}/${documentId}`]
    : [];
}

function fabricWriteKeys({ channel, writes }: JsonObject): string[] {
  if (!nonEmptyString(channel) || !Array.isArray(writes)) return [];
  const named = new Set<string>();
  for (const write of writes as readonly unknown[]) {
    const fields = (typeof write === 'object' && write !== null ? write : {}) as JsonObject;
    if (typeof fields.namespace === 'string' && typeof fields.key === 'string') {
      named.add(`${FABRIC_KEY_PREFIX}${channel}/${fields.namespace}/${fields.key}`);
    }
  }
  return [...named].sort();
}

function parseObject(payload: Uint8Array): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}
