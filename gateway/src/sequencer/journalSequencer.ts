/**
 * The sequencer: turns the chaincode's journal events, in committed order, into sealed, numbered,
 * hash-chained entries and Merkle leaves (docs/architecture.md, "Invariants"). It is a pure function
 * of the events it is fed: sequence number = 1 + entries before, entries of one transaction in their order,
 * `event_hash` over the previous one. A submitted event whose id the journal already holds for the same
 * org (the transaction's creator MSP) is skipped (first occurrence wins; ids are scoped by org, so no
 * org can take another's), so an event retried through another transaction is never sealed twice; a
 * re-delivered transaction with write entries is skipped, and the index refuses a second seal of any
 * (transaction id, entry index). Each transaction's seals, Merkle nodes and checkpoint are
 * committed to the index in one SQLite transaction, then waiters for those event ids are woken.
 */
import {
  JOURNAL_EVENT_NAME,
  decodeJournalRecord,
  journalLeaves,
  EVENT_ENTRY_TYPE,
  isImportEntry,
  type EventEntry,
  type JournalRecord,
} from '@fabric-ledger/chaincode/shared';
import {
  eventHash,
  GENESIS_PREVIOUS_HASH,
  newMerkleAccumulator,
  rootPlan,
  type MerkleAccumulator,
  type MerkleNode,
} from '../core';
import type { IndexCheckpoint, JournalIndex } from '../index/journalIndex';
import type { KeyWriteRecord } from '../index/keyWrites';
import type { SealRecord, SealSubmitter } from '../core/sealRecord';
import { entryKeyWrites } from '../index/keyWrites';
import { sealLeafHash } from '../core/sealLeaf';
import type { Logger } from '../logger';

/** The fields of a Fabric chaincode event the sequencer reads. */
export interface JournalChaincodeEvent {
  readonly blockNumber: bigint;
  readonly transactionId: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

/** A pending wait for an event id to be sealed. */
export interface SealWait {
  readonly promise: Promise<SealRecord>;
  /** Stops waiting; the promise then never settles. */
  cancel(): void;
}

/** Sequencer state and operations. */
export interface JournalSequencer {
  /** Last sequence number sealed. */
  readonly lastSequenceNumber: number;
  /** Where the event stream resumes. */
  checkpoint(): IndexCheckpoint | undefined;
  /**
   * Seals the entries of one committed transaction. Events of other names are skipped (the checkpoint
   * still moves). A `ledger.journal` record that cannot be decoded stops sealing: it throws and
   * changes nothing, so the checkpoint stays before it and no entry is lost (see
   * {@link UndecodableJournalRecordError}).
   *
   * @returns the new seals.
   * @throws UndecodableJournalRecordError for a journal record this gateway cannot decode.
   */
  apply(event: JournalChaincodeEvent): SealRecord[];
  /**
   * Resolves when an `event` entry with this id that `submitterMspId`'s org journaled is sealed (at
   * once if it already is).
   */
  waitForEvent(eventId: string, submitterMspId: string): SealWait;
  /**
   * Calls `listener` with the seals of every transaction from now on, right after they are committed
   * to the index (so `index.size` already covers them), in sequence order. A listener that throws is
   * logged and does not stop sealing.
   *
   * @returns a function that unsubscribes.
   */
  onSeals(listener: SealListener): () => void;
}

/** Receives the seals of one committed transaction (consecutive sequence numbers). */
export type SealListener = (seals: readonly SealRecord[]) => void;

/** Options of {@link newJournalSequencer}. */
export interface JournalSequencerOptions {
  readonly index: JournalIndex;
  readonly logger: Logger;
}

type Waiter = (seal: SealRecord) => void;

class JournalSequencerImpl implements JournalSequencer {
  readonly #index: JournalIndex;
  readonly #logger: Logger;
  readonly #tree: MerkleAccumulator;
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #listeners = new Set<SealListener>();
  #tip: Uint8Array;

  constructor(options: Readonly<JournalSequencerOptions>) {
    this.#index = options.index;
    this.#logger = options.logger;
    const size = this.#index.size;
    const frontierIds = rootPlan(size)[0] ?? [];
    this.#tree = newMerkleAccumulator({
      size,
      frontier: frontierIds.map((id) => this.#index.perfectSubtreeHash(id)),
    });
    this.#tip =
      size === 0 ? GENESIS_PREVIOUS_HASH : (this.#index.get(size)?.eventHash ?? GENESIS_PREVIOUS_HASH);
  }

  get lastSequenceNumber(): number {
    return this.#index.size;
  }

  checkpoint(): IndexCheckpoint | undefined {
    return this.#index.checkpoint();
  }

  apply(event: JournalChaincodeEvent): SealRecord[] {
    const checkpoint = { blockNumber: event.blockNumber, transactionId: event.transactionId };
    const record = event.eventName === JOURNAL_EVENT_NAME ? this.#decode(event) : undefined;
    if (record === undefined) {
      this.#index.commit({ seals: [], nodes: [], checkpoint });
      return [];
    }
    if (this.#alreadySealed(event.transactionId, record)) {
      // A re-delivered transaction (the index also refuses a second seal of an entry: UNIQUE tx_id,
      // entry_index). The checkpoint is already past it and must not move back.
      this.#logger.warn('skipping a transaction the journal already sealed', {
        blockNumber: event.blockNumber,
        transactionId: event.transactionId,
      });
      return [];
    }
    const seals: SealRecord[] = [];
    const nodes: MerkleNode[] = [];
    const writes: KeyWriteRecord[] = [];
    let previousHash = this.#tip;
    const sealedTimestamp = Date.parse(record.timestamp);
    const seenEventIds = new Set<string>();
    journalLeaves(record).forEach((leaf, entryIndex) => {
      const entry = record.entries[entryIndex];
      const isEvent = entry?.type === EVENT_ENTRY_TYPE;
      if (isEvent && this.#alreadyJournaled(record.actor.msp, leaf.eventId, seenEventIds)) {
        this.#logger.debug('skipping an event id the journal already holds', {
          eventId: leaf.eventId,
          transactionId: event.transactionId,
        });
        return;
      }
      const sequenceNumber = this.#index.size + seals.length + 1;
      const hash = eventHash({
        sequenceNumber: BigInt(sequenceNumber),
        eventId: leaf.eventId,
        payload: leaf.payload,
        previousHash,
      });
      if (entry !== undefined) writes.push(...entryKeyWrites(entry, sequenceNumber, record.actor.msp));
      const seal: SealRecord = {
        sequenceNumber,
        eventId: leaf.eventId,
        payload: leaf.payload,
        eventHash: hash,
        previousHash,
        sealedTimestamp,
        blockNumber: Number(event.blockNumber),
        transactionId: event.transactionId,
        entryIndex,
        entryType: entry?.type ?? 'unknown',
        ...eventFieldsOf(isEvent ? entry : undefined),
        submitter: submitterOf(record, isEvent ? entry : undefined),
      };
      seals.push(seal);
      nodes.push(...this.#tree.append(sealLeafHash(seal)));
      previousHash = hash;
    });
    this.#index.commit({ seals, nodes, checkpoint, writes });
    this.#tip = previousHash;
    for (const seal of seals) if (seal.entryType === EVENT_ENTRY_TYPE) this.#wake(seal);
    this.#publish(seals);
    return seals;
  }

  /**
   * True when the index holds an entry sealed from this very transaction (a re-delivery). An entry
   * sealed from another transaction (a retried event, or a client event id equal to this tx id) is not.
   */
  #alreadySealed(transactionId: string, record: JournalRecord): boolean {
    if (record.entries.some(isImportEntry)) {
      // Import ids are not event ids: a re-delivered import transaction is found by its own seals.
      return this.#index.sealsOfTransaction(transactionId).length > 0;
    }
    return record.entries.some((entry) => {
      const sealed =
        entry.type === EVENT_ENTRY_TYPE
          ? this.#index.findEvent(entry.eventId, record.actor.msp)
          : this.#index.findById(record.txId, record.actor.msp);
      return sealed?.transactionId === transactionId;
    });
  }

  /**
   * The journal keeps the first occurrence of each event id an org submits: an `event` entry whose id
   * an earlier entry of the same org (sealed, or earlier in the same transaction, whose entries all
   * have one creator) already has is not a journal entry. Event ids are scoped by the org whose
   * identity journals them (the transaction's creator), so no org can take another's ids.
   */
  #alreadyJournaled(submitterMspId: string, eventId: string, seenInTransaction: Set<string>): boolean {
    if (seenInTransaction.has(eventId)) return true;
    seenInTransaction.add(eventId);
    return this.#index.findEvent(eventId, submitterMspId) !== undefined;
  }

  onSeals(listener: SealListener): () => void {
    this.#listeners.add(listener);
    return (): void => {
      this.#listeners.delete(listener);
    };
  }

  #publish(seals: readonly SealRecord[]): void {
    if (seals.length === 0) return;
    for (const listener of [...this.#listeners]) {
      try {
        listener(seals);
      } catch (err) {
        this.#logger.error('a seal listener failed', { err });
      }
    }
  }

  waitForEvent(eventId: string, submitterMspId: string): SealWait {
    const key = waiterKey(submitterMspId, eventId);
    let waiter: Waiter | undefined;
    const promise = new Promise<SealRecord>((resolve) => {
      const existing = this.#index.findEvent(eventId, submitterMspId);
      if (existing !== undefined) {
        resolve(existing);
        return;
      }
      waiter = resolve;
      const set = this.#waiters.get(key) ?? new Set<Waiter>();
      set.add(resolve);
      this.#waiters.set(key, set);
    });
    return {
      promise,
      cancel: (): void => {
        const set = this.#waiters.get(key);
        if (set === undefined || waiter === undefined) return;
        set.delete(waiter);
        if (set.size === 0) this.#waiters.delete(key);
      },
    };
  }

  #decode(event: JournalChaincodeEvent): JournalRecord {
    try {
      return decodeJournalRecord(event.payload);
    } catch (err) {
      const failure = new UndecodableJournalRecordError(event, err);
      this.#logger.error('cannot decode a journal record: sealing stops before it', {
        blockNumber: event.blockNumber,
        transactionId: event.transactionId,
        err,
      });
      throw failure;
    }
  }

  #wake(seal: SealRecord): void {
    const key = waiterKey(seal.submitter.mspId, seal.eventId);
    const set = this.#waiters.get(key);
    if (set === undefined) return;
    this.#waiters.delete(key);
    for (const waiter of set) waiter(seal);
  }
}

/** The VEPS fields of a seal: those of its event entry, empty for a write entry. */
function eventFieldsOf(
  event: EventEntry | undefined,
): Pick<SealRecord, 'vepsSignature' | 'vepsTimestamp' | 'metadata'> {
  return event === undefined
    ? { vepsSignature: '', vepsTimestamp: 0, metadata: {} }
    : {
        vepsSignature: event.vepsSignature,
        vepsTimestamp: Number(event.vepsTimestamp),
        metadata: event.metadata,
      };
}

/**
 * Who submitted an entry: the record's creator and, for an event entry, the client the gateway named
 * ('' where a version 1 record has no such field).
 */
/** The waiters' key of an org's event id (a newline is in neither an MSP id nor an event id). */
const waiterKey = (submitterMspId: string, eventId: string): string => `${submitterMspId}\n${eventId}`;

function submitterOf(record: JournalRecord, event: EventEntry | undefined): SealSubmitter {
  return {
    mspId: record.actor.msp,
    id: record.actor.id,
    certSha256: record.actor.cert ?? '',
    clientCertSha256: event?.client?.cert ?? '',
    clientSubject: event?.client?.subject ?? '',
  };
}

/**
 * A committed `ledger.journal` record this gateway cannot decode: a journal format it does not know (a
 * newer chaincode) or a chaincode bug. Skipping it would lose its entries for good — the checkpoint
 * would move past it, every gateway and every rebuild from the blocks would skip it alike, and no check
 * would notice — so the sequencer refuses it instead: nothing is sealed, the checkpoint stays before
 * it, the event feed stops and the gateway reports NOT_SERVING (health `SEQUENCER_FAILED`). Once the
 * gateway can decode the record (upgraded), a restart seals it from the checkpoint, in order.
 */
export class UndecodableJournalRecordError extends Error {
  override readonly name = 'UndecodableJournalRecordError';
  readonly blockNumber: bigint;
  readonly transactionId: string;

  /**
   * @param event - the chaincode event whose payload failed to decode.
   * @param cause - the decoder's error.
   */
  constructor(event: JournalChaincodeEvent, cause: unknown) {
    super(
      `journal record of transaction ${event.transactionId} (block ${event.blockNumber.toString()}) cannot be decoded: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.blockNumber = event.blockNumber;
    this.transactionId = event.transactionId;
  }
}

/**
 * Creates a sequencer over an index, resuming from the index's size, chain tip and Merkle frontier.
 *
 * @param options - index and logger.
 * @returns the sequencer.
 */
export function newJournalSequencer(options: Readonly<JournalSequencerOptions>): JournalSequencer {
  return new JournalSequencerImpl(options);
}
