/**
 * `ledger audit --index FILE | --address HOST:PORT`: replays the journal from the peer's blocks (from
 * block 0, through the real sequencer into a throwaway in-memory index) and compares every seal and
 * Merkle node of the gateway index FILE with it, or every seal and the root a live gateway serves. Prints one line per differing field and a summary; exit status 1 when
 * anything differs.
 */
import * as fs from 'node:fs';
import type { Network } from '@hyperledger/fabric-gateway';
import { compareGatewayWithLedger } from '../audit/gatewayAudit';
import type { LedgerClient } from '../client/ledgerClient';
import type { SealedEvent__Output } from '../generated/ledger/SealedEvent';
import type { StreamItem__Output } from '../generated/ledger/StreamItem';
import { openJournalIndex } from '../index/journalIndex';
import { compareWithLedger, formatAuditReport, type AuditReport } from '../audit/ledgerAudit';
import { replayJournal } from '../audit/journalReplay';
import { connectAs } from '../fabric/connect';
import { defaultOrg, networkLayout, peerOrgNames, type PeerOrg, orgLayout } from '../fabric/networkLayout';
import { newLogger } from '../logger';

/** Options of {@link runAudit}, from the command line. */
export interface AuditCommandOptions {
  /** The gateway index (SQLite file) to audit; opened read-only. */
  readonly indexFile?: string;
  /** Or a live gateway: its served seals and root are audited. */
  readonly gateway?: LedgerClient;
  /** Org whose peer serves the blocks, and its user (folder under users/). */
  readonly org: PeerOrg;
  readonly user: string;
  /** Stop replaying when no event comes for this long, ms. */
  readonly idleMs: number;
  /** Write the report as JSON to this file. */
  readonly reportFile?: string;
  readonly out: (line: string) => void;
}

function orgOf(value: string): PeerOrg | undefined {
  return peerOrgNames().find((org) => org === value);
}

/** The optional file flags, present only when given. */
function optional(flag: (name: string) => string | undefined): { indexFile?: string; reportFile?: string } {
  const indexFile = flag('index');
  const reportFile = flag('report');
  return {
    ...(indexFile === undefined ? {} : { indexFile }),
    ...(reportFile === undefined ? {} : { reportFile }),
  };
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
  const address = flag('address') ?? env.LEDGER_GATEWAY_ADDRESS;
  if (indexFile === undefined && address === undefined) {
    return 'audit needs --index FILE (a gateway index) or --address HOST:PORT (a live gateway)';
  }
  const orgName = flag('org') ?? env.LEDGER_GATEWAY_ORG ?? defaultOrg(networkLayout(env));
  const org = orgOf(orgName);
  if (org === undefined) return `--org: got ${orgName}, want one of ${peerOrgNames(env).join(', ')}`;
  const idleMs = idleMsOf(flag('idle-ms'));
  if (idleMs === undefined) return '--idle-ms: want an integer >= 100';
  return { org, user: flag('user') ?? env.LEDGER_GATEWAY_USER ?? 'gateway1', idleMs, ...optional(flag) };
}

/** Every seal 1..size a live gateway serves, with its root at that size. */
async function readServed(client: LedgerClient): Promise<{ seals: SealedEvent__Output[]; root: string }> {
  const size = Number((await client.getDigest()).treeSize);
  if (size === 0) return { seals: [], root: '' };
  const seals: SealedEvent__Output[] = [];
  const call = client.streamEvents({ fromSequence: '1', toSequence: String(size), includePayload: true });
  for await (const item of call as AsyncIterable<StreamItem__Output>) {
    if (item.seal !== null && item.seal !== undefined) seals.push(item.seal);
  }
  return { seals, root: (await client.getConsistencyProof(size, size)).firstRoot };
}

/** Replays the journal from the blocks and compares it with the index file or the live gateway. */
async function audit(
  options: Readonly<AuditCommandOptions>,
  network: Pick<Network, 'getChaincodeEvents'>,
  chaincodeName: string,
): Promise<AuditReport> {
  const logger = newLogger({ level: 'warn', fields: { service: 'ledger-audit' } });
  const replay = {
    network,
    chaincodeName,
    logger,
    idleMs: options.idleMs,
    onProgress: (size: number, block: bigint) => {
      process.stderr.write(`audit: replayed ${size} entries (block ${block})\n`);
    },
    progressEvery: 5000,
  };
  if (options.indexFile === undefined) {
    if (options.gateway === undefined) throw new Error('audit needs an index file or a gateway');
    const served = await readServed(options.gateway);
    const ledger = await replayJournal({ ...replay, untilSize: served.seals.length });
    try {
      return compareGatewayWithLedger(ledger, served.seals, served.root);
    } finally {
      ledger.close();
    }
  }
  if (!fs.existsSync(options.indexFile)) throw new Error(`--index: no such file ${options.indexFile}`);
  const index = openJournalIndex(options.indexFile, { readonly: true });
  try {
    const checkpoint = index.checkpoint();
    const ledger = await replayJournal({
      ...replay,
      ...(checkpoint === undefined ? {} : { until: checkpoint }),
    });
    const report = compareWithLedger(ledger, index);
    ledger.close();
    return report;
  } finally {
    index.close();
  }
}

/**
 * Runs the audit.
 *
 * @returns the report (also printed).
 * @throws Error when the index cannot be opened or the peer's events cannot be read.
 */
export async function runAudit(options: Readonly<AuditCommandOptions>): Promise<AuditReport> {
  const layout = networkLayout();
  const fabric = connectAs({ org: orgLayout(layout, options.org), user: options.user });
  const started = Date.now();
  try {
    const report = await audit(options, fabric.gateway.getNetwork(layout.channelName), layout.chaincodeName);
    for (const line of formatAuditReport(report)) options.out(line);
    options.out(`audit took ${Date.now() - started} ms`);
    if (options.reportFile !== undefined) {
      fs.writeFileSync(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    }
    return report;
  } finally {
    fabric.close();
  }
}
