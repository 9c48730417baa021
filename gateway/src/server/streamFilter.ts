/**
 * The filters of StreamEvents: by entry type and by key prefix. Pure: a seal in, a yes or no out.
 */
import { EVENT_ENTRY_TYPE, IMPORT_ENTRY_TYPES, WRITE_ENTRY_TYPES } from '@fabric-ledger/chaincode/shared';
import type { SealRecord } from '../core/sealRecord';
import { invalidArgument } from '../proto/serviceErrors';

/** Entry types a stream can ask for. */
export const STREAM_ENTRY_TYPES: readonly string[] = [
  EVENT_ENTRY_TYPE,
  ...WRITE_ENTRY_TYPES,
  ...IMPORT_ENTRY_TYPES,
];

/** Accepts or skips one seal. */
export type SealFilter = (seal: SealRecord) => boolean;

/** The keys a write entry's canonical payload lists, or [] when it lists none. */
function writtenKeys(payload: Uint8Array): string[] {
  try {
    const entry = JSON.parse(Buffer.from(payload).toString('utf8')) as { writes?: unknown };
    if (!Array.isArray(entry.writes)) return [];
    return (entry.writes as readonly unknown[]).flatMap((w) => {
      const key = (w as { key?: unknown } | null)?.key;
      return typeof key === 'string' ? [key] : [];
    });
  } catch {
    return [];
  }
}

/**
 * True when the seal matches the prefix: an event entry's event id (an imported record's import id)
 * starts with it, or one of a write entry's written keys does.
 */
export function matchesKeyPrefix(seal: SealRecord, keyPrefix: string): boolean {
  if (keyPrefix === '') return true;
  if (seal.entryType === EVENT_ENTRY_TYPE) return seal.eventId.startsWith(keyPrefix);
  if ((IMPORT_ENTRY_TYPES as readonly string[]).includes(seal.entryType))
    return seal.eventId.startsWith(keyPrefix);
  return writtenKeys(seal.payload).some((key) => key.startsWith(keyPrefix));
}

/**
 * Builds the filter of one stream.
 *
 * @param entryTypes - wanted entry types (empty = all).
 * @param keyPrefix - wanted key or event id prefix ('' = all).
 * @returns the filter.
 * @throws {@link LedgerServiceError} INVALID_ARGUMENT for an unknown entry type.
 */
export function newSealFilter(entryTypes: readonly string[], keyPrefix: string): SealFilter {
  entryTypes.forEach((type, i) => {
    if (!STREAM_ENTRY_TYPES.includes(type)) {
      throw invalidArgument(
        `entry_types[${i}]`,
        JSON.stringify(type),
        `one of ${STREAM_ENTRY_TYPES.join(', ')}`,
      );
    }
  });
  const types = new Set(entryTypes);
  return (seal) => (types.size === 0 || types.has(seal.entryType)) && matchesKeyPrefix(seal, keyPrefix);
}
