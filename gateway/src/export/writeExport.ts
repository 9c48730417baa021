/**
 * Writes a journal export from a gateway: the range through a bounded StreamEvents call, cut into
 * JSON-lines shards, then the proof that ties the range to a signed digest, then `manifest.json`
 * (written last, so a folder with a manifest holds a complete export).
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LedgerClient } from '../client/ledgerClient';
import { channelOfSigningBytes, toHex } from '../core';
import type { LedgerDigest__Output } from '../generated/ledger/LedgerDigest';
import type { StreamItem__Output } from '../generated/ledger/StreamItem';
import { newExportAssembler, type ExportShard } from './exportAssembler';
import {
  DEFAULT_SHARD_SIZE,
  encodeManifest,
  entryFromSeal,
  MANIFEST_FILE,
  type ExportManifest,
  type ManifestDigest,
  type ManifestProof,
} from './exportFormat';

/** Options of {@link writeExport}. */
export interface WriteExportOptions {
  readonly client: LedgerClient;
  readonly fromSequence: number;
  /** Last sequence number; default the journal's tip when the export starts. */
  readonly toSequence?: number;
  readonly outDir: string;
  /** Entries per shard (default 10,000). */
  readonly shardSize?: number;
  /** Called as entries arrive: how many of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

function manifestDigest(answer: LedgerDigest__Output): ManifestDigest {
  // The channel is in the signed bytes of a channel other than the gateway's main one (v3).
  const channel = channelOfSigningBytes(new Uint8Array(answer.signedBytes));
  return {
    treeSize: Number(answer.treeSize),
    rootHash: answer.rootHash,
    chainTipHash: answer.chainTipHash,
    lastBlockNumber: answer.lastBlockNumber,
    signature: toHex(answer.signature),
    certificatePem: new X509Certificate(answer.certificatePem).toString(),
    ...(channel === undefined ? {} : { channel }),
  };
}

/**
 * The frontier of the tree of the first `from - 1` entries, left to right. The audit path of the last
 * leaf of a tree holds exactly the perfect subtrees to its left, smallest first: the inclusion proof of
 * entry `from` in the tree of size `from`, reversed. The verifier needs no trust in it: a wrong hash
 * gives a root that the consistency proof refuses.
 */
async function prefixOf(client: LedgerClient, from: number): Promise<string[]> {
  if (from === 1) return [];
  const proof = await client.getInclusionProof(from, from);
  return [...proof.hashes].reverse();
}

async function rangeProof(
  client: LedgerClient,
  from: number,
  to: number,
  size: number,
): Promise<ManifestProof> {
  const prefix = await prefixOf(client, from);
  const proof = await client.getConsistencyProof(to, size);
  return { kind: 'consistency', prefix, hashes: proof.hashes };
}

/**
 * Makes sure `outDir` is a new or empty real folder, creating it if needed. A symbolic link, a file, or
 * a folder with anything in it is refused: files planted there beforehand (a symlink named like a
 * shard, pointing elsewhere) must not be followed or overwritten.
 *
 * @throws Error naming the folder and what is wrong with it.
 */
function prepareOutDir(outDir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(outDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(outDir, { recursive: true });
    return;
  }
  if (stat.isSymbolicLink()) throw new Error(`${outDir} is a symbolic link; give a new or empty folder`);
  if (!stat.isDirectory()) throw new Error(`${outDir} is not a folder; give a new or empty folder`);
  if (fs.existsSync(path.join(outDir, MANIFEST_FILE))) throw new Error(`${outDir} already holds an export`);
  if (fs.readdirSync(outDir).length > 0)
    throw new Error(`${outDir} is not empty; give a new or empty folder`);
}

/** Creates `file` exclusively: an existing file or symbolic link of that name is an error, not followed. */
function writeNew(file: string, content: string): void {
  fs.writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
}

/**
 * Exports `fromSequence..toSequence` into `outDir`.
 *
 * @param options - client, range, folder, shard size, progress callback.
 * @returns the manifest written.
 * @throws Error when the range is empty or beyond the tip, the folder is not new or empty (or is a
 *   symbolic link), a file of the export appears in it while it is written, or the stream ends early.
 */
export async function writeExport(options: Readonly<WriteExportOptions>): Promise<ExportManifest> {
  const { client, outDir, fromSequence: from } = options;
  const digest = await client.getDigest();
  const size = Number(digest.treeSize);
  const to = options.toSequence ?? size;
  if (!(from >= 1 && to >= from && to <= size)) {
    throw new Error(`export range ${from}..${to}: want 1 ≤ from ≤ to ≤ ${size} (the journal's tip)`);
  }
  prepareOutDir(outDir);
  const assembler = newExportAssembler(from, to, options.shardSize ?? DEFAULT_SHARD_SIZE);
  const write = (shard: ExportShard | undefined): void => {
    if (shard !== undefined) writeNew(path.join(outDir, shard.info.file), shard.content);
  };
  const total = to - from + 1;
  const stream = client.streamEvents({ fromSequence: from, toSequence: to, includePayload: true });
  for await (const item of stream as AsyncIterable<StreamItem__Output>) {
    if (item.seal == null) continue;
    write(assembler.add(entryFromSeal(item.seal)));
    options.onProgress?.(assembler.count, total);
  }
  write(assembler.finish());
  const manifest = assembler.manifest(manifestDigest(digest), await rangeProof(client, from, to, size));
  writeNew(path.join(outDir, MANIFEST_FILE), encodeManifest(manifest));
  return manifest;
}
