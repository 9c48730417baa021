import { expect } from 'chai';
import type { Iterators, StateQueryResponse } from 'fabric-shim';
import { AccountsContract } from '@chaincode/contracts/accountsContract';
import { AuditContract } from '@chaincode/contracts/auditContract';
import type { Page } from '@chaincode/model/audit';
import { Harness, parse } from './harness';

/** What the peer sends for a page without records: an empty iterator and no metadata at all. */
function emptyPageWithoutMetadata(): StateQueryResponse<Iterators.StateQueryIterator> {
  const iterator = {
    next: () => Promise.resolve({ done: true, value: undefined }),
    close: () => Promise.resolve(),
  } as unknown as Iterators.StateQueryIterator;
  return { iterator } as unknown as StateQueryResponse<Iterators.StateQueryIterator>;
}

describe('LedgerContext', () => {
  describe('#pagePartialKey and #pageRange', () => {
    it('reads a page without records and without peer metadata as the last, empty page', async () => {
      // Found by the real-network fuzz test: Fabric drops the all-default metadata of an empty page.
      const h = new Harness();
      const audit = new AuditContract();
      const accounts = new AccountsContract();
      h.fake.stub.getStateByPartialCompositeKeyWithPagination.resolves(emptyPageWithoutMetadata());
      h.fake.stub.getStateByRangeWithPagination.resolves(emptyPageWithoutMetadata());

      const byUser = parse<Page<unknown>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetAuditByUser(ctx, 'nobody', '', '')),
      );
      const byCustomer = parse<Page<unknown>>(
        await h.evaluate(accounts, h.ids.auditor1, (ctx) =>
          accounts.ListAccountsByCustomer(ctx, 'nobody', '', ''),
        ),
      );

      expect(byUser).to.deep.include({ records: [], bookmark: '' });
      expect(byCustomer).to.deep.include({ records: [], bookmark: '' });
    });
  });
});
