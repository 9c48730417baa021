/** The Journal contract: certified VEPS events submitted by the sequencing gateway. */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { ErrorCode, invalidArgument, LedgerError } from '../lib/errors';
import {
  checkCertifiedEvent,
  checkEventClient,
  EVENT_ENTRY_TYPE,
  eventContentHash,
  JournalFormatError,
  MAX_BATCH_PAYLOAD_BYTES,
  MAX_EVENTS_PER_SUBMIT,
  type CertifiedEvent,
  type EventClient,
  type EventEntry,
} from '../lib/journal';
import { eventBatchKey } from '../lib/keys';
import { Permission, requirePermission } from '../lib/roles';
import { sha256Hex } from '../lib/sha256';
import { parseJsonArgument } from '../lib/validate';
import { verifyJournalEventSignature, vepsKeyFromPem, type VepsKey } from '../lib/vepsSignature';
import type { StoredEventBatch, SubmitEventsResult } from '../model/event';
import { loadVepsKeys } from './governanceContract';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Journal:<Function>`. */
export const JOURNAL_CONTRACT = 'Journal';

const action = (fn: string): string => `${JOURNAL_CONTRACT}:${fn}`;

/** A Fabric transaction id: SHA-256 hex. */
const TX_ID_PATTERN = /^[0-9a-f]{64}$/;

interface CheckedEvent {
  readonly event: CertifiedEvent;
  /** The submitting client the gateway named, if any. */
  readonly client: EventClient | undefined;
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
   * Journals a batch of certified events, in input order, as one journal entry per distinct event id.
   * An id repeated in the call with identical content is a duplicate, with different content a
   * conflict; neither is journaled again. The transaction writes one small batch record (plus its audit
   * records), whatever the number of events: no per-event state read or write, which is what makes
   * batches cheap. An id already journaled by an earlier transaction is not detected here: the journal
   * keeps the first occurrence of each event id per submitting org (the transaction's creator MSP) and
   * every gateway skips later ones of the same org (docs/chaincode.md).
   *
   * While the consortium has VEPS keys (`Governance:GetVepsKeys`, set by an executed `VEPS_KEYS`
   * proposal), every event's `vepsSignature` must verify against one of them, else the whole call is
   * refused naming the first event that does not: every endorsing peer checks it, so no gateway (nor a
   * gateway-role identity calling the chaincode directly) can journal an unsigned event.
   *
   * @param ctx - transaction context.
   * @param eventsJson - JSON array of `{eventId, payload, vepsSignature, vepsTimestamp, metadata}`, each
   *   optionally with `client: {cert, subject}` (the gateway's authenticated caller: SHA-256 hex of
   *   its certificate and its subject). Without it the journal names the creator (the gateway) as the
   *   client: its certificate's SHA-256 and its identity id. `vepsSignature` is base64 of the UTF-8 of
   *   `[<key id>:]<base64 signature>` (docs/gateway.md, "VEPS signatures").
   * @returns `{accepted, duplicates, conflicts}` (arrays of event ids) as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT (the whole batch is refused), PERMISSION_DENIED (role gateway).
   */
  @Transaction()
  @Returns('string')
  async SubmitEvents(ctx: LedgerContext, eventsJson: string): Promise<string> {
    const name = action('SubmitEvents');
    ctx.requireTimestampNearClock(name);
    requirePermission(ctx.actor, Permission.SUBMIT_EVENTS, name);
    const events = checkBatch(eventsJson);
    await requireSignatures(ctx, events);
    const known = new Map<string, string>();
    const accepted: CheckedEvent[] = [];
    const result = { accepted: [] as string[], duplicates: [] as string[], conflicts: [] as string[] };
    for (const checked of events) {
      const { eventId } = checked.event;
      const first = known.get(eventId);
      if (first === undefined) {
        known.set(eventId, checked.contentHash);
        accepted.push(checked);
        result.accepted.push(eventId);
      } else {
        (first === checked.contentHash ? result.duplicates : result.conflicts).push(eventId);
      }
    }
    await this.#store(ctx, name, accepted);
    const response: SubmitEventsResult = result;
    return canonicalJson(response);
  }

  /**
   * Reads the stored record of one `SubmitEvents` transaction.
   *
   * @param ctx - transaction context.
   * @param txId - the Fabric transaction id (a seal's `transaction_id`).
   * @returns the {@link StoredEventBatch} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetEventBatch(ctx: LedgerContext, txId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetEventBatch'));
    if (!TX_ID_PATTERN.test(txId)) {
      throw invalidArgument('txId', txId, 'a Fabric transaction id (64 lowercase hex characters)');
    }
    const record = await ctx.readJson<StoredEventBatch>(eventBatchKey(txId));
    if (record === undefined) {
      throw new LedgerError(ErrorCode.NOT_FOUND, `event batch of transaction ${txId} does not exist`);
    }
    return canonicalJson(record);
  }

  async #store(ctx: LedgerContext, name: string, accepted: readonly CheckedEvent[]): Promise<void> {
    const batch: StoredEventBatch = {
      fabricTxId: ctx.tx.txId,
      timestamp: ctx.tx.iso,
      eventIds: accepted.map(({ event }) => event.eventId),
      contentSha256: sha256Hex(Buffer.from(accepted.map(({ contentHash }) => contentHash).join(''), 'utf8')),
    };
    await ctx.putRecord(eventBatchKey(ctx.tx.txId), batch);
    const own: EventClient = { cert: ctx.creatorCertSha256, subject: ctx.actor.id };
    await ctx.commitEvents(
      name,
      accepted.map(({ event, client }): EventEntry => ({
        type: EVENT_ENTRY_TYPE,
        ...event,
        client: client ?? own,
      })),
    );
  }
}

/**
 * Reads the consortium's VEPS keys once and, when there are any, requires every event's signature to
 * verify against them.
 *
 * @throws {@link LedgerError} INVALID_ARGUMENT `events[i].vepsSignature` for the first that does not.
 */
async function requireSignatures(ctx: LedgerContext, events: readonly CheckedEvent[]): Promise<void> {
  const record = await loadVepsKeys(ctx);
  if (record.keys.length === 0) return;
  const keys: VepsKey[] = record.keys.map((k) => vepsKeyFromPem(k.id, k.publicKeyPem));
  const ids = keys.map((k) => k.id).join(', ');
  events.forEach(({ event }, index) => {
    const outcome = verifyJournalEventSignature(keys, event);
    if (!outcome.ok) {
      const what = outcome.reason === 'missing' ? 'got no signature' : outcome.reason;
      throw new LedgerError(
        ErrorCode.INVALID_ARGUMENT,
        `events[${index}].vepsSignature: ${what}; want a signature by a consortium VEPS key (${ids}; Governance:GetVepsKeys) over the event's signed bytes`,
      );
    }
  });
}

function checkBatch(eventsJson: string): CheckedEvent[] {
  const parsed = parseJsonArgument('eventsJson', eventsJson);
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_EVENTS_PER_SUBMIT) {
    throw invalidArgument('eventsJson', parsed, `a JSON array of 1 to ${MAX_EVENTS_PER_SUBMIT} events`);
  }
  let total = 0;
  const events = (parsed as readonly unknown[]).map((value, index) => {
    const { payloadBytes, client, ...event } = checkEvent(value, `events[${index}]`);
    total += payloadBytes;
    return { event, client, payloadBytes, contentHash: eventContentHash(event) };
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

function checkEvent(
  value: unknown,
  path: string,
): CertifiedEvent & { payloadBytes: number; client: EventClient | undefined } {
  try {
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.hasOwn(value, 'client')
    ) {
      const { client, ...event } = value as Readonly<Record<string, unknown>>;
      return { ...checkCertifiedEvent(event, path), client: checkEventClient(client, `${path}.client`) };
    }
    return { ...checkCertifiedEvent(value, path), client: undefined };
  } catch (err) {
    if (err instanceof JournalFormatError) {
      throw invalidArgument(err.field, err.got, err.want);
    }
    throw err;
  }
}
