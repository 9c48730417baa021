/**
 * A Map-backed fake of fabric-shim's ChaincodeStub for chaincode unit tests.
 *
 * It behaves like a peer simulating one transaction at a time: reads see only committed state (Fabric
 * does not read a transaction's own writes), writes and validation parameters are buffered until
 * {@link FakeStub.commit}, {@link FakeStub.rollback} drops them as an endorsement failure would, and
 * committed writes are kept as key history (newest first, as Fabric 2.x reports it). Composite keys
 * use the real `\u0000` format; iterators implement `next()`/`close()` and `Symbol.asyncIterator`.
 */
import { createHash } from 'node:crypto';
import Long from 'long';
import * as sinon from 'sinon';
import { ChaincodeStub, type Iterators, type StateQueryResponse } from 'fabric-shim';

/** One `setEvent` call. */
export interface RecordedEvent {
  readonly name: string;
  readonly payload: Uint8Array;
}

/** A committed event, with the transaction that emitted it. */
export interface CommittedEvent extends RecordedEvent {
  readonly txId: string;
}

/** Options of {@link FakeStub.beginTransaction}. */
export interface FakeTxOptions {
  /** Fabric tx id; default: SHA-256 hex of a counter. */
  readonly txId?: string;
  /** Transaction time as an ISO instant; default: one second after the previous transaction. */
  readonly time?: string;
  /** Sub-second nanoseconds of the timestamp; default 0. */
  readonly nanos?: number;
}

/** The fake and the handles tests use to inspect it. */
export interface FakeStub {
  /** The stubbed ChaincodeStub to assign to `ctx.stub`. */
  readonly stub: sinon.SinonStubbedInstance<ChaincodeStub>;
  /** Committed world state. */
  readonly state: ReadonlyMap<string, Uint8Array>;
  /** Committed key-level endorsement policies. */
  readonly validationParameters: ReadonlyMap<string, Uint8Array>;
  /** `setEvent` calls of the current (or last) transaction. */
  readonly events: readonly RecordedEvent[];
  /** Events of every committed transaction. */
  readonly committedEvents: readonly CommittedEvent[];
  /** Writes buffered by the current transaction (`null` = delete). */
  readonly pendingWrites: ReadonlyMap<string, Uint8Array | null>;
  /** Iterators handed out and not closed yet. */
  readonly openIterators: number;
  /** Id of the current transaction. */
  readonly txId: string;
  /** Starts a new transaction: new tx id and timestamp, no pending writes, no events. */
  beginTransaction(options?: FakeTxOptions): void;
  /** Applies the pending writes and records history and events. */
  commit(): void;
  /** Drops the pending writes (the events stay visible for inspection until the next transaction). */
  rollback(): void;
  /** Writes committed state directly (test setup). */
  seed(key: string, value: unknown): void;
  /** Reads committed state as parsed JSON (`undefined` when absent). */
  json(key: string): unknown;
  /** Committed private data, by `<collection>/<key>`. */
  readonly privateState: ReadonlyMap<string, Uint8Array>;
  /**
   * Sets the transient map of the current transaction (cleared by the next `beginTransaction`).
   *
   * @param entries - field → bytes.
   */
  setTransient(entries: Readonly<Record<string, Uint8Array>>): void;
  /**
   * Makes the private data calls of one collection fail as a peer does for a collection the
   * chaincode definition lacks.
   */
  undefineCollection(collection: string): void;
}

interface Revision {
  readonly txId: string;
  readonly seconds: number;
  readonly nanos: number;
  readonly value: Uint8Array | null;
}

const START_MILLIS = Date.parse('2025-01-01T00:00:00.000Z');
const NAMESPACE = 'ledger';

/**
 * Creates a fake stub whose first transaction is already begun.
 *
 * @returns the fake.
 */
export function newFakeStub(): FakeStub {
  return new FakeStubImpl();
}

class FakeStubImpl implements FakeStub {
  readonly stub = sinon.createStubInstance(ChaincodeStub);
  readonly #state = new Map<string, Uint8Array>();
  readonly #params = new Map<string, Uint8Array>();
  readonly #history = new Map<string, Revision[]>();
  readonly #pending = new Map<string, Uint8Array | null>();
  readonly #pendingParams = new Map<string, Uint8Array>();
  readonly #committedEvents: CommittedEvent[] = [];
  readonly #private = new Map<string, Uint8Array>();
  readonly #pendingPrivate = new Map<string, Uint8Array>();
  readonly #undefinedCollections = new Set<string>();
  #transient = new Map<string, Uint8Array>();
  #events: RecordedEvent[] = [];
  #counter = 0;
  #txId = '';
  #millis = START_MILLIS;
  #nanos = 0;
  #open = 0;

  constructor() {
    this.#wire();
    this.beginTransaction();
  }

  get state(): ReadonlyMap<string, Uint8Array> {
    return this.#state;
  }

  get validationParameters(): ReadonlyMap<string, Uint8Array> {
    return this.#params;
  }

  get events(): readonly RecordedEvent[] {
    return this.#events;
  }

  get committedEvents(): readonly CommittedEvent[] {
    return this.#committedEvents;
  }

  get pendingWrites(): ReadonlyMap<string, Uint8Array | null> {
    return this.#pending;
  }

  get openIterators(): number {
    return this.#open;
  }

  get txId(): string {
    return this.#txId;
  }

  beginTransaction(options: FakeTxOptions = {}): void {
    this.#counter += 1;
    this.#txId = options.txId ?? createHash('sha256').update(`tx-${this.#counter}`).digest('hex');
    this.#millis =
      options.time === undefined ? this.#millis + (this.#counter > 1 ? 1000 : 0) : Date.parse(options.time);
    this.#nanos = options.nanos ?? 0;
    this.#pending.clear();
    this.#pendingParams.clear();
    this.#pendingPrivate.clear();
    this.#transient = new Map();
    this.#events = [];
  }

  get privateState(): ReadonlyMap<string, Uint8Array> {
    return this.#private;
  }

  setTransient(entries: Readonly<Record<string, Uint8Array>>): void {
    this.#transient = new Map(Object.entries(entries));
  }

  undefineCollection(collection: string): void {
    this.#undefinedCollections.add(collection);
  }

  commit(): void {
    for (const [key, value] of this.#pending) {
      if (value === null) {
        this.#state.delete(key);
      } else {
        this.#state.set(key, value);
      }
      const revisions = this.#history.get(key) ?? [];
      revisions.unshift({
        txId: this.#txId,
        seconds: Math.floor(this.#millis / 1000),
        nanos: this.#subSecondNanos(),
        value,
      });
      this.#history.set(key, revisions);
    }
    for (const [key, value] of this.#pendingParams) {
      this.#params.set(key, value);
    }
    for (const [key, value] of this.#pendingPrivate) {
      this.#private.set(key, value);
    }
    this.#pendingPrivate.clear();
    for (const event of this.#events) {
      this.#committedEvents.push({ ...event, txId: this.#txId });
    }
    this.#pending.clear();
    this.#pendingParams.clear();
  }

  rollback(): void {
    this.#pendingPrivate.clear();
    this.#pending.clear();
    this.#pendingParams.clear();
  }

  seed(key: string, value: unknown): void {
    this.#state.set(key, new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8')));
  }

  json(key: string): unknown {
    const bytes = this.#state.get(key);
    return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown);
  }

  #subSecondNanos(): number {
    return (this.#millis % 1000) * 1_000_000 + this.#nanos;
  }

  #wire(): void {
    const stub = this.stub;
    const real = ChaincodeStub.prototype;
    stub.createCompositeKey.callsFake((objectType, attributes) =>
      real.createCompositeKey.call(stub, objectType, attributes),
    );
    stub.splitCompositeKey.callsFake((key) => real.splitCompositeKey.call(stub, key));
    stub.getTxID.callsFake(() => this.#txId);
    stub.getChannelID.returns('ledger');
    stub.getTxTimestamp.callsFake(() => ({
      seconds: Long.fromNumber(Math.floor(this.#millis / 1000), true),
      nanos: this.#subSecondNanos(),
    }));
    stub.getDateTimestamp.callsFake(() => new Date(this.#millis));
    stub.getState.callsFake((key) => Promise.resolve(this.#state.get(key) ?? new Uint8Array(0)));
    stub.putState.callsFake((key, value) => {
      this.#checkKey(key);
      this.#pending.set(key, new Uint8Array(value));
      return Promise.resolve();
    });
    stub.deleteState.callsFake((key) => {
      this.#checkKey(key);
      this.#pending.set(key, null);
      return Promise.resolve();
    });
    stub.setStateValidationParameter.callsFake((key, ep) => {
      this.#pendingParams.set(key, new Uint8Array(ep));
      return Promise.resolve();
    });
    stub.getStateValidationParameter.callsFake((key) =>
      Promise.resolve(this.#params.get(key) ?? new Uint8Array(0)),
    );
    stub.setEvent.callsFake((name, payload) => {
      this.#events.push({ name, payload: new Uint8Array(payload) });
    });
    this.#wireQueries();
    this.#wirePrivate();
  }

  #wirePrivate(): void {
    const stub = this.stub;
    const where = (collection: string, key: string): string => {
      if (this.#undefinedCollections.has(collection)) {
        throw new Error(`collection ${collection} not defined for chaincode ledger`);
      }
      return `${collection}/${key}`;
    };
    stub.getTransient.callsFake(() => new Map(this.#transient));
    stub.putPrivateData.callsFake((collection, key, value) => {
      this.#checkKey(key);
      this.#pendingPrivate.set(where(collection, key), new Uint8Array(value));
      return Promise.resolve();
    });
    stub.getPrivateData.callsFake((collection, key) =>
      Promise.resolve(this.#private.get(where(collection, key)) ?? new Uint8Array(0)),
    );
    stub.getPrivateDataHash.callsFake((collection, key) => {
      const value = this.#private.get(where(collection, key));
      return Promise.resolve(
        value === undefined ? new Uint8Array(0) : new Uint8Array(createHash('sha256').update(value).digest()),
      );
    });
  }

  #wireQueries(): void {
    const stub = this.stub;
    stub.getStateByRange.callsFake((startKey, endKey) => this.#iterable(this.#range(startKey, endKey)));
    stub.getStateByRangeWithPagination.callsFake((startKey, endKey, pageSize, bookmark) =>
      this.#paged(this.#range(startKey, endKey), pageSize, bookmark),
    );
    stub.getStateByPartialCompositeKey.callsFake((objectType, attributes) =>
      this.#iterable(this.#prefix(stub.createCompositeKey(objectType, attributes))),
    );
    stub.getStateByPartialCompositeKeyWithPagination.callsFake((objectType, attributes, pageSize, bookmark) =>
      this.#paged(this.#prefix(stub.createCompositeKey(objectType, attributes)), pageSize, bookmark),
    );
    stub.getHistoryForKey.callsFake((key) => {
      const items: Iterators.KeyModification[] = (this.#history.get(key) ?? []).map((revision) => ({
        txId: revision.txId,
        isDelete: revision.value === null,
        value: revision.value ?? new Uint8Array(0),
        // Like the real shim (protobuf toObject): seconds arrive as a plain number here.
        timestamp: {
          seconds: revision.seconds,
          nanos: revision.nanos,
        } as unknown as Iterators.KeyModification['timestamp'],
      }));
      return this.#iterable(items);
    });
  }

  #checkKey(key: string): void {
    if (key.length === 0) {
      throw new Error('key must not be an empty string');
    }
  }

  #sortedEntries(filter: (key: string) => boolean): Iterators.KV[] {
    return [...this.#state.entries()]
      .filter(([key]) => filter(key))
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
      .map(([key, value]) => ({ namespace: NAMESPACE, key, value }));
  }

  #range(startKey: string, endKey: string): Iterators.KV[] {
    if (startKey.startsWith('\u0000') || endKey.startsWith('\u0000')) {
      throw new Error('range query keys must be simple keys');
    }
    const start = startKey === '' ? '\u0001' : startKey;
    return this.#sortedEntries(
      (key) => !key.startsWith('\u0000') && key >= start && (endKey === '' || key < endKey),
    );
  }

  #prefix(prefix: string): Iterators.KV[] {
    return this.#sortedEntries((key) => key.startsWith(prefix));
  }

  #paged(
    items: readonly Iterators.KV[],
    pageSize: number,
    bookmark: string | undefined,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    const from = bookmark === undefined || bookmark === '' ? items : items.filter((kv) => kv.key >= bookmark);
    const page = from.slice(0, pageSize);
    const next = from[pageSize]?.key ?? '';
    const iterator = this.#iterator(page);
    const response: StateQueryResponse<Iterators.StateQueryIterator> = {
      iterator,
      metadata: { fetchedRecordsCount: page.length, bookmark: next },
    };
    return withAsyncIterator(Promise.resolve(response), iterator);
  }

  #iterable<T>(items: readonly T[]): Promise<Iterators.CommonIterator<T>> & AsyncIterable<T> {
    const iterator = this.#iterator(items);
    return withAsyncIterator(Promise.resolve(iterator), iterator);
  }

  #iterator<T>(items: readonly T[]): Iterators.CommonIterator<T> {
    let index = 0;
    let closed = false;
    this.#open += 1;
    return {
      next: (): Promise<Iterators.NextResult<T>> => {
        const value = items[index];
        if (closed || value === undefined) {
          return Promise.resolve({ done: true } as Iterators.NextResult<T>);
        }
        index += 1;
        return Promise.resolve({ value, done: false });
      },
      close: (): Promise<void> => {
        if (!closed) {
          closed = true;
          this.#open -= 1;
        }
        return Promise.resolve();
      },
    };
  }
}

function withAsyncIterator<P, T>(
  promise: Promise<P>,
  iterator: Iterators.CommonIterator<T>,
): Promise<P> & AsyncIterable<T> {
  return Object.assign(promise, {
    [Symbol.asyncIterator]: (): AsyncIterator<T> => ({
      next: async (): Promise<IteratorResult<T>> => {
        const result = await iterator.next();
        if (result.done) {
          await iterator.close();
          return { done: true, value: undefined };
        }
        return { done: false, value: result.value };
      },
      return: async (): Promise<IteratorResult<T>> => {
        await iterator.close();
        return { done: true, value: undefined };
      },
    }),
  });
}
