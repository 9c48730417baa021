import { expect } from 'chai';
import * as gateway from '@fabric-ledger/gateway';

describe('@fabric-ledger/gateway', () => {
  it('exports the client library with its offline verification', () => {
    expect(gateway.newLedgerClient).to.be.a('function');
    expect(gateway.verifySealAgainstDigest).to.be.a('function');
    expect(gateway.verifyInclusion).to.be.a('function');
    expect(gateway.verifyConsistency).to.be.a('function');
    expect(gateway.verifyDigestSignature).to.be.a('function');
  });
});
