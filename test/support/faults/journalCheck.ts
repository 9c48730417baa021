// Checks the journal after a fault scenario: every acknowledged event sealed exactly once with the seal
// it was acknowledged with, sequence numbers 1..N with no gap, every seal's hash and link recomputed,
// the digest's Merkle root recomputed from the leaves, and a second gateway (another org, fresh index)
// answering byte-identical seals and digest.
import { fromHex, GENESIS_PREVIOUS_HASH, journalLeafData, merkleRoot, toHex } from '@gateway/core';
import { sealJson, verifySealHash, type LedgerClient } from '@gateway/client/ledgerClient';
import { parseReceiptSeal, sealLeafHashChecked } from '@gateway/receipt/receipt';
import type { LedgerDigest__Output } from '@gateway/generated/ledger/LedgerDigest';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import type { WorkloadResult } from './workload';

/** What the check found. Every list is empty and every count zero in a good run. */
export interface JournalCheck {
  readonly treeSize: number;
  /** Workload events found in the journal (distinct ids). */
  readonly sealed: number;
  /** Sequence numbers missing in 1..treeSize. */
  readonly gaps: number;
  /** Extra seals of a workload event id (an id sealed twice counts 1). */
  readonly duplicates: number;
  /** Acknowledged ids not found in the journal, or found with another seal than acknowledged. */
  readonly ackMismatches: readonly string[];
  /** Sequence numbers whose hash does not recompute or whose previous_hash does not link. */
  readonly chainErrors: readonly string[];
  /** Root recomputed from the leaves vs the digest's. */
  readonly rootMatches: boolean;
  /** Seals (sequence numbers) and digest fields where the second gateway differs. */
  readonly peerMismatches: readonly string[];
}

/** The seal fields that must agree everywhere (commit_latency_ms is per-call, not part of the seal). */
export function sealBytes(seal: SealedEvent__Output): string {
  const fields: Partial<SealedEvent__Output> = { ...seal };
  delete fields.commitLatencyMs;
  return JSON.stringify(fields, (_k, v: unknown) => {
    const bytes = v as { type?: unknown; data?: unknown } | null;
    if (typeof v === 'object' && bytes !== null && bytes.type === 'Buffer' && Array.isArray(bytes.data)) {
      return Buffer.from(bytes.data as number[]).toString('base64');
    }
    return v;
  });
}

/** Every seal 1..treeSize, read with a bounded StreamEvents call. */
export async function readJournal(client: LedgerClient, treeSize: number): Promise<SealedEvent__Output[]> {
  if (treeSize === 0) return [];
  const seals: SealedEvent__Output[] = [];
  const call = client.streamEvents({ fromSequence: '1', toSequence: String(treeSize), includePayload: true });
  for await (const item of call as AsyncIterable<{ seal?: SealedEvent__Output | null }>) {
    if (item.seal !== undefined && item.seal !== null) seals.push(item.seal);
  }
  return seals;
}

/** Waits (bounded) until the gateway's tree has at least `size` entries. */
export async function waitForSize(client: LedgerClient, size: number, timeoutMs = 180_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const health = await client.healthCheck().catch(() => undefined);
    if (health !== undefined && Number(health.lastSequenceNumber) >= size) return;
    if (Date.now() > giveUpAt) {
      throw new Error(
        `gateway did not reach tree size ${size} in ${timeoutMs} ms (at ${health?.lastSequenceNumber ?? '?'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Digest fields that two gateways of different orgs must agree on (signatures differ by org). */
export function digestFields(d: LedgerDigest__Output): string {
  return `${d.treeSize}/${d.rootHash}/${d.chainTipHash}/${d.lastBlockNumber}`;
}

function chainErrors(seals: readonly SealedEvent__Output[]): { gaps: number; errors: string[] } {
  const errors: string[] = [];
  let gaps = 0;
  let previous = toHex(GENESIS_PREVIOUS_HASH);
  seals.forEach((seal, i) => {
    const want = i + 1;
    if (Number(seal.sequenceNumber) !== want) {
      gaps += Math.max(0, Number(seal.sequenceNumber) - want);
      errors.push(`position ${want} holds sequence ${seal.sequenceNumber}`);
    }
    if (!verifySealHash(seal)) errors.push(`${seal.sequenceNumber}: event_hash does not recompute`);
    if (seal.previousHash !== previous) errors.push(`${seal.sequenceNumber}: previous_hash does not link`);
    previous = seal.eventHash;
  });
  return { gaps, errors };
}

function ackCheck(
  seals: readonly SealedEvent__Output[],
  run: WorkloadResult,
): { sealed: number; duplicates: number; mismatches: string[] } {
  const byId = new Map<string, SealedEvent__Output[]>();
  const submitted = new Set(run.submitted);
  for (const seal of seals) {
    if (seal.entryType !== 'event' || !submitted.has(seal.eventId)) continue;
    byId.set(seal.eventId, [...(byId.get(seal.eventId) ?? []), seal]);
  }
  let duplicates = 0;
  for (const found of byId.values()) duplicates += found.length - 1;
  const mismatches: string[] = [];
  for (const [id, ack] of run.acknowledged) {
    const found = byId.get(id) ?? [];
    if (found.length !== 1) mismatches.push(`${id}: sealed ${found.length} times`);
    else if (found[0] !== undefined && sealBytes(found[0]) !== sealBytes(ack))
      mismatches.push(`${id}: sealed differently than acknowledged`);
  }
  return { sealed: byId.size, duplicates, mismatches };
}

/**
 * Runs every check once the primary gateway is quiet (the workload finished).
 *
 * @param primary - the gateway under test.
 * @param second - a gateway of another org with a fresh index.
 * @param run - the workload's result.
 */
export async function checkJournal(
  primary: LedgerClient,
  second: LedgerClient,
  run: WorkloadResult,
): Promise<JournalCheck> {
  const digest = await primary.getDigest();
  const treeSize = Number(digest.treeSize);
  const seals = await readJournal(primary, treeSize);
  const chain = chainErrors(seals);
  const acks = ackCheck(seals, run);
  // Leaf format 2 (docs/proofs.md): each seal's entry_hash is first recomputed from its fields.
  const root = merkleRoot(
    seals.map((s) => {
      sealLeafHashChecked(parseReceiptSeal(sealJson(s)));
      return journalLeafData(fromHex(s.eventHash, 'event_hash', 32), fromHex(s.entryHash, 'entry_hash', 32));
    }),
  );
  await waitForSize(second, treeSize);
  const theirs = await readJournal(second, treeSize);
  const peerMismatches = seals
    .filter((s, i) => theirs[i] === undefined || sealBytes(s) !== sealBytes(theirs[i]))
    .map((s) => s.sequenceNumber);
  if (theirs.length !== seals.length) peerMismatches.push(`length ${theirs.length} vs ${seals.length}`);
  const proof = await second.getConsistencyProof(treeSize, treeSize);
  if (proof.secondRoot !== digest.rootHash) peerMismatches.push(`root at ${treeSize}`);
  const secondDigest = await second.getDigest();
  if (secondDigest.treeSize === digest.treeSize && digestFields(secondDigest) !== digestFields(digest)) {
    peerMismatches.push('digest');
  }
  return {
    treeSize,
    sealed: acks.sealed,
    gaps: chain.gaps + Math.max(0, treeSize - seals.length),
    duplicates: acks.duplicates,
    ackMismatches: acks.mismatches,
    chainErrors: chain.errors,
    rootMatches: toHex(root) === digest.rootHash,
    peerMismatches,
  };
}
