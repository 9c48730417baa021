/**
 * `ledger qldb verify`: verify Amazon QLDB journal exports, a digest and GetBlock / GetRevision proofs
 * offline. Reads the files, calls the pure verifier (`gateway/src/qldb/verifyQldb.ts`), prints the
 * report. Returns the exit status rather than exiting, so that tests can run it.
 */
import * as fs from 'node:fs';
import { JournalFormatError } from '../qldb/journalBlock';
import {
  parseDigestOutput,
  parseGetBlockOutput,
  parseGetRevisionOutput,
  type QldbDigest,
} from '../qldb/proofs';
import { QldbVerificationError } from '../qldb/verifyBlock';
import { verifyQldb, type QldbVerifyReport } from '../qldb/verifyQldb';
import { readExportFolder, type FolderExport } from './qldbExportFolder';
import { QLDB_IMPORT_USAGE } from './qldbImportUsage';

/** `ledger qldb --help`. */
export const QLDB_USAGE = `Usage:
  ledger qldb verify DIR [DIR ...] [--digest FILE] [--block FILE ...] [--revision FILE ...]
                     [--summary]
      verify Amazon QLDB journal exports offline, with no AWS account and no network. Each DIR holds
      one or more exports as downloaded from S3 (aws s3 cp --recursive s3://BUCKET/PREFIX DIR):
      <exportId>.started.manifest, <exportId>.<strandId>.completed.manifest and the data objects, in
      ION_TEXT, ION_BINARY or JSON (JSON Lines). Several exports of one ledger are joined per strand;
      a gap or an overlap between them, or exports of different ledgers, are refused.
      Every block: entriesHash = Merkle root of entriesHashList; blockHash = dot(entriesHash,
      previousBlockHash); previousBlockHash = the blockHash of the block before it; the Merkle root of
      its revision hashes, the Ion hash of transactionInfo and of redactionInfo are in entriesHashList.
      Every revision: its hash recomputed from metadata and data ("recomputed"), from metadata and the
      published dataHash when redacted ("recomputed-from-data-hash"), or, where it cannot be (system
      entries with only a hash, deleted revisions, and every revision of a JSON Lines export, whose
      Ion types were lost), bound to its block only ("in-block", with the reason).
      --digest FILE    the output of 'aws qldb get-digest' (Digest, DigestTipAddress): its tip must be
                       a block of an exported strand, not before the export's first block
      --block FILE     the output of 'aws qldb get-block' (with --digest-tip-address of the digest):
                       its proof folds from the block hash to the digest, and an exported block at that
                       address has the same hash. Repeatable; needs --digest
      --revision FILE  the output of 'aws qldb get-revision': the revision hash recomputed, found in
                       the exported block, and its proof folds to the digest. Repeatable; needs --digest
      --summary        print strands, digest and proofs, without the per-block and per-revision report
  Prints a JSON report on stdout. On failure, names the first failure on stderr: block address, field,
  expected and computed values. Exit status: 0 verified, 1 failed (what failed is printed), 2 usage
  error.

${QLDB_IMPORT_USAGE}`;

/** A command line that cannot be run; exit status 2. */
export class UsageError extends Error {}

/** Arguments of `qldb verify`. */
export interface QldbArgs {
  readonly dirs: string[];
  readonly digest?: string;
  readonly blocks: string[];
  readonly revisions: string[];
  readonly summary: boolean;
}

function takeValue(argv: readonly string[], i: number, name: string): string {
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a FILE`);
  return value;
}

/** Takes one option (and its value) at argv[i]; returns how many arguments it used. */
function takeOption(argv: readonly string[], i: number, into: MutableArgs): number {
  const arg = argv[i] ?? '';
  if (arg === '--summary') {
    into.summary = true;
    return 1;
  }
  const lists: Record<string, string[]> = { '--block': into.blocks, '--revision': into.revisions };
  const list = lists[arg];
  if (list !== undefined) list.push(takeValue(argv, i, arg));
  else if (arg === '--digest') into.digest = takeValue(argv, i, arg);
  else throw new UsageError(`unknown option ${arg}`);
  return 2;
}

interface MutableArgs {
  dirs: string[];
  digest?: string;
  blocks: string[];
  revisions: string[];
  summary: boolean;
}

/** Parses `verify ...` arguments. */
function parseArgs(argv: readonly string[]): QldbArgs {
  const args: MutableArgs = { dirs: [], blocks: [], revisions: [], summary: false };
  for (let i = 0; i < argv.length;) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) i += takeOption(argv, i, args);
    else {
      args.dirs.push(arg);
      i++;
    }
  }
  if (args.dirs.length === 0) throw new UsageError('qldb verify needs at least one export folder DIR');
  if (args.digest === undefined && args.blocks.length + args.revisions.length > 0) {
    throw new UsageError('--block and --revision need --digest FILE');
  }
  return args;
}

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JournalFormatError(`${file}: not JSON`);
  }
}

/** Refuses exports of different ledgers (by the started manifests' ledgerName). */
function requireOneLedger(exports: readonly FolderExport[]): void {
  const named = exports.filter((e) => e.ledgerName !== undefined);
  const names = new Set(named.map((e) => e.ledgerName));
  if (names.size > 1) {
    const list = named.map((e) => `${e.exportId}: ${e.ledgerName ?? ''}`).join(', ');
    throw new JournalFormatError(`exports of different ledgers (${list})`);
  }
}

/** What the report says of each export read. */
function describeExport(e: FolderExport): Omit<FolderExport, 'segments'> {
  return {
    folder: e.folder,
    exportId: e.exportId,
    ...(e.ledgerName === undefined ? {} : { ledgerName: e.ledgerName }),
    outputFormat: e.outputFormat,
    dataObjects: e.dataObjects,
  };
}

/** What {@link verifyExports} read and verified. */
export interface VerifiedExports {
  readonly exports: FolderExport[];
  readonly report: QldbVerifyReport & { exports: Omit<FolderExport, 'segments'>[] };
}

/**
 * Reads the export folders and verifies them, with the digest and proofs when given (what `ledger
 * qldb verify` does, and `ledger qldb import` before it imports anything).
 *
 * @throws QldbVerificationError or JournalFormatError naming the first failure.
 */
export function verifyExports(args: Omit<QldbArgs, 'summary'>): VerifiedExports {
  const exports = args.dirs.flatMap((dir) => readExportFolder(dir));
  requireOneLedger(exports);
  const report = verifyQldb({
    segments: exports.flatMap((e) => e.segments),
    ...(args.digest === undefined ? {} : { digest: parseDigestOutput(readJson(args.digest), args.digest) }),
    blocks: args.blocks.map((f) => ({ source: f, answer: parseGetBlockOutput(readJson(f), f) })),
    revisions: args.revisions.map((f) => ({ source: f, answer: parseGetRevisionOutput(readJson(f), f) })),
  });
  return { exports, report: { ...report, exports: exports.map(describeExport) } };
}

/** Reads a digest file (the output of 'aws qldb get-digest'). */
export function readDigest(file: string): QldbDigest {
  return parseDigestOutput(readJson(file), file);
}

function run(args: QldbArgs): QldbVerifyReport & { exports: Omit<FolderExport, 'segments'>[] } {
  return verifyExports(args).report;
}

/** Output streams, so that tests can capture them. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The exit status and message of a failed qldb command.
 *
 * @param err - what was thrown.
 * @param command - `verify` or `import`, for the message.
 */
export function describeFailure(
  err: unknown,
  command = 'verify',
): { status: number; message: string; failure?: unknown } {
  if (err instanceof UsageError) return { status: 2, message: `usage: ${err.message}` };
  if (err instanceof QldbVerificationError) {
    return { status: 1, message: `qldb ${command}: FAILED at ${err.message}`, failure: err.failure };
  }
  if (err instanceof JournalFormatError)
    return { status: 1, message: `qldb ${command}: FAILED: ${err.message}` };
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES')
    return { status: 1, message: `qldb ${command}: ${(err as Error).message}` };
  throw err;
}

/** Runs `ledger qldb ARGS`; returns the exit status. */
export function runQldbCommand(argv: readonly string[], out: CommandOutput): number {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    out.stdout(QLDB_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  try {
    if (argv[0] !== 'verify')
      throw new UsageError(`unknown qldb command ${argv[0] ?? ''} (want: verify or import)`);
    const args = parseArgs(argv.slice(1));
    const report = run(args);
    const shown = args.summary ? { ...report, blocks: report.blocks.length } : report;
    out.stdout(`${JSON.stringify(shown)}\n`);
    return 0;
  } catch (err) {
    const { status, message, failure } = describeFailure(err);
    if (failure !== undefined) out.stdout(`${JSON.stringify({ ok: false, failure })}\n`);
    out.stderr(`${message}\n`);
    return status;
  }
}
