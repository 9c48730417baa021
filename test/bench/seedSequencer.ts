// The seed service's sequencer on etcd, as Baseline 2: per event, read the counter (sequence number
// and chain tip), then one transaction "if the counter's mod revision is still what I read: put
// counter+1 with the new tip, put the event with its seal". Losing a race means a retry. The seal is
// the project's own event hash (gateway/src/core). The batched variant seals N events in one txn.
import { Etcd3 } from 'etcd3';
import { eventHash, fromHex, GENESIS_PREVIOUS_HASH, toHex } from '@gateway/core';

/** One event to seal. */
export interface SeedEvent {
  readonly eventId: string;
  readonly payload: Uint8Array;
}

/** A sequencer under one key prefix. */
export interface SeedSequencer {
  /** Seals the events in one etcd transaction (one event: the seed service's per-event path). */
  seal(events: readonly SeedEvent[]): Promise<void>;
  /** Compare failures (lost races) so far. */
  readonly retries: number;
  close(): void;
}

interface CounterValue {
  readonly seq: number;
  readonly tip: string;
}

const MAX_ATTEMPTS = 1000;

/**
 * Connects to the cluster; keys live under `prefix` (use a fresh prefix per run).
 *
 * @throws Error from `seal` after {@link MAX_ATTEMPTS} lost races for one call.
 */
export function newSeedSequencer(endpoints: readonly string[], prefix: string): SeedSequencer {
  const client = new Etcd3({ hosts: [...endpoints] });
  const counterKey = `${prefix}/counter`;
  let retries = 0;
  const attempt = async (events: readonly SeedEvent[]): Promise<boolean> => {
    const res = await client.get(counterKey).exec();
    const kv = res.kvs[0];
    const counter: CounterValue =
      kv === undefined
        ? { seq: 0, tip: toHex(GENESIS_PREVIOUS_HASH) }
        : (JSON.parse(kv.value.toString()) as CounterValue);
    let previousHash = fromHex(counter.tip, 'tip', 32);
    let seq = counter.seq;
    const puts = events.map((e) => {
      seq += 1;
      const hash = eventHash({
        sequenceNumber: BigInt(seq),
        eventId: e.eventId,
        payload: e.payload,
        previousHash,
      });
      const seal = {
        sequenceNumber: seq,
        eventId: e.eventId,
        payload: Buffer.from(e.payload).toString('base64'),
        eventHash: toHex(hash),
        previousHash: toHex(previousHash),
        sealedTimestamp: Date.now(),
      };
      previousHash = hash;
      return client.put(`${prefix}/event/${String(seq).padStart(12, '0')}`).value(JSON.stringify(seal));
    });
    const next: CounterValue = { seq, tip: toHex(previousHash) };
    const txn = await client
      .if(counterKey, 'Mod', '==', kv?.mod_revision ?? '0')
      .then(client.put(counterKey).value(JSON.stringify(next)), ...puts)
      .commit();
    return txn.succeeded;
  };
  return {
    seal: async (events): Promise<void> => {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        if (await attempt(events)) return;
        retries++;
      }
      throw new Error(`seed sequencer: ${MAX_ATTEMPTS} lost races in a row`);
    },
    get retries(): number {
      return retries;
    },
    close: (): void => {
      client.close();
    },
  };
}
