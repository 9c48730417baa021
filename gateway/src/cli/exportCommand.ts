/**
 * `ledger export` and `ledger verify-export`: write a verifiable export of a journal range from a
 * gateway, and check one fully offline. Defines the commands; `export.ts` runs them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VerifyExportOptions } from '../export/verifyExport';
import { newProgram, paragraph, UsageError, type Command } from './commandLine';
import { addConnectionOptions, connectGateway } from './connectionOptions';
import { addSignerOptions, signerPolicyOf } from './signerOptions';

const EXIT_STATUS = 'Exit status: 0 ok, 1 failed (what failed is printed), 2 usage error.';

const EXPORT_DESCRIPTION = `write entries N..M (default M: the tip) into DIR, a new or empty folder, as JSON-lines shards of K
entries plus DIR/manifest.json (range, count, SHA-256 of each shard, the signed digest the range is
proved against, the signer's certificate, the proof); progress with rate and ETA on stderr`;

const VERIFY_DESCRIPTION = `check an export offline: shard hashes, every entry's hashes and hash-chain link, the Merkle root of
the range (from the prefix subtrees and every exported entry's leaf) against the signed digest by
consistency proof, the digest signature, and that the signer may sign digests: a gateway identity
(ledger.role=gateway) issued by the CA in --org-ca or by a member CA of the trust file --trust
(written by 'ledger trust add'; it may also pin the signers), valid at --at (ISO 8601, default now),
not revoked by a --crl of its CA; prints a JSON report, names the first bad entry. With neither
--org-ca nor --trust the signer is not checked (a warning on stderr).`;

function integer(name: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name}: got ${text ?? 'nothing'}, want an integer ≥ 1`);
  }
  return n;
}

interface ExportFlags {
  readonly from: string;
  readonly to?: string;
  readonly out: string;
  readonly shardSize: string;
}

async function runExport(command: Command): Promise<void> {
  const flags = command.opts<ExportFlags>();
  if (flags.out === '') throw new UsageError('export needs --out DIR');
  const fromSequence = integer('from', flags.from);
  const to = flags.to === undefined ? undefined : integer('to', flags.to);
  const shardSize = integer('shard-size', flags.shardSize);
  const { newProgressLine } = await import('../progress/progressLine');
  const { writeExport } = await import('../export/writeExport');
  const client = await connectGateway(command);
  const bar = newProgressLine(process.stderr, 'entries', 0, 0, true);
  const started = Date.now();
  try {
    const manifest = await writeExport({
      client,
      fromSequence,
      ...(to === undefined ? {} : { toSequence: to }),
      outDir: flags.out,
      shardSize,
      onProgress: (done, total) => {
        bar.update(done, total);
      },
    });
    bar.finish();
    const { fromSequence: from, toSequence, count, shards, digest } = manifest;
    const summary = { out: flags.out, fromSequence: from, toSequence, count, shards: shards.length };
    const proved = {
      treeSize: digest.treeSize,
      rootHash: digest.rootHash,
      seconds: (Date.now() - started) / 1000,
    };
    process.stdout.write(`${JSON.stringify({ ...summary, ...proved })}\n`);
  } finally {
    client.close();
  }
}

async function verifyOptions(command: Command): Promise<VerifyExportOptions> {
  const signers = await signerPolicyOf(command);
  if (signers === undefined) process.stderr.write((await import('./signerTrust')).NO_TRUST_ANCHOR_WARNING);
  const { newerDigest: newerFile, consistency: consistencyFile } = command.opts<{
    newerDigest?: string;
    consistency?: string;
  }>();
  if (consistencyFile !== undefined && newerFile === undefined) {
    throw new UsageError('--consistency needs --newer-digest FILE');
  }
  const { parseSavedConsistency, parseSavedDigest } = await import('../export/newerDigest');
  const consistency =
    consistencyFile === undefined ? undefined : parseSavedConsistency(fs.readFileSync(consistencyFile));
  return {
    ...(signers === undefined ? {} : { signers }),
    ...(newerFile === undefined
      ? {}
      : {
          newer: {
            digest: parseSavedDigest(fs.readFileSync(newerFile)),
            ...(consistency === undefined ? {} : { consistency }),
          },
        }),
  };
}

async function runVerify(dir: string, command: Command): Promise<void> {
  const { MANIFEST_FILE } = await import('../export/exportFormat');
  const { verifyExport } = await import('../export/verifyExport');
  const started = Date.now();
  const manifest = fs.readFileSync(path.join(dir, MANIFEST_FILE));
  const shards = new Map<string, Uint8Array>();
  for (const name of fs.readdirSync(dir)) {
    if (/^shard-[0-9]{6}\.jsonl$/.test(name)) shards.set(name, fs.readFileSync(path.join(dir, name)));
  }
  const result = verifyExport({ manifest, shards }, await verifyOptions(command));
  process.stdout.write(`${JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 })}\n`);
  if (!result.ok) {
    const bad =
      result.firstBadSequence === undefined ? '' : ` (first bad entry: sequence ${result.firstBadSequence})`;
    throw new Error(`verification failed: ${result.problems[0] ?? 'unknown'}${bad}`);
  }
}

/** `ledger export` and `ledger verify-export`, as one program whose first argument is the command. */
export function exportProgram(): Command {
  const program = newProgram('ledger', 'write a verifiable export of a journal range; check one offline')
    .usage('export|verify-export [options]')
    .addHelpText('after', `\n${EXIT_STATUS}`);
  const exporter = program
    .command('export')
    .description(paragraph(EXPORT_DESCRIPTION))
    .requiredOption('--from <N>', 'the first sequence number (an integer ≥ 1)')
    .option('--to <M>', 'the last sequence number (default: the tip)')
    .requiredOption('--out <DIR>', 'the folder to write, new or empty')
    .option('--shard-size <K>', 'entries per shard', '10000');

  addConnectionOptions(exporter)
    .addHelpText('after', EXIT_STATUS)
    .action(async (_options: unknown, command: Command) => {
      await runExport(command);
    });
  const verifier = program
    .command('verify-export')
    .description(paragraph(VERIFY_DESCRIPTION))
    .argument('<DIR>', 'the export folder')
    .option(
      '--newer-digest <FILE>',
      "also check that the export's digest is a prefix of a newer signed digest (saved with 'ledger digest > FILE')",
    )
    .option(
      '--consistency <FILE>',
      "the consistency proof between the two, saved with 'ledger consistency EXPORT_TREE_SIZE NEWER_TREE_SIZE > FILE' (needs --newer-digest)",
    )
    .addHelpText('after', `\n${EXIT_STATUS}`);
  addSignerOptions(verifier).action(async (dir: string, _options: unknown, command: Command) => {
    await runVerify(dir, command);
  });
  return program;
}
