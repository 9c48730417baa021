// One partition scenario of the multi-host suites: the fault suites' workload (test/support/faults)
// against one of the network's own gateways (each in its org's host), a partition injected once half
// the events are acknowledged and healed, then the journal checked against every other gateway, and
// one row of the partition table (.test-results/partitions-report.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import { recordScenario, type ReportTable } from '../faults/faultReport';
import type { TransferAccounts } from '../faults/faultHarness';
import { checkJournal, type JournalCheck } from '../faults/journalCheck';
import {
  recoveryMs,
  startWorkload,
  WORKLOAD_SIZE,
  type RunningWorkload,
  type WorkloadResult,
} from '../faults/workload';
import { userCredentials } from '../testCertificates';
import { layout } from '../testNetwork';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** The partition suites' table. */
export const PARTITIONS_TABLE: ReportTable = {
  label: 'partitions',
  file: process.env.PARTITIONS_REPORT_FILE ?? path.join(REPO, '.test-results', 'partitions-report.json'),
};

/** Events per scenario: HOSTS_EVENTS (default 600; the fault suites' concurrency and transfers). */
export const PARTITION_EVENTS = ((): number => {
  const n = Number(process.env.HOSTS_EVENTS ?? 600);
  return Number.isSafeInteger(n) && n > 0 ? n : 600;
})();

/** One of the network's gateways (scripts/gateway-up.sh), reached at its host's address. */
export interface NetworkGateway {
  readonly org: string;
  /** host:port from its endpoint file (the org host's address in the multi-host mode). */
  readonly address: string;
  /** As the org's teller1 (submits). */
  readonly client: LedgerClient;
  /** As the org's auditor1 (reads and streams the whole journal). */
  readonly reader: LedgerClient;
  close(): void;
}

/**
 * A client of `org`'s running gateway, as its endpoint file (RUN/gateway/<org>/endpoint.json) says:
 * mutual TLS as the org's teller1 and auditor1 (the gateway's certificate must name the address), or
 * plaintext.
 */
export function networkGateway(org: string): NetworkGateway {
  const file = path.join(layout.runDir, 'gateway', org, 'endpoint.json');
  const endpoint = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    address: string;
    tls: boolean;
    caFile: string;
  };
  const clientAs = (user: string): LedgerClient =>
    endpoint.tls
      ? newLedgerClient(endpoint.address, {
          rootCertPem: fs.readFileSync(endpoint.caFile),
          ...userCredentials(org, user),
          timeoutMs: 60_000,
        })
      : newLedgerClient(endpoint.address, { insecure: true, timeoutMs: 60_000 });
  const client = clientAs('teller1');
  const reader = clientAs('auditor1');
  return {
    org,
    address: endpoint.address,
    client,
    reader,
    close: () => {
      client.close();
      reader.close();
    },
  };
}

/** What a partition did: when it was cut and from when recovery is measured, and a note for the table. */
export interface PartitionOutcome {
  readonly faultAt: number;
  /** Recovery is the time from here until acknowledgements flow again (the cut, or the heal). */
  readonly recoveryFrom: number;
  readonly note: string;
}

/** Options of {@link runPartitionScenario}. */
export interface PartitionScenarioOptions {
  readonly name: string;
  readonly primary: NetworkGateway;
  /** Gateways that must catch up and agree with the primary byte for byte afterwards. */
  readonly others: readonly NetworkGateway[];
  readonly accounts?: TransferAccounts;
  /** Cuts (and heals) while the workload runs; resolves when every host is back. */
  readonly inject: (workload: RunningWorkload) => Promise<PartitionOutcome>;
}

/** Result of {@link runPartitionScenario}: the workload, one journal check per other gateway, the fault. */
export interface PartitionResult {
  readonly run: WorkloadResult;
  readonly checks: readonly JournalCheck[];
  readonly fault: PartitionOutcome;
  readonly recoveryMs: number | undefined;
}

/**
 * Runs the scenario, checks the journal against every other gateway and records its row.
 *
 * @returns what happened (the caller asserts what its scenario promises).
 */
export async function runPartitionScenario(
  options: Readonly<PartitionScenarioOptions>,
): Promise<PartitionResult> {
  const events = PARTITION_EVENTS;
  const workload = startWorkload({
    scenario: options.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase(),
    events,
    concurrency: WORKLOAD_SIZE.concurrency,
    client: () => options.primary.client,
    ...(options.accounts === undefined
      ? {}
      : { transfers: { count: WORKLOAD_SIZE.transfers, ...options.accounts } }),
  });
  const injected = (async (): Promise<PartitionOutcome> => {
    await workload.acknowledgedAtLeast(Math.floor(events / 2));
    return options.inject(workload);
  })();
  const [run, fault] = await Promise.all([workload.done, injected]);
  const checks: JournalCheck[] = [];
  for (const other of options.others)
    checks.push(await checkJournal(options.primary.reader, other.reader, run));
  const first = checks[0];
  const recovery = recoveryMs(run.ackTimes, fault.recoveryFrom);
  const codes = Object.entries(run.failureCodes)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  recordScenario(
    {
      scenario: options.name,
      submitted: run.submitted.length,
      acknowledged: run.acknowledged.size,
      sealed: first?.sealed ?? 0,
      gaps: Math.max(0, ...checks.map((c) => c.gaps)),
      duplicates: Math.max(0, ...checks.map((c) => c.duplicates)),
      recoveryMs: recovery ?? null,
      retries: run.retries,
      elapsedMs: run.elapsedMs,
      note: `${fault.note}; failed attempts: ${codes || 'none'} (slowest ${(run.slowestFailureMs / 1000).toFixed(1)} s); transfers ${run.transfersApplied}/${run.transfersApplied + run.transfersFailed}; given up ${run.failed.size}; agree: ${options.others.map((o) => o.org).join(', ')}`,
    },
    PARTITIONS_TABLE,
  );
  return { run, checks, fault, recoveryMs: recovery };
}
