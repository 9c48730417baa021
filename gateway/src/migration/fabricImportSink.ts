/**
 * Submits import batches to the `ledger` chaincode (`Migration:ImportEntries`) as an org admin, and
 * waits for each to commit: the {@link SubmitImportBatch} of a real network.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import type { ImportItem } from './importBatches';
import type { ImportCallResult, SubmitImportBatch } from './importLoop';

/** A batch the peers endorsed but that did not commit valid. */
export class ImportNotCommittedError extends Error {
  override readonly name = 'ImportNotCommittedError';
}

/**
 * @param contract - the `ledger` chaincode, connected as an identity with role admin.
 * @returns a function that imports one batch and resolves once it committed.
 */
export function newFabricImportSink(contract: Pick<Contract, 'submitAsync'>): SubmitImportBatch {
  return async (items: readonly ImportItem[]): Promise<ImportCallResult> => {
    const entries = items.map(({ type, importId, record }) => ({ type, importId, record }));
    const submitted = await contract.submitAsync('Migration:ImportEntries', {
      arguments: [JSON.stringify(entries)],
    });
    const result = JSON.parse(Buffer.from(submitted.getResult()).toString('utf8')) as ImportCallResult;
    const status = await submitted.getStatus();
    if (!status.successful) {
      throw new ImportNotCommittedError(
        `import batch ${status.transactionId} (from ${items[0]?.importId ?? ''}) did not commit: validation code ${status.code}`,
      );
    }
    return result;
  };
}
