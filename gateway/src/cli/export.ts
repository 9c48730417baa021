#!/usr/bin/env node
/**
 * `ledger export` and `ledger verify-export`: write a verifiable export of a journal range from a
 * gateway, and check one fully offline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FILE } from '../export/exportFormat';
import { parseSavedConsistency, parseSavedDigest } from '../export/newerDigest';
import { verifyExport, type VerifyExportOptions } from '../export/verifyExport';
import { writeExport } from '../export/writeExport';
import {
  CONNECTION_SWITCHES,
  connectFromFlags,
  describeError,
  GATEWAY_CONNECTION_HELP,
  MemberConnectionError,
} from './gatewayFlags';
import { newProgressLine } from './progressLine';
import { NO_TRUST_ANCHOR_WARNING, SignerFlagError, signerPolicyFromFlags } from './signerTrust';

const USAGE = `Usage:
  ledger export --from N [--to M] --out DIR [--shard-size K]
      write entries N..M (default M: the tip) into DIR, a new or empty folder, as JSON-lines shards
      of K entries (default 10000)
      plus DIR/manifest.json (range, count, SHA-256 of each shard, the signed digest the range is
      proved against, the signer's certificate, the proof); progress with rate and ETA on stderr
  ledger verify-export DIR [--org-ca FILE | --trust FILE] [--crl FILE ...] [--at TIME]
                         [--newer-digest FILE [--consistency FILE]]
      check an export offline: shard hashes, every entry's hashes and hash-chain link, the Merkle
      root of the range (from the prefix subtrees and every exported entry's leaf) against the signed
      digest by consistency proof, the digest signature, and that the signer may sign digests: a
      gateway identity (ledger.role=gateway) issued by the CA in --org-ca or by a member CA of the
      trust file --trust (written by 'ledger trust add'; it may also pin the signers), valid at --at
      (ISO 8601, default now), not revoked by a --crl of its CA; prints a JSON report, names the first
      bad entry. With neither --org-ca nor --trust the signer is not checked (a warning on stderr).
      --newer-digest: also check that the export's digest is a prefix of a newer signed digest (saved
      with 'ledger digest > FILE'), through the consistency proof saved with
      'ledger consistency EXPORT_TREE_SIZE NEWER_TREE_SIZE > FILE' (--consistency)

Options (export): ${GATEWAY_CONNECTION_HELP}Exit status: 0 ok, 1 failed (what failed is printed), 2 usage error.
`;

class UsageError extends Error {}

interface Args {
  readonly positional: string[];
  readonly flags: Map<string, string>;
  /** Every --crl given. */
  readonly crls: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  const crls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    flags.set(name, CONNECTION_SWITCHES.includes(name) || name === 'help' ? 'true' : (argv[++i] ?? ''));
    if (name === 'crl') crls.push(flags.get(name) ?? '');
  }
  return { positional, flags, crls };
}

function integer(a: Args, name: string, fallback?: number): number {
  const text = a.flags.get(name);
  if (text === undefined && fallback !== undefined) return fallback;
  const n = Number(text);
  if (text === undefined || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name}: got ${text ?? 'nothing'}, want an integer ≥ 1`);
  }
  return n;
}

async function runExport(a: Args): Promise<void> {
  const outDir = a.flags.get('out');
  if (outDir === undefined || outDir === '') throw new UsageError('export needs --out DIR');
  const fromSequence = integer(a, 'from');
  const to = a.flags.has('to') ? integer(a, 'to') : undefined;
  const client = connectFromFlags(
    (name) => a.flags.get(name),
    (name) => a.flags.has(name),
  );
  const bar = newProgressLine(process.stderr, 'entries', 0, 0, true);
  const started = Date.now();
  try {
    const manifest = await writeExport({
      client,
      fromSequence,
      ...(to === undefined ? {} : { toSequence: to }),
      outDir,
      shardSize: integer(a, 'shard-size', 10_000),
      onProgress: (done, total) => {
        bar.update(done, total);
      },
    });
    bar.finish();
    const { fromSequence: from, toSequence, count, shards, digest } = manifest;
    const summary = { out: outDir, fromSequence: from, toSequence, count, shards: shards.length };
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

function verifyOptions(a: Args): VerifyExportOptions {
  let signers;
  try {
    signers = signerPolicyFromFlags(
      { orgCa: a.flags.get('org-ca'), trust: a.flags.get('trust'), crls: a.crls, at: a.flags.get('at') },
      new Date(),
    );
  } catch (err) {
    if (err instanceof SignerFlagError) throw new UsageError(err.message);
    throw err;
  }
  if (signers === undefined) process.stderr.write(NO_TRUST_ANCHOR_WARNING);
  const newerFile = a.flags.get('newer-digest');
  const consistencyFile = a.flags.get('consistency');
  if (consistencyFile !== undefined && newerFile === undefined) {
    throw new UsageError('--consistency needs --newer-digest FILE');
  }
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

function runVerify(a: Args): void {
  const dir = a.positional[1];
  if (dir === undefined) throw new UsageError('verify-export DIR');
  const started = Date.now();
  const manifest = fs.readFileSync(path.join(dir, MANIFEST_FILE));
  const shards = new Map<string, Uint8Array>();
  for (const name of fs.readdirSync(dir)) {
    if (/^shard-[0-9]{6}\.jsonl$/.test(name)) shards.set(name, fs.readFileSync(path.join(dir, name)));
  }
  const result = verifyExport({ manifest, shards }, verifyOptions(a));
  process.stdout.write(`${JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 })}\n`);
  if (!result.ok) {
    const bad =
      result.firstBadSequence === undefined ? '' : ` (first bad entry: sequence ${result.firstBadSequence})`;
    throw new Error(`verification failed: ${result.problems[0] ?? 'unknown'}${bad}`);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const a = parseArgs(argv);
  const command = a.positional[0];
  if (a.flags.has('help')) {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'export') await runExport(a);
  else if (command === 'verify-export') runVerify(a);
  else throw new UsageError(`unknown command ${command ?? ''}\n${USAGE}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const usageError = err instanceof UsageError || err instanceof MemberConnectionError;
  process.stderr.write(`${usageError ? 'usage: ' : ''}${describeError(err)}\n`);
  process.exitCode = usageError ? 2 : 1;
});
