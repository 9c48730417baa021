/**
 * An archive as `ledger fabric import` takes it: verified again block by block (verifyArchive.ts),
 * then every valid transaction of every block, in order (importRecords.ts). Reads the folder.
 */
import type { FabricArchiveTip, FabricTransaction } from '../migration/fabricImportItems';
import { ArchiveVerificationError } from './archiveFailure';
import { readArchive } from './archiveStore';
import { importRecordsOfBlock, type FabricImportRecord } from './importRecords';
import { verifyArchiveFolder } from './verifyArchive';

/** A verified archive, as the import needs it. */
export interface VerifiedArchive {
  readonly tip: FabricArchiveTip;
  readonly transactions: readonly FabricTransaction[];
  readonly orderer: string;
  readonly archivedBy: string;
  readonly blocks: number;
}

/** Reads and verifies an archive folder; throws naming the first block that fails. */
export type ArchiveReader = (dir: string) => VerifiedArchive;

/** An archive that cannot be imported as it is (read from an orderer: validity unknown). */
export class ArchiveNotImportableError extends Error {
  override readonly name = 'ArchiveNotImportableError';
}

/**
 * Verifies the archive in `dir` and lists its valid transactions.
 *
 * @param dir - the folder `ledger fabric archive --peer … --out` wrote.
 * @returns the transactions, the last block and who archived it.
 * @throws ArchiveVerificationError naming the first block that fails; ArchiveNotImportableError for an
 *   archive read from an orderer.
 */
export function readVerifiedArchive(dir: string): VerifiedArchive {
  const { manifest } = readArchive(dir);
  if (manifest.source !== 'peer') {
    throw new ArchiveNotImportableError(
      `${dir} was read from an orderer: its blocks carry no validation flags, so which transactions are valid is unknown; archive the channel from a peer (ledger fabric archive --peer ADDR)`,
    );
  }
  // One pass: each block's records are taken as it verifies; none is used unless every block verifies.
  const transactions: FabricImportRecord[] = [];
  const report = verifyArchiveFolder(dir, undefined, (_blockNumber, bytes) => {
    transactions.push(...importRecordsOfBlock(bytes, manifest.channel));
  });
  if (report.failure !== undefined) throw new ArchiveVerificationError(report.failure);
  return {
    tip: {
      channel: manifest.channel,
      lastBlockNumber: report.blocks - 1,
      lastBlockHeaderHash: report.lastHeaderHash ?? '',
    },
    transactions,
    orderer: manifest.endpoint,
    archivedBy: manifest.archivedBy.mspId,
    blocks: report.blocks,
  };
}
