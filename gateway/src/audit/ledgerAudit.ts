/**
 * `ledger audit`: compares every seal and Merkle node of a gateway index with the journal recomputed
 * from the peer's blocks, and says exactly which sequence numbers differ and in which field.
 */
import type { NodeId } from '../core';
import type { JournalIndex } from '../index/journalIndex';
import { diffNodes, diffSeals, type SealDifference } from './sealDiff';

/** What an audit found. */
export interface AuditReport {
  /** Entries recomputed from the blocks. */
  readonly ledgerSize: number;
  /** Entries stored in the index. */
  readonly indexSize: number;
  /** Sequence numbers compared (1..indexSize). */
  readonly compared: number;
  /** Sequence numbers with at least one difference, ascending. */
  readonly differingSequences: readonly number[];
  /** Every difference, by sequence number then field. */
  readonly differences: readonly SealDifference[];
  /** True when nothing differs. */
  readonly ok: boolean;
}

const lookup =
  (index: JournalIndex) =>
  (id: NodeId): Uint8Array | undefined => {
    try {
      return index.perfectSubtreeHash(id);
    } catch {
      return undefined;
    }
  };

/**
 * Compares an index with a recomputed journal, sequence 1 to the index's size (an index that is only
 * behind the ledger is not a difference: the gateway catches up; an index ahead of it is).
 *
 * @param ledger - the journal recomputed from the blocks (see replayJournal).
 * @param index - the audited index.
 * @param maxDifferences - stop collecting after this many (default 1000).
 * @returns the report.
 */
export function compareWithLedger(
  ledger: JournalIndex,
  index: JournalIndex,
  maxDifferences = 1000,
): AuditReport {
  const differences: SealDifference[] = [];
  const ledgerNode = lookup(ledger);
  const indexNode = lookup(index);
  const size = index.size;
  for (let seq = 1; seq <= size && differences.length < maxDifferences; seq++) {
    differences.push(...diffSeals(seq, ledger.get(seq), index.get(seq)));
    if (seq <= ledger.size) differences.push(...diffNodes(seq, ledgerNode, indexNode));
  }
  const differingSequences = [...new Set(differences.map((d) => d.sequenceNumber))];
  return {
    ledgerSize: ledger.size,
    indexSize: size,
    compared: size,
    differingSequences,
    differences,
    ok: differences.length === 0,
  };
}

/** The report as text lines: one per difference, then a summary. */
export function formatAuditReport(report: AuditReport): string[] {
  const lines = report.differences.map(
    (d) =>
      `sequence ${d.sequenceNumber}: ${d.field} differs: ledger ${d.ledger || '(none)'}, index ${d.index || '(none)'}`,
  );
  const behind =
    report.ledgerSize > report.indexSize
      ? `; the ledger has ${report.ledgerSize - report.indexSize} more (index behind)`
      : '';
  lines.push(
    report.ok
      ? `audit ok: ${report.compared} seals match the peer's blocks${behind}`
      : `audit FAILED: ${report.differingSequences.length} of ${report.compared} sequence numbers differ (${report.differingSequences.join(', ')})${behind}`,
  );
  return lines;
}
