/**
 * `ledger qldb import`: verify a QLDB journal export against its digest, then journal every revision
 * as a `qldb-revision` entry and end with a `qldb-anchor` entry (the digest, its tip, every strand's
 * last block and a hash over the imported revision hashes). Batched, a few batches in flight,
 * resumable from a checkpoint file, with a progress line. Returns the exit status.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { connectAs } from '../fabric/connect';
import { networkLayout, type PeerOrg } from '../fabric/networkLayout';
import type { ImportItem } from '../migration/importBatches';
import { readImportCheckpoint, writeImportCheckpoint } from '../migration/importCheckpoint';
import { newFabricImportSink } from '../migration/fabricImportSink';
import { runImport, type SubmitImportBatch } from '../migration/importLoop';
import {
  anchorImportItem,
  blocksInImportOrder,
  checkLedgerName,
  revisionImportItems,
  revisionsSha256,
  type QldbImportItem,
} from '../qldb/importRecords';
import { strandTips } from '../qldb/verifyChain';
import { newProgressLine, type ProgressTarget } from './progressLine';
import { describeFailure, readDigest, UsageError, verifyExports, type CommandOutput } from './qldbCommand';

interface ImportArgs {
  readonly dirs: string[];
  readonly digest: string;
  readonly blocks: string[];
  readonly revisions: string[];
  readonly ledgerName?: string;
  readonly org: PeerOrg;
  readonly user: string;
  readonly checkpoint?: string;
  readonly batch: number;
  readonly inFlight: number;
  readonly progress: boolean;
}

const VALUE_OPTIONS = new Set([
  '--digest',
  '--block',
  '--revision',
  '--ledger-name',
  '--org',
  '--user',
  '--checkpoint',
  '--batch',
  '--in-flight',
]);

function integerOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name}: got ${value}, want an integer from ${min} to ${max}`);
  return n;
}

function collect(argv: readonly string[]): {
  dirs: string[];
  values: Map<string, string[]>;
  progress: boolean;
} {
  const dirs: string[] = [];
  const values = new Map<string, string[]>();
  let progress = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--progress') progress = true;
    else if (VALUE_OPTIONS.has(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      values.set(arg, [...(values.get(arg) ?? []), value]);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else dirs.push(arg);
  }
  return { dirs, values, progress };
}

function orgOption(value: string): PeerOrg {
  if (value !== 'org1' && value !== 'org2' && value !== 'org3') {
    throw new UsageError(`--org: got ${value}, want org1, org2 or org3`);
  }
  return value;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, string>>);
}

function parseImportArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ImportArgs {
  const { dirs, values, progress } = collect(argv);
  const one = (name: string): string | undefined => values.get(name)?.at(-1);
  if (dirs.length === 0) throw new UsageError('qldb import needs at least one export folder DIR');
  const digest = one('--digest');
  if (digest === undefined)
    throw new UsageError('qldb import needs --digest FILE (the anchor holds the digest)');
  return {
    dirs,
    digest,
    blocks: values.get('--block') ?? [],
    revisions: values.get('--revision') ?? [],
    ...optional('ledgerName', one('--ledger-name')),
    org: orgOption(one('--org') ?? env.LEDGER_ORG ?? 'org1'),
    user: one('--user') ?? env.LEDGER_USER ?? 'admin1',
    ...optional('checkpoint', one('--checkpoint')),
    batch: integerOption(one('--batch'), '--batch', 1, 500, 200),
    inFlight: integerOption(one('--in-flight'), '--in-flight', 1, 16, 4),
    progress,
  };
}

/** The import's records and what names it. */
interface PlannedImport {
  readonly ledgerName: string;
  readonly revisions: QldbImportItem[];
  readonly anchor: QldbImportItem;
  readonly fingerprint: string;
  readonly blocks: number;
}

function plan(args: ImportArgs): PlannedImport {
  const { exports } = verifyExports({
    dirs: args.dirs,
    digest: args.digest,
    blocks: args.blocks,
    revisions: args.revisions,
  });
  const digest = readDigest(args.digest);
  const named = args.ledgerName ?? exports.find((e) => e.ledgerName !== undefined)?.ledgerName;
  if (named === undefined) throw new UsageError('the exports name no ledger: give --ledger-name NAME');
  let ledgerName: string;
  try {
    ledgerName = checkLedgerName(named);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const segments = exports.flatMap((e) => e.segments);
  const blocks = blocksInImportOrder(segments);
  const revisions = revisionImportItems(ledgerName, blocks);
  const anchor = anchorImportItem(
    ledgerName,
    digest,
    strandTips(segments),
    revisions,
    exports.map((e) => e.exportId),
  );
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([anchor.importId, anchor.record.digest, revisions.length, revisionsSha256(revisions)]),
    )
    .digest('hex');
  return { ledgerName, revisions, anchor, fingerprint, blocks: blocks.length };
}

/** How the command reaches the network; tests replace it. */
export interface ImportConnector {
  (org: PeerOrg, user: string): { submit: SubmitImportBatch; close(): void };
}

/** Connects as the org's user to its peer, the `ledger` chaincode of the `ledger` channel. */
export const fabricImportConnector: ImportConnector = (org, user) => {
  const layout = networkLayout();
  const orgLayout = layout.orgs[org];
  const connection = connectAs({ org: orgLayout, user });
  const contract = connection.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
  return {
    submit: newFabricImportSink(contract),
    close: () => {
      connection.close();
    },
  };
};

function asImportItem(item: QldbImportItem): ImportItem {
  return { type: item.type, importId: item.importId, record: item.record };
}

async function importPlanned(
  args: ImportArgs,
  planned: PlannedImport,
  submit: SubmitImportBatch,
  progressTarget: ProgressTarget,
): Promise<Record<string, unknown>> {
  const items = [...planned.revisions, planned.anchor].map(asImportItem);
  const checkpointFile =
    args.checkpoint ?? path.resolve(`qldb-import-${planned.ledgerName}-${args.org}.checkpoint.json`);
  const startAt = readImportCheckpoint(checkpointFile, planned.fingerprint);
  const progress = newProgressLine(
    progressTarget,
    'revisions',
    items.length,
    startAt,
    args.progress || progressTarget.isTTY,
  );
  const started = Date.now();
  const checkpoint = (committed: number): void => {
    writeImportCheckpoint(checkpointFile, {
      fingerprint: planned.fingerprint,
      committed,
      total: items.length,
    });
  };
  const limits = { maxRecords: args.batch, maxBytes: 1024 * 1024 };
  // Revisions first (several batches in flight), then the anchor alone, once they all committed.
  const revisionsDone = await runImport({
    items: items.slice(0, -1),
    submit,
    limits,
    inFlight: args.inFlight,
    startAt: Math.min(startAt, items.length - 1),
    onCheckpoint: checkpoint,
    onProgress: (done) => {
      progress.update(done);
    },
  });
  const anchorDone = await runImport({
    items,
    submit,
    limits,
    inFlight: 1,
    startAt: Math.max(startAt, items.length - 1),
    onCheckpoint: checkpoint,
    onProgress: (done) => {
      progress.update(done);
    },
  });
  progress.finish(items.length);
  const conflicts = [...revisionsDone.conflicts, ...anchorDone.conflicts];
  if (conflicts.length > 0) {
    throw new ImportConflictError(
      `${conflicts.length} import id(s) were imported before by this org with other content, first ${conflicts[0] ?? ''}`,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const sent = items.length - 1 - Math.min(startAt, items.length - 1);
  return {
    ok: true,
    ledgerName: planned.ledgerName,
    blocks: planned.blocks,
    revisions: planned.revisions.length,
    imported: revisionsDone.imported,
    skipped: revisionsDone.skipped,
    resumedAfter: revisionsDone.resumedAfter,
    anchor: {
      importId: planned.anchor.importId,
      imported: anchorDone.imported === 1,
      ...planned.anchor.record,
    },
    checkpoint: checkpointFile,
    seconds: Number(seconds.toFixed(3)),
    revisionsPerSecond: seconds > 0 ? Number((sent / seconds).toFixed(1)) : 0,
  };
}

/** Ids the org imported before with other content. */
export class ImportConflictError extends Error {}

/**
 * Runs `ledger qldb import ARGS`.
 *
 * @param argv - the arguments after `import`.
 * @param out - stdout and stderr.
 * @param connector - how to reach the network.
 * @returns the exit status.
 */
export async function runQldbImport(
  argv: readonly string[],
  out: CommandOutput & { readonly stderrIsTTY?: boolean },
  connector: ImportConnector = fabricImportConnector,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let connection: ReturnType<ImportConnector> | undefined;
  try {
    const args = parseImportArgs(argv, env);
    // Verify everything before reaching the network: nothing is imported unless it all verifies.
    const planned = plan(args);
    connection = connector(args.org, args.user);
    const report = await importPlanned(args, planned, connection.submit, {
      write: (text) => {
        out.stderr(text);
      },
      isTTY: out.stderrIsTTY ?? false,
    });
    out.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ImportConflictError) {
      out.stderr(`qldb import: FAILED: ${err.message}\n`);
      return 1;
    }
    let described: ReturnType<typeof describeFailure>;
    try {
      described = describeFailure(err, 'import');
    } catch {
      out.stderr(`qldb import: FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    if (described.failure !== undefined)
      out.stdout(`${JSON.stringify({ ok: false, failure: described.failure })}\n`);
    out.stderr(`${described.message}\n`);
    return described.status;
  } finally {
    connection?.close();
  }
}
