import { expect } from 'chai';
import { TransactionDecodeError, transactionWrites, worldStateKey } from '@gateway/fabric/transactionWrites';
import { processedTransactionBytes } from '@test-support/processedTransaction';

const ACCOUNT = '\u0000account\u0000ACC-1\u0000';

describe('transactionWrites', function () {
  it("decodes the keys a processed transaction wrote in the chaincode's namespace, with values and deletes", function () {
    const bytes = processedTransactionBytes({
      namespace: 'ledger',
      writes: [
        { key: ACCOUNT, value: '{"balance":"1.00"}' },
        { key: 'gone', isDelete: true },
      ],
    });

    const decoded = transactionWrites(bytes, 'ledger');

    expect(decoded.validationCode).to.equal(0);
    expect([...decoded.writes.keys()]).to.deep.equal([ACCOUNT, 'gone']);
    expect(Buffer.from(decoded.writes.get(ACCOUNT)?.value ?? []).toString()).to.equal('{"balance":"1.00"}');
    expect(decoded.writes.get('gone')?.isDelete).to.equal(true);
  });

  it('leaves out the writes of other namespaces (lifecycle, another chaincode)', function () {
    const bytes = processedTransactionBytes({
      namespace: 'ledger',
      writes: [{ key: 'a', value: '1' }],
      other: { namespace: '_lifecycle', writes: [{ key: ACCOUNT, value: 'x' }] },
    });

    expect([...transactionWrites(bytes, 'ledger').writes.keys()]).to.deep.equal(['a']);
    expect([...transactionWrites(bytes, 'other').writes.keys()]).to.deep.equal([]);
  });

  it("reports the peer's validation code of an invalid transaction", function () {
    const bytes = processedTransactionBytes({ namespace: 'ledger', writes: [], validationCode: 11 });

    expect(transactionWrites(bytes, 'ledger').validationCode).to.equal(11);
  });

  it('refuses bytes that are not a processed endorser transaction', function () {
    expect(() => transactionWrites(Buffer.from([0xff, 0xff, 0xff]), 'ledger')).to.throw(
      TransactionDecodeError,
    );
    expect(() => transactionWrites(new Uint8Array(0), 'ledger')).to.throw(
      TransactionDecodeError,
      /without an envelope/,
    );
  });
});

describe('worldStateKey', function () {
  it("turns the journal's printable composite key back into the world-state key", function () {
    expect(worldStateKey('/account/ACC-1/')).to.equal(ACCOUNT);
  });

  it('keeps a simple key as it is', function () {
    expect(worldStateKey('eventbatch/abc')).to.equal('eventbatch/abc');
  });
});
