// A fabricated journal written as a complete, internally consistent export whose digest a given key
// signs: what an attacker with some certificate of a member CA could make. Whether `ledger
// verify-export` accepts it depends only on who signed the digest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  eventHash,
  entryHash,
  GENESIS_PREVIOUS_HASH,
  fromHex,
  journalLeafHash,
  newMemoryMerkleTree,
  signDigest,
  toHex,
} from '@gateway/core';
import { newExportAssembler } from '@gateway/export/exportAssembler';
import { encodeManifest, MANIFEST_FILE, type ExportEntry } from '@gateway/export/exportFormat';

/** The digest signer of a forged export: a certificate and its private key (PEM). */
export interface ForgedSigner {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** Three linked event entries: a fabricated journal. */
function forgedEntries(): ExportEntry[] {
  const entries: ExportEntry[] = [];
  let previous = GENESIS_PREVIOUS_HASH;
  for (let seq = 1; seq <= 3; seq++) {
    const payload = Buffer.from(`forged payment ${seq}`);
    const eventId = `forged-${seq}`;
    const hash = eventHash({ sequenceNumber: BigInt(seq), eventId, payload, previousHash: previous });
    const fields = {
      sequenceNumber: seq,
      eventId,
      payload: payload.toString('base64'),
      eventHash: toHex(hash),
      previousHash: toHex(previous),
      sealedTimestamp: '1767323045678',
      blockNumber: String(10 + seq),
      transactionId: `${seq}`.padStart(64, '0'),
      entryIndex: 0,
      entryType: 'event',
      vepsSignature: 'sig',
      vepsTimestamp: '1702234567890',
      metadata: {},
      submitterMspId: 'Org1MSP',
      submitterId: 'x509::/CN=gateway1::/CN=ca.org1',
      submitterCertSha256: '1'.repeat(64),
      clientCertSha256: '2'.repeat(64),
      clientSubject: 'CN=client1',
    };
    const record = {
      ...fields,
      blockNumber: BigInt(fields.blockNumber),
      sealedTimestamp: 1767323045678n,
      vepsTimestamp: 1702234567890n,
    };
    entries.push({ ...fields, entryHash: toHex(entryHash(record)) });
    previous = hash;
  }
  return entries;
}

/**
 * Writes a complete export of a fabricated 3-entry journal whose digest `signer` signs.
 *
 * @param dir - an empty folder.
 * @param signer - the digest signer.
 */
export function writeForgedExport(dir: string, signer: ForgedSigner): void {
  const entries = forgedEntries();
  const tree = newMemoryMerkleTree();
  for (const e of entries) tree.append(journalLeafHash(fromHex(e.eventHash), fromHex(e.entryHash)));
  const last = entries[2];
  if (last === undefined) throw new Error('no entries');
  const digest = {
    treeSize: 3,
    rootHash: tree.root(),
    chainTipHash: fromHex(last.eventHash),
    lastBlockNumber: 13n,
  };
  const assembler = newExportAssembler(1, 3, 10);
  for (const e of entries) {
    const problem = assembler.add(e);
    if (problem !== undefined) throw new Error(`forged export: ${JSON.stringify(problem)}`);
  }
  const shard = assembler.finish();
  if (shard === undefined) throw new Error('no shard');
  fs.writeFileSync(path.join(dir, shard.info.file), shard.content);
  const manifest = assembler.manifest(
    {
      treeSize: 3,
      rootHash: toHex(digest.rootHash),
      chainTipHash: toHex(digest.chainTipHash),
      lastBlockNumber: '13',
      signature: toHex(signDigest(digest, signer.privateKeyPem)),
      certificatePem: signer.certificatePem,
    },
    { kind: 'consistency', prefix: [], hashes: [] },
  );
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), encodeManifest(manifest));
}
