/** The base class of every ledger contract: its context type and the journal invariant. */
import { Contract } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';

/**
 * Base of the ledger contracts. Transaction functions receive a {@link LedgerContext}; after each
 * successful function the contract checks that a transaction which wrote state emitted its journal event.
 */
export abstract class LedgerContract extends Contract {
  /** @returns a fresh {@link LedgerContext} for one transaction. */
  override createContext(): LedgerContext {
    return new LedgerContext();
  }

  /**
   * Runs after every successful transaction function.
   *
   * @param ctx - the transaction context.
   * @throws {@link Error} if the function wrote state without emitting the journal event.
   */
  override afterTransaction(ctx: LedgerContext): Promise<void> {
    return new Promise((resolve) => {
      ctx.assertJournaled();
      resolve();
    });
  }
}
