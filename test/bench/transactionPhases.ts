// Where a journal transaction's time goes during one scenario: the gateway's own histograms
// (ledger_gateway_batch_{endorse,commit,seal}_ms and ledger_gateway_batch_size, docs/gateway.md)
// scraped from its Prometheus endpoint before and after the scenario, plus the CPU the Fabric
// processes (orderers, peers, chaincode) spent per transaction. Parsing and arithmetic are pure; only
// scrapeMetrics does I/O.
import type { ClassUsage } from './processSampler';

/** Running totals read from one scrape (Prometheus histogram `_sum` and `_count` series). */
export interface PhaseCounters {
  readonly transactions: number;
  readonly events: number;
  readonly endorseMsSum: number;
  readonly commitMsSum: number;
  readonly sealMsSum: number;
  /** Transactions whose phase was observed (a refused, resent or invalidated one misses some). */
  readonly endorseCount: number;
  readonly commitCount: number;
  readonly sealCount: number;
}

/** Means per journal transaction over one scenario. */
export interface TransactionPhases {
  readonly transactions: number;
  readonly eventsPerTransaction: number;
  /** Proposal built, endorsed by the peers, transaction accepted by the orderer. */
  readonly endorseMs: number;
  /** Raft ordering, block cut, validation and commit on the peer, commit status to the gateway. */
  readonly commitMs: number;
  /** Commit status to the last event of the transaction sealed in the index. */
  readonly sealMs: number;
  /** CPU time of orderers, peers and chaincode over the scenario ÷ transactions (undefined: not measured). */
  readonly fabricCpuMsPerTransaction?: number;
}

/** The process classes whose CPU is Fabric's own work (scripts' PID file names, processSampler.ts). */
export const FABRIC_CLASSES: readonly string[] = ['orderers', 'peers', 'chaincode'];

const SERIES: ReadonlyMap<string, keyof PhaseCounters> = new Map([
  ['ledger_gateway_batch_size_count', 'transactions'],
  ['ledger_gateway_batch_size_sum', 'events'],
  ['ledger_gateway_batch_endorse_ms_sum', 'endorseMsSum'],
  ['ledger_gateway_batch_endorse_ms_count', 'endorseCount'],
  ['ledger_gateway_batch_commit_ms_sum', 'commitMsSum'],
  ['ledger_gateway_batch_commit_ms_count', 'commitCount'],
  ['ledger_gateway_batch_seal_ms_sum', 'sealMsSum'],
  ['ledger_gateway_batch_seal_ms_count', 'sealCount'],
]);

/**
 * Reads the counters from a Prometheus text exposition.
 *
 * @returns the counters, or undefined when the text lacks the batch size histogram (not our gateway).
 */
export function parsePhaseCounters(metricsText: string): PhaseCounters | undefined {
  const found: Partial<Record<keyof PhaseCounters, number>> = {};
  for (const line of metricsText.split('\n')) {
    const [name, raw] = line.trim().split(/\s+/);
    const field = name === undefined ? undefined : SERIES.get(name);
    const value = Number(raw);
    if (field !== undefined && Number.isFinite(value)) found[field] = value;
  }
  if (found.transactions === undefined) return undefined;
  return {
    transactions: found.transactions,
    events: found.events ?? 0,
    endorseMsSum: found.endorseMsSum ?? 0,
    commitMsSum: found.commitMsSum ?? 0,
    sealMsSum: found.sealMsSum ?? 0,
    endorseCount: found.endorseCount ?? 0,
    commitCount: found.commitCount ?? 0,
    sealCount: found.sealCount ?? 0,
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const mean = (sum: number, count: number): number => (count > 0 ? round1(sum / count) : 0);

/**
 * The means per transaction between two scrapes, and the Fabric processes' CPU per transaction.
 *
 * @param windowS - wall time over which `processes` was sampled (their cpuPercent is its average).
 * @returns undefined when a scrape is missing or no transaction was sent in between.
 */
export function transactionPhases(
  before: PhaseCounters | undefined,
  after: PhaseCounters | undefined,
  processes: readonly ClassUsage[] = [],
  windowS = 0,
): TransactionPhases | undefined {
  if (before === undefined || after === undefined) return undefined;
  const transactions = after.transactions - before.transactions;
  if (transactions <= 0) return undefined;
  const cpuMs = fabricCpuMsPerTransaction(processes, windowS, transactions);
  return {
    transactions,
    eventsPerTransaction: round1((after.events - before.events) / transactions),
    endorseMs: mean(after.endorseMsSum - before.endorseMsSum, after.endorseCount - before.endorseCount),
    commitMs: mean(after.commitMsSum - before.commitMsSum, after.commitCount - before.commitCount),
    sealMs: mean(after.sealMsSum - before.sealMsSum, after.sealCount - before.sealCount),
    ...(cpuMs === undefined ? {} : { fabricCpuMsPerTransaction: cpuMs }),
  };
}

/**
 * CPU time of the Fabric processes (orderers, peers, chaincode, idle background work included) ÷
 * transactions.
 *
 * @param windowS - wall time over which `processes` was sampled (their cpuPercent is its average).
 * @returns milliseconds per transaction, or undefined when nothing was measured.
 */
export function fabricCpuMsPerTransaction(
  processes: readonly ClassUsage[],
  windowS: number,
  transactions: number,
): number | undefined {
  const percent = processes
    .filter((p) => FABRIC_CLASSES.includes(p.processClass))
    .reduce((sum, p) => sum + p.cpuPercent, 0);
  if (windowS <= 0 || transactions <= 0 || percent <= 0) return undefined;
  return round1(((percent / 100) * windowS * 1000) / transactions);
}

/**
 * Scrapes the gateway's Prometheus endpoint on 127.0.0.1.
 *
 * @returns the counters, or undefined when the endpoint does not answer within 2 s (metrics off).
 */
export async function scrapeMetrics(port: number): Promise<PhaseCounters | undefined> {
  if (port <= 0) return undefined;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? parsePhaseCounters(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}
