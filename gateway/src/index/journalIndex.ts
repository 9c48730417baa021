/**
 * The gateway's index: an embedded SQLite file with the seals, the Merkle tree's perfect-subtree nodes
 * and the event-stream checkpoint. It is a cache of the ledger: every block's (transaction's) rows and
 * the checkpoint that covers them are written in one SQLite transaction, so after a crash the index
 * is exactly "everything up to the checkpoint"; deleting the file rebuilds it from the peer's blocks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { MerkleNode, NodeId, TreeHashSource } from '../core';
import type { SealRecord, SealSubmitter } from '../core/sealRecord';
import { newEventIdFilter, type EventIdFilter } from './eventIdFilter';
import { sealKeyWrites, type KeyWriteRecord } from './keyWrites';

/** Where the event stream resumes: after transaction `transactionId` of block `blockNumber`. */
export interface IndexCheckpoint {
  readonly blockNumber: bigint;
  readonly transactionId: string;
}

/** What one committed transaction adds to the index. */
export interface IndexBatch {
  readonly seals: readonly SealRecord[];
  readonly nodes: readonly MerkleNode[];
  readonly checkpoint: IndexCheckpoint;
  /** The keys the seals' entries wrote (the key → sequence table), written in the same transaction. */
  readonly writes?: readonly KeyWriteRecord[];
}

/** The index's operations. Reads are synchronous (SQLite in process). */
export interface JournalIndex extends TreeHashSource {
  /** Number of sealed entries (= last sequence number). */
  readonly size: number;
  checkpoint(): IndexCheckpoint | undefined;
  /** Writes the seals, nodes and checkpoint of one transaction atomically. */
  commit(batch: IndexBatch): void;
  get(sequenceNumber: number): SealRecord | undefined;
  /** Up to `limit` seals from sequence `first` on, in order (one query; for full scans). */
  sealsFrom?(first: number, limit: number): SealRecord[];
  /**
   * The first entry this id names for `submitterMspId`'s org: its own `event` entry with this event id
   * (event ids are scoped by the org that journals them), or a write entry whose Fabric tx id it is.
   */
  findById(eventId: string, submitterMspId: string): SealRecord | undefined;
  /**
   * The first `event` entry with this event id that `submitterMspId`'s org journaled: the one the
   * journal keeps (another org's event with the same id is another entry).
   */
  findEvent(eventId: string, submitterMspId: string): SealRecord | undefined;
  /** The seals of one Fabric transaction, in entry order. */
  sealsOfTransaction(transactionId: string): SealRecord[];
  /** Up to `limit` writes of `key` with sequence numbers above `afterSequence`, oldest first. */
  keyHistory(key: string, afterSequence: number, limit: number): KeyWriteRecord[];
  /** How many writes of `key` have sequence numbers above `afterSequence` (a range count of the key table). */
  countKeyWrites(key: string, afterSequence: number): number;
  close(): void;
}

interface SealRow {
  seq: number;
  event_id: string;
  payload: Buffer;
  event_hash: Buffer;
  previous_hash: Buffer;
  sealed_ts: number;
  block_number: number;
  tx_id: string;
  entry_index: number;
  entry_type: string;
  veps_signature: string;
  veps_timestamp: number;
  metadata: string;
  submitter: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS seals (
  seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, payload BLOB NOT NULL, event_hash BLOB NOT NULL,
  previous_hash BLOB NOT NULL, sealed_ts INTEGER NOT NULL, block_number INTEGER NOT NULL, tx_id TEXT NOT NULL,
  entry_index INTEGER NOT NULL, entry_type TEXT NOT NULL, veps_signature TEXT NOT NULL,
  veps_timestamp INTEGER NOT NULL, metadata TEXT NOT NULL, submitter TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS seals_event_id ON seals (event_id, seq);
CREATE UNIQUE INDEX IF NOT EXISTS seals_tx_entry ON seals (tx_id, entry_index);
CREATE TABLE IF NOT EXISTS merkle_nodes (
  level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoint (
  id INTEGER PRIMARY KEY CHECK (id = 1), block_number TEXT NOT NULL, tx_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS key_writes (
  key TEXT NOT NULL, seq INTEGER NOT NULL, value_hash TEXT, deleted INTEGER NOT NULL,
  PRIMARY KEY (key, seq)) WITHOUT ROWID;
`;

/** `PRAGMA user_version` of an index whose key_writes table covers every seal. */
const KEY_WRITES_VERSION = 1;

interface KeyWriteRow {
  key: string;
  seq: number;
  value_hash: string | null;
  deleted: number;
}

/**
 * Schema migration: an index written before the key table existed gets it filled from its stored
 * seals (in one transaction), then is marked with {@link KEY_WRITES_VERSION}.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('seals')").pluck().all();
    if (columns.length > 0 && !columns.includes('submitter')) {
      // An index of leaf format 1 (before the submitter was journaled): its Merkle nodes are not
      // those of format 2. The index is a cache of the ledger: start over and rebuild from block 0.
      db.exec('DROP TABLE seals; DROP TABLE IF EXISTS merkle_nodes; DROP TABLE IF EXISTS checkpoint;');
      db.exec('DROP TABLE IF EXISTS key_writes;');
      db.pragma('user_version = 0');
    }
    db.exec(SCHEMA);
    if (Number(db.pragma('user_version', { simple: true })) >= KEY_WRITES_VERSION) return;
    const insert = db.prepare('INSERT OR REPLACE INTO key_writes VALUES (?, ?, ?, ?)');
    const chunk = db.prepare<[number], SealRow>('SELECT * FROM seals WHERE seq > ? ORDER BY seq LIMIT 1000');
    for (let rows = chunk.all(0); rows.length > 0; rows = chunk.all(rows[rows.length - 1]?.seq ?? 0)) {
      for (const w of rows.flatMap((row) => sealKeyWrites(fromRow(row)))) {
        insert.run(w.key, w.sequenceNumber, w.valueHash, w.deleted ? 1 : 0);
      }
    }
    db.pragma(`user_version = ${KEY_WRITES_VERSION}`);
  })();
}

class SqliteJournalIndex implements JournalIndex {
  readonly #db: Database.Database;
  readonly #insertSeal: Database.Statement;
  readonly #insertNode: Database.Statement;
  readonly #putCheckpoint: Database.Statement;
  readonly #getSeal: Database.Statement<[number], SealRow>;
  readonly #sealsFrom: Database.Statement<[number, number], SealRow>;
  readonly #findSeal: Database.Statement<[string, string], SealRow>;
  readonly #findEvent: Database.Statement<[string, string], SealRow>;
  readonly #sealsOfTransaction: Database.Statement<[string], SealRow>;
  readonly #getNode: Database.Statement<[number, number], { hash: Buffer }>;
  readonly #insertWrite: Database.Statement;
  readonly #keyHistory: Database.Statement<[string, number, number], KeyWriteRow>;
  readonly #countKeyWrites: Database.Statement<[string, number], { n: number }>;
  readonly #commit: (batch: IndexBatch) => void;
  /**
   * Every event id in the file, for a writer (the only process that adds rows): lookups of ids it
   * rules out skip SQLite. A read-only handle has none, since another process may be writing.
   */
  readonly #ids: EventIdFilter | undefined;
  #size: number;

  constructor(db: Database.Database) {
    this.#db = db;
    if (!db.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
    }
    this.#insertSeal = db.prepare(
      `INSERT INTO seals VALUES (@seq, @event_id, @payload, @event_hash, @previous_hash, @sealed_ts, @block_number,
       @tx_id, @entry_index, @entry_type, @veps_signature, @veps_timestamp, @metadata, @submitter)`,
    );
    this.#insertNode = db.prepare('INSERT OR REPLACE INTO merkle_nodes VALUES (?, ?, ?)');
    this.#putCheckpoint = db.prepare('INSERT OR REPLACE INTO checkpoint VALUES (1, ?, ?)');
    this.#getSeal = db.prepare<[number], SealRow>('SELECT * FROM seals WHERE seq = ?');
    this.#sealsFrom = db.prepare<[number, number], SealRow>(
      'SELECT * FROM seals WHERE seq >= ? ORDER BY seq LIMIT ?',
    );
    this.#findSeal = db.prepare<[string, string], SealRow>(
      "SELECT * FROM seals WHERE event_id = ? AND (entry_type != 'event' OR json_extract(submitter, '$.mspId') = ?) ORDER BY seq LIMIT 1",
    );
    this.#findEvent = db.prepare<[string, string], SealRow>(
      "SELECT * FROM seals WHERE event_id = ? AND entry_type = 'event' AND json_extract(submitter, '$.mspId') = ? ORDER BY seq LIMIT 1",
    );
    this.#sealsOfTransaction = db.prepare<[string], SealRow>(
      'SELECT * FROM seals WHERE tx_id = ? ORDER BY entry_index',
    );
    this.#getNode = db.prepare<[number, number], { hash: Buffer }>(
      'SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?',
    );
    this.#insertWrite = db.prepare('INSERT INTO key_writes VALUES (?, ?, ?, ?)');
    this.#countKeyWrites = db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM key_writes WHERE key = ? AND seq > ?',
    );
    this.#keyHistory = db.prepare<[string, number, number], KeyWriteRow>(
      'SELECT * FROM key_writes WHERE key = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    const max = db.prepare<[], { n: number | null }>('SELECT MAX(seq) AS n FROM seals').get();
    this.#size = max?.n ?? 0;
    this.#ids = db.readonly ? undefined : loadEventIds(db, this.#size);
    this.#commit = db.transaction((batch: IndexBatch): void => {
      for (const seal of batch.seals) this.#insertSeal.run(toRow(seal));
      for (const node of batch.nodes) this.#insertNode.run(node.level, node.index, Buffer.from(node.hash));
      for (const w of batch.writes ?? []) {
        this.#insertWrite.run(w.key, w.sequenceNumber, w.valueHash, w.deleted ? 1 : 0);
      }
      this.#putCheckpoint.run(batch.checkpoint.blockNumber.toString(), batch.checkpoint.transactionId);
    });
  }

  get size(): number {
    return this.#size;
  }

  checkpoint(): IndexCheckpoint | undefined {
    const row = this.#db
      .prepare<[], { block_number: string; tx_id: string }>('SELECT block_number, tx_id FROM checkpoint')
      .get();
    return row === undefined
      ? undefined
      : { blockNumber: BigInt(row.block_number), transactionId: row.tx_id };
  }

  commit(batch: IndexBatch): void {
    const first = batch.seals[0]?.sequenceNumber;
    if (first !== undefined && first !== this.#size + 1) {
      throw new Error(`index: batch starts at sequence ${first}, want ${this.#size + 1}`);
    }
    this.#commit(batch);
    this.#size += batch.seals.length;
    if (this.#ids !== undefined) for (const seal of batch.seals) this.#ids.add(seal.eventId);
  }

  get(sequenceNumber: number): SealRecord | undefined {
    const row = this.#getSeal.get(sequenceNumber);
    return row === undefined ? undefined : fromRow(row);
  }

  sealsFrom(first: number, limit: number): SealRecord[] {
    return this.#sealsFrom.all(first, limit).map(fromRow);
  }

  findById(eventId: string, submitterMspId: string): SealRecord | undefined {
    if (this.#ids?.mayContain(eventId) === false) return undefined;
    const row = this.#findSeal.get(eventId, submitterMspId);
    return row === undefined ? undefined : fromRow(row);
  }

  findEvent(eventId: string, submitterMspId: string): SealRecord | undefined {
    if (this.#ids?.mayContain(eventId) === false) return undefined;
    const row = this.#findEvent.get(eventId, submitterMspId);
    return row === undefined ? undefined : fromRow(row);
  }

  sealsOfTransaction(transactionId: string): SealRecord[] {
    return this.#sealsOfTransaction.all(transactionId).map(fromRow);
  }

  countKeyWrites(key: string, afterSequence: number): number {
    return this.#countKeyWrites.get(key, afterSequence)?.n ?? 0;
  }

  keyHistory(key: string, afterSequence: number, limit: number): KeyWriteRecord[] {
    return this.#keyHistory.all(key, afterSequence, limit).map((row) => ({
      key: row.key,
      sequenceNumber: row.seq,
      valueHash: row.value_hash,
      deleted: row.deleted !== 0,
    }));
  }

  perfectSubtreeHash(id: NodeId): Uint8Array {
    const row = this.#getNode.get(id.level, id.index);
    if (row === undefined) throw new Error(`index: no Merkle node (${id.level}, ${id.index})`);
    return new Uint8Array(row.hash);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

/** A filter holding every event id of the file (a scan of the event id index). */
function loadEventIds(db: Database.Database, size: number): EventIdFilter {
  const ids = newEventIdFilter(size);
  const scan = db.prepare<[], string>('SELECT event_id FROM seals').pluck();
  for (const eventId of scan.iterate()) ids.add(eventId);
  return ids;
}

function toRow(seal: SealRecord): SealRow {
  return {
    seq: seal.sequenceNumber,
    event_id: seal.eventId,
    payload: Buffer.from(seal.payload),
    event_hash: Buffer.from(seal.eventHash),
    previous_hash: Buffer.from(seal.previousHash),
    sealed_ts: seal.sealedTimestamp,
    block_number: seal.blockNumber,
    tx_id: seal.transactionId,
    entry_index: seal.entryIndex,
    entry_type: seal.entryType,
    veps_signature: seal.vepsSignature,
    veps_timestamp: seal.vepsTimestamp,
    metadata: JSON.stringify(seal.metadata),
    submitter: JSON.stringify(seal.submitter),
  };
}

function fromRow(row: SealRow): SealRecord {
  return {
    sequenceNumber: row.seq,
    eventId: row.event_id,
    payload: new Uint8Array(row.payload),
    eventHash: new Uint8Array(row.event_hash),
    previousHash: new Uint8Array(row.previous_hash),
    sealedTimestamp: row.sealed_ts,
    blockNumber: row.block_number,
    transactionId: row.tx_id,
    entryIndex: row.entry_index,
    entryType: row.entry_type,
    vepsSignature: row.veps_signature,
    vepsTimestamp: row.veps_timestamp,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    submitter: JSON.parse(row.submitter) as SealSubmitter,
  };
}

/** Options of {@link openJournalIndex}. */
export interface OpenJournalIndexOptions {
  /** Open an existing file read-only (no schema migration; commit throws). For audits. */
  readonly readonly?: boolean;
}

/**
 * Opens (creating if needed) the SQLite index at `file`; `:memory:` gives a throwaway index.
 *
 * @param file - path of the SQLite file.
 * @param options - `readonly` for an existing file that must not be changed.
 * @returns the index.
 * @throws Error (SQLite) when a read-only file does not exist.
 */
export function openJournalIndex(
  file: string,
  options: Readonly<OpenJournalIndexOptions> = {},
): JournalIndex {
  if (options.readonly === true) {
    return new SqliteJournalIndex(new Database(file, { readonly: true, fileMustExist: true }));
  }
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  return new SqliteJournalIndex(new Database(file));
}
