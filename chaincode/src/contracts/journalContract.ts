/** The Journal contract: certified VEPS events submitted by the sequencing gateway. */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { ErrorCode, invalidArgument, LedgerError } from '../lib/errors';
import {
  checkCertifiedEvent,
  EVENT_ENTRY_TYPE,
  EVENT_ID_PATTERN,
  eventContentHash,
  JournalFormatError,
  MAX_BATCH_PAYLOAD_BYTES,
  MAX_EVENT_ID_LENGTH,
  MAX_EVENTS_PER_SUBMIT,
  type CertifiedEvent,
  type EventEntry,
} from '../lib/journal';
import { eventKey } from '../lib/keys';
import { Permission, requirePermission } from '../lib/roles';
import { sha256Hex } from '../lib/sha256';
import { parseJsonArgument } from '../lib/validate';
import type { StoredEvent, SubmitEventsResult } from '../model/event';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Journal:<Function>`. */
export const JOURNAL_CONTRACT = 'Journal';

const action = (fn: string): string => `${JOURNAL_CONTRACT}:${fn}`;

interface CheckedEvent {
  readonly event: CertifiedEvent;
  readonly payloadBytes: number;
  readonly contentHash: string;
}

/** Certified events of the VEPS service; each accepted event becomes one journal entry. */
@Info({ title: JOURNAL_CONTRACT, description: 'Certified events submitted by the sequencing gateway' })
export class JournalContract extends LedgerContract {
  constructor() {
    super(JOURNAL_CONTRACT);
  }

  /**
   * Stores a batch of certified events and journals the new ones, in input order. An event id
   * already stored (or earlier in the batch) with identical content is a duplicate, with different
   * content a conflict; neither is written again. With nothing accepted nothing is written or emitted.
   *
   * @param ctx - transaction context.
   * @param eventsJson - JSON array of `{eventId, payload, vepsSignature, vepsTimestamp, metadata}`.
   * @returns `{accepted, duplicates, conflicts}` (arrays of event ids) as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT (the whole batch is refused), PERMISSION_DENIED (role gateway).
   */
  @Transaction()
  @Returns('string')
  async SubmitEvents(ctx: LedgerContext, eventsJson: string): Promise<string> {
    const name = action('SubmitEvents');
    requirePermission(ctx.actor, Permission.SUBMIT_EVENTS, name);
    const events = checkBatch(eventsJson);
    const known = new Map<string, string>();
    const accepted: CheckedEvent[] = [];
    const result = { accepted: [] as string[], duplicates: [] as string[], conflicts: [] as string[] };
    for (const checked of events) {
      const { eventId } = checked.event;
      const stored = known.get(eventId) ?? (await ctx.readJson<StoredEvent>(eventKey(eventId)))?.contentHash;
      if (stored === undefined) {
        known.set(eventId, checked.contentHash);
        accepted.push(checked);
        result.accepted.push(eventId);
      } else {
        known.set(eventId, stored);
        (stored === checked.contentHash ? result.duplicates : result.conflicts).push(eventId);
      }
    }
    if (accepted.length > 0) {
      await this.#store(ctx, name, accepted);
    }
    const response: SubmitEventsResult = result;
    return canonicalJson(response);
  }

  /**
   * Reads the stored record of a submitted event.
   *
   * @param ctx - transaction context.
   * @param eventId - the client's event id.
   * @returns the {@link StoredEvent} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetEventRecord(ctx: LedgerContext, eventId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetEventRecord'));
    if (!EVENT_ID_PATTERN.test(eventId)) {
      throw invalidArgument('eventId', eventId, `1 to ${MAX_EVENT_ID_LENGTH} printable ASCII characters`);
    }
    const record = await ctx.readJson<StoredEvent>(eventKey(eventId));
    if (record === undefined) {
      throw new LedgerError(ErrorCode.NOT_FOUND, `event ${JSON.stringify(eventId)} does not exist`);
    }
    return canonicalJson(record);
  }

  async #store(ctx: LedgerContext, name: string, accepted: readonly CheckedEvent[]): Promise<void> {
    const entries: EventEntry[] = [];
    for (const [entryIndex, { event, payloadBytes, contentHash }] of accepted.entries()) {
      const stored: StoredEvent = {
        eventId: event.eventId,
        payloadSha256: sha256Hex(Buffer.from(event.payload, 'base64')),
        payloadSize: payloadBytes,
        vepsSignature: event.vepsSignature,
        vepsTimestamp: event.vepsTimestamp,
        metadata: event.metadata,
        contentHash,
        fabricTxId: ctx.tx.txId,
        entryIndex,
        timestamp: ctx.tx.iso,
      };
      await ctx.putRecord(eventKey(event.eventId), stored);
      entries.push({ type: EVENT_ENTRY_TYPE, ...event });
    }
    await ctx.commitEvents(name, entries);
  }
}

function checkBatch(eventsJson: string): CheckedEvent[] {
  const parsed = parseJsonArgument('eventsJson', eventsJson);
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_EVENTS_PER_SUBMIT) {
    throw invalidArgument('eventsJson', parsed, `a JSON array of 1 to ${MAX_EVENTS_PER_SUBMIT} events`);
  }
  let total = 0;
  const events = (parsed as readonly unknown[]).map((value, index) => {
    const { payloadBytes, ...event } = checkEvent(value, `events[${index}]`);
    total += payloadBytes;
    return { event, payloadBytes, contentHash: eventContentHash(event) };
  });
  if (total > MAX_BATCH_PAYLOAD_BYTES) {
    throw invalidArgument(
      'eventsJson',
      `${total} payload bytes`,
      `at most ${MAX_BATCH_PAYLOAD_BYTES} payload bytes per call`,
    );
  }
  return events;
}

function checkEvent(value: unknown, path: string): CertifiedEvent & { payloadBytes: number } {
  try {
    return checkCertifiedEvent(value, path);
  } catch (err) {
    if (err instanceof JournalFormatError) {
      throw invalidArgument(err.field, err.got, err.want);
    }
    throw err;
  }
}
