// One fault scenario: run the workload against the gateway under test, inject the fault once half the
// events are acknowledged, let the scenario heal, then check the journal against a second gateway and
// record the table row.
import { expect } from 'chai';
import { recordScenario } from './faultReport';
import { startFaultGateway, type FaultGateway, type TransferAccounts } from './faultHarness';
import { checkJournal, type JournalCheck } from './journalCheck';
import {
  recoveryMs,
  startWorkload,
  WORKLOAD_SIZE,
  type RunningWorkload,
  type WorkloadResult,
} from './workload';

/** What a fault did: when it hit, how long recovery took if the fault measures it itself, a note. */
export interface FaultOutcome {
  readonly faultAt: number;
  /** Overrides the recovery time derived from the acknowledgement times. */
  readonly recoveryMs?: number;
  readonly note: string;
}

/** Options of {@link runScenario}. */
export interface ScenarioOptions {
  readonly name: string;
  readonly primary: FaultGateway;
  readonly accounts?: TransferAccounts;
  readonly events?: number;
  /** Injects the fault (and heals it) while the workload runs; resolves when the network is whole. */
  readonly inject: (workload: RunningWorkload) => Promise<FaultOutcome>;
}

/** Result of {@link runScenario}. */
export interface ScenarioResult {
  readonly run: WorkloadResult;
  readonly check: JournalCheck;
  readonly fault: FaultOutcome;
}

/**
 * Runs the scenario, checks it and records its row.
 *
 * @returns the workload result and the check (the caller asserts what its scenario promises).
 */
export async function runScenario(options: Readonly<ScenarioOptions>): Promise<ScenarioResult> {
  const events = options.events ?? WORKLOAD_SIZE.events;
  const workload = startWorkload({
    scenario: options.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(),
    events,
    concurrency: WORKLOAD_SIZE.concurrency,
    client: () => options.primary.client,
    ...(options.accounts === undefined
      ? {}
      : { transfers: { count: WORKLOAD_SIZE.transfers, ...options.accounts } }),
  });
  const injected = (async (): Promise<FaultOutcome> => {
    await workload.acknowledgedAtLeast(Math.floor(events / 2));
    return options.inject(workload);
  })();
  const [run, fault] = await Promise.all([workload.done, injected]);
  if (process.env.FAULTS_DEBUG === '1') debugDump(run, fault, options.primary);
  const second = await startFaultGateway('org2', 'second');
  let check: JournalCheck;
  try {
    check = await checkJournal(options.primary.client, second.client, run);
  } finally {
    await second.dispose();
  }
  recordScenario({
    scenario: options.name,
    submitted: run.submitted.length,
    acknowledged: run.acknowledged.size,
    sealed: check.sealed,
    gaps: check.gaps,
    duplicates: check.duplicates,
    recoveryMs: fault.recoveryMs ?? recoveryMs(run.ackTimes, fault.faultAt) ?? null,
    retries: run.retries,
    elapsedMs: run.elapsedMs,
    note: `${fault.note}; transfers ${run.transfersApplied}/${run.transfersApplied + run.transfersFailed}; failed ${run.failed.size}`,
  });
  return { run, check, fault };
}

/** FAULTS_DEBUG=1: acknowledgements per second, and the gateway's warnings and errors. */
function debugDump(run: WorkloadResult, fault: FaultOutcome, primary: FaultGateway): void {
  process.stderr.write(`${ackTimeline(run.ackTimes, fault.faultAt)}\n`);
  const counts = new Map<string, number>();
  for (const line of (primary.process?.log.join('') ?? '').split('\n')) {
    if (!/"level":"(warn|error)"/.test(line)) continue;
    const { msg, err } = JSON.parse(line) as { msg?: string; err?: { message?: string } };
    const key = `${msg ?? ''}: ${err?.message ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of counts) process.stderr.write(`  gateway log ${n}x ${key}\n`);
}

/** Acknowledgements per second from 5 s before the fault. */
function ackTimeline(ackTimes: readonly number[], faultAt: number): string {
  const buckets = new Map<number, number>();
  for (const t of ackTimes) {
    const second = Math.floor((t - faultAt) / 1000);
    if (second >= -5) buckets.set(second, (buckets.get(second) ?? 0) + 1);
  }
  return `acks/s from the fault: ${[...buckets.entries()].map(([s, n]) => `${s}:${n}`).join(' ')}`;
}

/** The promises every scenario keeps: all acknowledged, sealed once, no gap, chain/root/second gateway agree. */
export function expectWholeJournal(result: ScenarioResult): void {
  const { run, check } = result;
  expect([...run.failed.entries()].slice(0, 5), 'events given up on').to.deep.equal([]);
  expect(run.acknowledged.size, 'acknowledged').to.equal(run.submitted.length);
  expect(check.ackMismatches.slice(0, 5), 'acknowledged events sealed once with their seal').to.deep.equal(
    [],
  );
  expect(check.sealed, 'sealed').to.equal(run.submitted.length);
  expect(check.duplicates, 'duplicates').to.equal(0);
  expect(check.gaps, 'gaps').to.equal(0);
  expect(check.chainErrors.slice(0, 5), 'hash chain').to.deep.equal([]);
  expect(check.rootMatches, 'Merkle root recomputed from the leaves').to.equal(true);
  expect(check.peerMismatches.slice(0, 5), 'second gateway byte for byte').to.deep.equal([]);
  expect(run.transfersFailed, 'transfers').to.equal(0);
}
