/**
 * The per-transaction context of every ledger contract. It knows who is calling, when the transaction
 * happens, records every key the transaction writes and, at the end of a write transaction, appends
 * the audit trail and emits the one journal event.
 */
import { Context } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import type { Iterators } from 'fabric-shim';
import { canonicalBytes } from './lib/canonicalJson';
import { checkClockSkew, maxClockSkewSeconds } from './lib/clockSkew';
import { compositeKey, IndexType, auditTimeKey, printableKey } from './lib/keys';
import {
  encodeJournalRecord,
  JOURNAL_EVENT_NAME,
  JOURNAL_VERSION,
  type EventEntry,
  type ImportEntry,
  type JournalActor,
  type JournalEntry,
  type JournalWrite,
  type WriteEntryType,
} from './lib/journal';
import { parseRole, ROLE_ATTRIBUTE, type Actor } from './lib/roles';
import { sha256Hex } from './lib/sha256';
import { isoFromNanos, timeKey, timestampToNanos } from './lib/time';
import type { AuditRecord } from './model/audit';

/** The Fabric transaction as the contracts see it. */
export interface TxInfo {
  /** Fabric transaction id. */
  readonly txId: string;
  /** Transaction timestamp in nanoseconds since the epoch. */
  readonly nanos: bigint;
  /** Transaction timestamp, ISO-8601 with milliseconds. */
  readonly iso: string;
  /** Transaction timestamp as a sortable 20-digit key. */
  readonly timeKey: string;
}

/** A key/value pair read from a range or partial composite key query. */
export interface StateEntry {
  readonly key: string;
  readonly value: Uint8Array;
}

/** A page of raw state entries. */
export interface StatePage {
  readonly entries: readonly StateEntry[];
  readonly bookmark: string;
}

type WriteKind = 'record' | 'index' | 'audit';

interface RecordedWrite {
  readonly kind: WriteKind;
  readonly valueHash: string | null;
}

/** The value stored under every index key: the key itself carries the data. */
const INDEX_VALUE = canonicalBytes({});

/** Per-transaction context of the ledger contracts; created by `LedgerContract.createContext()`. */
export class LedgerContext extends Context {
  readonly #writes = new Map<string, RecordedWrite>();
  #journaled = false;
  #actor: Actor | undefined;
  #tx: TxInfo | undefined;

  /**
   * The endorsing peer's clock in nanoseconds since the epoch, read only by
   * {@link LedgerContext.requireTimestampNearClock} (tests replace it).
   */
  endorserNowNanos: () => bigint = () => BigInt(Date.now()) * 1_000_000n;

  /** The environment the allowed clock skew is read from (tests replace it). */
  endorserEnv: Readonly<Record<string, string | undefined>> = process.env;

  /** The caller, from the client identity: MSP id, identity id and the `ledger.role` attribute. */
  get actor(): Actor {
    if (this.#actor === undefined) {
      const rawRole = this.clientIdentity.getAttributeValue(ROLE_ATTRIBUTE);
      this.#actor = {
        msp: this.clientIdentity.getMSPID(),
        id: this.clientIdentity.getID(),
        role: parseRole(rawRole),
        rawRole,
      };
    }
    return this.#actor;
  }

  /** The Fabric transaction id and timestamp (the only clock the chaincode uses). */
  get tx(): TxInfo {
    if (this.#tx === undefined) {
      const nanos = timestampToNanos(this.stub.getTxTimestamp());
      this.#tx = { txId: this.stub.getTxID(), nanos, iso: isoFromNanos(nanos), timeKey: timeKey(nanos) };
    }
    return this.#tx;
  }

  /**
   * Refuses to endorse a transaction whose timestamp is further than the allowed skew
   * (`LEDGER_MAX_CLOCK_SKEW_SECONDS`, default 300 s) from this peer's clock. Call it first, before
   * any write: it only decides whether this peer endorses, never what is written (see `lib/clockSkew.ts`).
   *
   * @param action - `Contract:Function`, for the message.
   * @throws {@link LedgerError} FAILED_PRECONDITION naming the timestamp and the skew.
   */
  requireTimestampNearClock(action: string): void {
    checkClockSkew(action, this.tx.nanos, this.endorserNowNanos(), maxClockSkewSeconds(this.endorserEnv));
  }

  /** True once the journal event of this transaction has been emitted. */
  get journaled(): boolean {
    return this.#journaled;
  }

  /** Number of keys written so far in this transaction (audit keys included). */
  get writeCount(): number {
    return this.#writes.size;
  }

  /**
   * Reads and parses a JSON record.
   *
   * @param key - world-state key.
   * @returns the parsed record, or `undefined` when the key has no value.
   */
  async readJson<T>(key: string): Promise<T | undefined> {
    const bytes = await this.stub.getState(key);
    if (bytes.length === 0) {
      return undefined;
    }
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  }

  /**
   * Writes a primary record (an audited resource) as canonical JSON.
   *
   * @param key - world-state key.
   * @param value - the record.
   * @param endorsers - when given, the key-level endorsement policy becomes "a member of each of these orgs".
   */
  async putRecord(key: string, value: unknown, endorsers?: readonly string[]): Promise<void> {
    await this.#put(key, canonicalBytes(value), 'record');
    if (endorsers !== undefined) {
      const policy = new KeyEndorsementPolicy();
      policy.addOrgs('MEMBER', ...[...new Set(endorsers)].sort());
      const wanted = policy.getPolicy();
      // Only write the policy when it changes: the committer invalidates (ENDORSEMENT_POLICY_FAILURE) any
      // later transaction in the same block that touches a key whose validation parameter an earlier
      // one wrote, even with the same value; unchanged policies leave such conflicts to MVCC checks.
      const current = await this.stub.getStateValidationParameter(key);
      if (!sameBytes(current, wanted)) {
        await this.stub.setStateValidationParameter(key, wanted);
      }
    }
  }

  /**
   * Writes a private data record (an audited resource) to a collection. Only its SHA-256 reaches the
   * shared ledger (Fabric's private data hash) and the journal entry, under `journalKey`.
   *
   * @param collection - the private data collection.
   * @param key - the key inside the collection.
   * @param bytes - the value.
   * @param journalKey - the printable key the journal entry and the audit trail name it by.
   */
  async putPrivateRecord(
    collection: string,
    key: string,
    bytes: Uint8Array,
    journalKey: string,
  ): Promise<void> {
    if (this.#journaled) {
      throw new Error(`internal error: write to ${journalKey} after the journal event`);
    }
    await this.stub.putPrivateData(collection, key, bytes);
    this.#writes.set(journalKey, { kind: 'record', valueHash: sha256Hex(bytes) });
  }

  /**
   * Writes a secondary index key (value `{}`).
   *
   * @param key - composite index key.
   */
  async putIndex(key: string): Promise<void> {
    await this.#put(key, INDEX_VALUE, 'index');
  }

  /**
   * Deletes a primary record (recorded in the journal entry with `valueHash: null`).
   *
   * @param key - world-state key.
   */
  async deleteRecord(key: string): Promise<void> {
    if (this.#journaled) {
      throw new Error(`internal error: delete of ${printableKey(key)} after the journal event`);
    }
    await this.stub.deleteState(key);
    this.#writes.set(key, { kind: 'record', valueHash: null });
  }

  /**
   * Iterates over every entry under a partial composite key, closing the iterator in the end.
   *
   * @param objectType - composite key object type.
   * @param attributes - leading attributes.
   * @returns the entries in key order.
   */
  async *scanPartialKey(objectType: string, attributes: readonly string[]): AsyncGenerator<StateEntry> {
    const iterator = await this.stub.getStateByPartialCompositeKey(objectType, [...attributes]);
    yield* drain(iterator);
  }

  /**
   * One page of a partial composite key query, paged by the peer.
   *
   * @param objectType - composite key object type.
   * @param attributes - leading attributes.
   * @param pageSize - entries per page.
   * @param bookmark - `""` or the bookmark of the previous page.
   * @returns the entries and the next bookmark (`""` at the end).
   */
  async pagePartialKey(
    objectType: string,
    attributes: readonly string[],
    pageSize: number,
    bookmark: string,
  ): Promise<StatePage> {
    const response = await this.stub.getStateByPartialCompositeKeyWithPagination(
      objectType,
      [...attributes],
      pageSize,
      bookmark,
    );
    return collectPage(response.iterator, nextBookmark(response));
  }

  /**
   * One page of a simple-key range query, paged by the peer.
   *
   * @param startKey - inclusive start.
   * @param endKey - exclusive end.
   * @param pageSize - entries per page.
   * @param bookmark - `""` or the bookmark of the previous page.
   * @returns the entries and the next bookmark (`""` at the end).
   */
  async pageRange(startKey: string, endKey: string, pageSize: number, bookmark: string): Promise<StatePage> {
    const response = await this.stub.getStateByRangeWithPagination(startKey, endKey, pageSize, bookmark);
    return collectPage(response.iterator, nextBookmark(response));
  }

  /**
   * Iterates over every revision of a key, as the peer orders them (newest first on Fabric 2.x).
   *
   * @param key - world-state key.
   * @returns the revisions.
   */
  async *history(key: string): AsyncGenerator<Iterators.KeyModification> {
    const iterator = await this.stub.getHistoryForKey(key);
    yield* drain(iterator);
  }

  /**
   * Ends a write transaction: appends one audit record per resource written and emits the journal
   * event with one write entry listing every non-audit key written.
   *
   * @param type - entry type of the contract family.
   * @param action - `Contract:Function`.
   * @throws {@link Error} if nothing was written or the journal was already emitted (a bug).
   */
  async commitWrites(type: WriteEntryType, action: string): Promise<void> {
    const writes: JournalWrite[] = [...this.#writes.entries()]
      .filter(([, write]) => write.kind !== 'audit')
      .map(([key, write]) => ({
        key: printableKey(key),
        valueHash: write.valueHash,
        deleted: write.valueHash === null,
      }))
      .sort((a, b) => compareStrings(a.key, b.key));
    await this.#finish(action, [{ type, action, writes }]);
  }

  /**
   * Ends a `Journal:SubmitEvents` transaction: appends the audit records and emits one event entry
   * per accepted event, in the given order.
   *
   * @param action - `Contract:Function`.
   * @param entries - the accepted events.
   */
  async commitEvents(action: string, entries: readonly EventEntry[]): Promise<void> {
    await this.#finish(action, entries);
  }

  /**
   * Writes the marker of one imported record (not an audited resource: the import batch record is).
   *
   * @param key - world-state key (`import/<mspId>/<importId>`).
   * @param value - the marker.
   */
  async putImportMarker(key: string, value: unknown): Promise<void> {
    await this.#put(key, canonicalBytes(value), 'index');
  }

  /**
   * Ends a `Migration:ImportEntries` transaction: appends the audit records and emits one import entry
   * per imported record, in the given order.
   *
   * @param action - `Contract:Function`.
   * @param entries - the imported records.
   */
  async commitImports(action: string, entries: readonly ImportEntry[]): Promise<void> {
    await this.#finish(action, entries);
  }

  /**
   * Checks the invariant "a transaction that wrote emitted exactly one journal event".
   *
   * @throws {@link Error} when keys were written but no journal event was emitted.
   */
  assertJournaled(): void {
    if (this.#writes.size > 0 && !this.#journaled) {
      throw new Error('internal error: transaction wrote state without emitting its journal event');
    }
  }

  async #finish(action: string, entries: readonly JournalEntry[]): Promise<void> {
    if (this.#journaled || this.#writes.size === 0 || entries.length === 0) {
      throw new Error(`internal error: ${action} journal emitted twice or with nothing written`);
    }
    const actor = this.#journalActor();
    await this.#appendAudit(actor, action);
    const payload = encodeJournalRecord({
      version: JOURNAL_VERSION,
      txId: this.tx.txId,
      timestamp: this.tx.iso,
      actor,
      entries,
    });
    this.stub.setEvent(JOURNAL_EVENT_NAME, payload);
    this.#journaled = true;
  }

  #journalActor(): JournalActor {
    const { msp, id, role } = this.actor;
    if (role === null) {
      throw new Error('internal error: a caller without a role reached a write');
    }
    return { cert: this.creatorCertSha256, msp, id, role };
  }

  /**
   * SHA-256 hex of the transaction creator's certificate: of its DER when the identity bytes are a
   * PEM certificate (as Fabric gives them), else of the identity bytes as they are. A pure function
   * of the signed proposal, so every endorser computes the same value.
   */
  get creatorCertSha256(): string {
    return certificateSha256(this.clientIdentity.getIDBytes());
  }

  async #appendAudit(actor: JournalActor, action: string): Promise<void> {
    const resources = [...this.#writes.entries()]
      .filter(([, write]) => write.kind === 'record')
      .map(([key]) => key);
    for (const key of resources) {
      const resource = printableKey(key);
      const record: AuditRecord = {
        eventId: this.tx.txId,
        userId: actor.id,
        msp: actor.msp,
        role: actor.role,
        action,
        resource,
        timestamp: this.tx.iso,
      };
      const bytes = canonicalBytes(record);
      await this.#put(
        compositeKey(IndexType.AUDIT_BY_RESOURCE, [resource, this.tx.timeKey, this.tx.txId]),
        bytes,
        'audit',
      );
      await this.#put(
        compositeKey(IndexType.AUDIT_BY_USER, [actor.id, this.tx.timeKey, this.tx.txId, resource]),
        bytes,
        'audit',
      );
      await this.#put(auditTimeKey(this.tx.timeKey, this.tx.txId, resource), bytes, 'audit');
    }
  }

  async #put(key: string, bytes: Uint8Array, kind: WriteKind): Promise<void> {
    if (this.#journaled) {
      throw new Error(`internal error: write to ${printableKey(key)} after the journal event`);
    }
    await this.stub.putState(key, bytes);
    this.#writes.set(key, { kind, valueHash: sha256Hex(bytes) });
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/**
 * SHA-256 hex of a certificate: of the DER inside a PEM certificate, else of the bytes as given.
 *
 * @param idBytes - the identity bytes of a Fabric creator (a PEM certificate).
 * @returns 64 lowercase hex characters.
 */
export function certificateSha256(idBytes: Uint8Array): string {
  const pem = PEM_CERTIFICATE.exec(Buffer.from(idBytes).toString('latin1'));
  const body = pem?.[1];
  return sha256Hex(body === undefined ? idBytes : Buffer.from(body.replace(/\s+/g, ''), 'base64'));
}

/**
 * Orders strings by UTF-16 code units, the order of canonical JSON keys.
 *
 * @returns negative, zero or positive.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

async function* drain<T>(iterator: Iterators.CommonIterator<T>): AsyncGenerator<T> {
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  } finally {
    await iterator.close();
  }
}

/**
 * The bookmark of the next page. A page without records comes back from the peer without metadata
 * (its metadata message is all defaults, which proto3 encodes as nothing, and fabric-shim then leaves
 * `metadata` unset): that means there is no further page.
 */
function nextBookmark(response: Readonly<{ metadata?: Readonly<{ bookmark?: string }> }>): string {
  return response.metadata?.bookmark ?? '';
}

async function collectPage(iterator: Iterators.StateQueryIterator, bookmark: string): Promise<StatePage> {
  const entries: StateEntry[] = [];
  for await (const kv of drain(iterator)) {
    entries.push({ key: kv.key, value: kv.value });
  }
  return { entries, bookmark };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a).equals(Buffer.from(b));
}
