// Child process of the reads bench: grows a synthetic index in --file to each of --sizes in turn with
// the real sequencer and SQLite index (journal records of --batch events each, as the chaincode emits
// them), and at each size measures GetEvent-style lookups, verified inclusion proofs and digests in
// process for --read-ms, printing one JSON line (SyntheticIndexResult) per size on stdout. Block numbers start at SYNTHETIC_FIRST_BLOCK, far beyond any
// real chain, so a gateway started on the file only waits for blocks and serves reads.
import * as fs from 'node:fs';
import { encodeJournalRecord, JOURNAL_EVENT_NAME, type JournalRecord } from '@chaincode/lib/journal';
import { inclusionProofFromSource, rootFromSource, verifyInclusion } from '@gateway/core';
import { sealLeafHash } from '@gateway/core/sealLeaf';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import { newJournalSequencer } from '@gateway/sequencer/journalSequencer';

/** First block number of a synthetic index. */
export const SYNTHETIC_FIRST_BLOCK = 1_000_000_000_000;

/** What the worker prints. */
export interface SyntheticIndexResult {
  readonly size: number;
  readonly buildS: number;
  readonly buildEventsPerSecond: number;
  readonly getEventPerSecond: number;
  readonly inclusionProofsPerSecond: number;
  readonly digestsPerSecond: number;
  /** Resident set of this process after the build and the reads, MiB. */
  readonly rssMiB: number;
  readonly indexFileMiB: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function positiveInts(name: string, fallback: string): number[] {
  const values = arg(name, fallback).split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new Error(`--${name}: got ${arg(name, fallback)}, want integers ≥ 1`);
  }
  return values;
}

function record(txNumber: number, first: number, count: number): JournalRecord {
  return {
    version: 1,
    txId: txNumber.toString(16).padStart(64, '0'),
    timestamp: '2026-01-02T03:04:05.678Z',
    actor: { msp: 'Org1MSP', id: 'x509::CN=gateway1', role: 'gateway' },
    entries: Array.from({ length: count }, (_, i) => ({
      type: 'event' as const,
      eventId: `synthetic-${first + i}`,
      payload: Buffer.from(`synthetic event ${first + i}`).toString('base64'),
      vepsSignature: '',
      vepsTimestamp: '1702234567890',
      metadata: {},
    })),
  };
}

/** Calls `op` for about `seconds` (at least once) and returns calls per second. */
function rate(seconds: number, op: (i: number) => void): number {
  const t0 = performance.now();
  let n = 0;
  while (n === 0 || performance.now() - t0 < seconds * 1000) op(n++);
  return Math.round(n / ((performance.now() - t0) / 1000));
}

function measure(
  index: JournalIndex,
  readS: number,
): Omit<SyntheticIndexResult, 'buildS' | 'buildEventsPerSecond' | 'indexFileMiB'> {
  const size = index.size;
  const pick = (i: number): number => 1 + ((i * 2_654_435_761) % size);
  const root = rootFromSource(index, size);
  const getEventPerSecond = rate(readS, (i) => index.get(pick(i)));
  const inclusionProofsPerSecond = rate(readS, (i) => {
    const seq = pick(i);
    const seal = index.get(seq);
    const proof = inclusionProofFromSource(index, seq - 1, size);
    if (seal !== undefined) verifyInclusion(sealLeafHash(seal), seq - 1, size, proof, root);
  });
  const digestsPerSecond = rate(readS, () => rootFromSource(index, size));
  return {
    size,
    getEventPerSecond,
    inclusionProofsPerSecond,
    digestsPerSecond,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

/** Grows the index to each of --sizes in turn and prints one result line per size. */
function main(): void {
  const sizes = positiveInts('sizes', '10000').sort((a, b) => a - b);
  const [batch = 100] = positiveInts('batch', '100');
  const [readMs = 2000] = positiveInts('read-ms', '2000');
  const file = arg('file', ':memory:');
  const index = openJournalIndex(file);
  const sequencer = newJournalSequencer({ index, logger: silentLogger });
  let tx = index.size / batch;
  for (const size of sizes) {
    const from = index.size;
    const t0 = performance.now();
    for (let first = index.size + 1; first <= size; first += batch, tx++) {
      const rec = record(tx + 1, first, Math.min(batch, size - first + 1));
      sequencer.apply({
        blockNumber: BigInt(SYNTHETIC_FIRST_BLOCK + tx),
        transactionId: rec.txId,
        eventName: JOURNAL_EVENT_NAME,
        payload: encodeJournalRecord(rec),
      });
    }
    const buildS = (performance.now() - t0) / 1000;
    const result: SyntheticIndexResult = {
      ...measure(index, readMs / 1000),
      buildS: Math.round(buildS * 10) / 10,
      buildEventsPerSecond: buildS > 0 ? Math.round((size - from) / buildS) : 0,
      indexFileMiB: file === ':memory:' ? 0 : Math.round(fs.statSync(file).size / 2 ** 20),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  index.close();
}

if (require.main === module) main();
