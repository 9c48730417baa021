/**
 * `ledger audit --index FILE`: replays the journal from the peer's blocks (from block 0, through the
 * real sequencer into a throwaway in-memory index) and compares every seal and Merkle node of the
 * gateway index FILE with it. Prints one line per differing field and a summary; exit status 1 when
 * anything differs.
 */
import * as fs from 'node:fs';
import { openJournalIndex } from '../index/journalIndex';
import { compareWithLedger, formatAuditReport, type AuditReport } from '../audit/ledgerAudit';
import { replayJournal } from '../audit/journalReplay';
import { connectAs } from '../fabric/connect';
import { networkLayout, type PeerOrg } from '../fabric/networkLayout';
import { newLogger } from '../logger';

/** Options of {@link runAudit}, from the command line. */
export interface AuditCommandOptions {
  /** The gateway index (SQLite file) to audit; opened read-only. */
  readonly indexFile: string;
  /** Org whose peer serves the blocks, and its user (folder under users/). */
  readonly org: PeerOrg;
  readonly user: string;
  /** Stop replaying when no event comes for this long, ms. */
  readonly idleMs: number;
  /** Write the report as JSON to this file. */
  readonly reportFile?: string;
  readonly out: (line: string) => void;
}

const ORGS: readonly PeerOrg[] = ['org1', 'org2', 'org3'];

function orgOf(value: string): PeerOrg | undefined {
  return ORGS.find((org) => org === value);
}

function idleMsOf(value = '5000'): number | undefined {
  const ms = Number(value);
  return Number.isSafeInteger(ms) && ms >= 100 ? ms : undefined;
}

/**
 * Reads the audit's flags (`--index`, `--org`, `--user`, `--idle-ms`, `--report`) with environment
 * fallbacks LEDGER_GATEWAY_ORG and LEDGER_GATEWAY_USER.
 *
 * @returns the options, or a usage message.
 */
export function auditOptions(
  flag: (name: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): Omit<AuditCommandOptions, 'out'> | string {
  const indexFile = flag('index');
  if (indexFile === undefined) return 'audit needs --index FILE';
  const orgName = flag('org') ?? env.LEDGER_GATEWAY_ORG ?? 'org1';
  const org = orgOf(orgName);
  if (org === undefined) return `--org: got ${orgName}, want org1, org2 or org3`;
  const idleMs = idleMsOf(flag('idle-ms'));
  if (idleMs === undefined) return '--idle-ms: want an integer >= 100';
  const reportFile = flag('report');
  const user = flag('user') ?? env.LEDGER_GATEWAY_USER ?? 'gateway1';
  return { indexFile, org, user, idleMs, ...(reportFile === undefined ? {} : { reportFile }) };
}

/**
 * Runs the audit.
 *
 * @returns the report (also printed).
 * @throws Error when the index cannot be opened or the peer's events cannot be read.
 */
export async function runAudit(options: Readonly<AuditCommandOptions>): Promise<AuditReport> {
  if (!fs.existsSync(options.indexFile)) throw new Error(`--index: no such file ${options.indexFile}`);
  const index = openJournalIndex(options.indexFile, { readonly: true });
  const layout = networkLayout();
  const fabric = connectAs({ org: layout.orgs[options.org], user: options.user });
  const logger = newLogger({ level: 'warn', fields: { service: 'ledger-audit' } });
  const started = Date.now();
  try {
    const checkpoint = index.checkpoint();
    const ledger = await replayJournal({
      network: fabric.gateway.getNetwork(layout.channelName),
      chaincodeName: layout.chaincodeName,
      logger,
      idleMs: options.idleMs,
      ...(checkpoint === undefined ? {} : { until: checkpoint }),
      onProgress: (size, block) => {
        process.stderr.write(`audit: replayed ${size} entries (block ${block})\n`);
      },
      progressEvery: 5000,
    });
    const report = compareWithLedger(ledger, index);
    ledger.close();
    for (const line of formatAuditReport(report)) options.out(line);
    options.out(`audit took ${Date.now() - started} ms`);
    if (options.reportFile !== undefined) {
      fs.writeFileSync(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    }
    return report;
  } finally {
    fabric.close();
    index.close();
  }
}
