/**
 * What `ledger qldb verify` does once its command line is parsed: reads the export folders, the
 * digest and proofs, calls the pure verifier (`gateway/src/qldb/verifyQldb.ts`) and prints the report.
 * Loaded by the command's action (it loads ion-js), not by `--help`.
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
import { UsageError } from './commandLine';
import { readExportFolder, type FolderExport } from './qldbExportFolder';

/** What to verify: export folders, and the digest and proofs when given. */
export interface QldbArgs {
  readonly dirs: readonly string[];
  readonly digest?: string;
  readonly blocks: readonly string[];
  readonly revisions: readonly string[];
}

/** Output streams, so that tests can capture them. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
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
export function verifyExports(args: QldbArgs): VerifiedExports {
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

/**
 * The exit status and message of a failed qldb command.
 *
 * @param err - what was thrown.
 * @param command - `verify` or `import`, for the message.
 * @throws err when it is none of the failures a qldb command names.
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

/**
 * Verifies and prints the JSON report (blocks as a count with `summary`); on failure prints it and
 * names it on stderr.
 *
 * @returns the exit status: 0 verified, 1 failed, 2 usage error.
 */
export function verifyAndReport(args: QldbArgs, summary: boolean, out: CommandOutput): number {
  try {
    const { report } = verifyExports(args);
    const shown = summary ? { ...report, blocks: report.blocks.length } : report;
    out.stdout(`${JSON.stringify(shown)}\n`);
    return 0;
  } catch (err) {
    const { status, message, failure } = describeFailure(err);
    if (failure !== undefined) out.stdout(`${JSON.stringify({ ok: false, failure })}\n`);
    out.stderr(`${message}\n`);
    return status;
  }
}
