/**
 * Audit of a live gateway: the seals it serves (wire form) and its Merkle root, compared with the
 * journal recomputed from the peer's blocks. No I/O: the caller reads the gateway.
 */
import { rootFromSource, toHex } from '../core';
import type { SealedEvent, SealedEvent__Output } from '../generated/ledger/SealedEvent';
import type { JournalIndex } from '../index/journalIndex';
import { toSealedEvent } from '../wire/sealedEvent';
import type { AuditReport } from './ledgerAudit';
import type { SealDifference } from './sealDiff';

/** A wire field as comparable text (bytes as hex, maps with sorted keys). */
function fieldText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'object' && value !== null) {
    return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
  }
  return String(value);
}

/** Field names of a seal in wire (snake_case) form. */
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Compares one served seal with the recomputed one, field by field: every field the gateway sets from
 * a seal (`commit_latency_ms` is per call and not compared).
 */
export function diffWireSeal(
  sequenceNumber: number,
  ledger: SealedEvent | undefined,
  served: SealedEvent__Output | undefined,
): SealDifference[] {
  if (ledger === undefined || served === undefined) {
    if (ledger === served) return [];
    return [
      {
        sequenceNumber,
        field: 'row',
        ledger: ledger === undefined ? '' : `sealed (${ledger.eventId ?? ''})`,
        index: served === undefined ? '' : `sealed (${served.eventId})`,
      },
    ];
  }
  const differences: SealDifference[] = [];
  const keys = Object.keys(ledger).filter((key) => key !== 'commitLatencyMs');
  for (const key of keys.sort()) {
    const want = fieldText((ledger as unknown as Record<string, unknown>)[key]);
    const got = fieldText((served as unknown as Record<string, unknown>)[key]);
    if (want !== got) differences.push({ sequenceNumber, field: snake(key), ledger: want, index: got });
  }
  return differences;
}

/**
 * Compares the seals a gateway served for 1..seals.length, and its root at that size, with the
 * recomputed journal.
 *
 * @param ledger - the journal recomputed from the blocks.
 * @param served - the gateway's seals, sequence 1 first.
 * @param servedRoot - the gateway's Merkle root (hex) at `served.length`.
 * @returns the report (`indexSize` is the gateway's size).
 */
export function compareGatewayWithLedger(
  ledger: JournalIndex,
  served: readonly SealedEvent__Output[],
  servedRoot: string,
): AuditReport {
  const differences: SealDifference[] = [];
  served.forEach((seal, i) => {
    const seq = i + 1;
    const recomputed = ledger.get(seq);
    differences.push(
      ...diffWireSeal(seq, recomputed === undefined ? undefined : toSealedEvent(recomputed), seal),
    );
  });
  const size = served.length;
  if (size > 0 && size <= ledger.size) {
    const root = toHex(rootFromSource(ledger, size));
    if (root !== servedRoot) {
      differences.push({
        sequenceNumber: size,
        field: `root_hash(tree_size ${size})`,
        ledger: root,
        index: servedRoot,
      });
    }
  }
  return {
    ledgerSize: ledger.size,
    indexSize: size,
    compared: size,
    differingSequences: [...new Set(differences.map((d) => d.sequenceNumber))],
    differences,
    ok: differences.length === 0,
  };
}
