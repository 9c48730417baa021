import { status, type ServiceError } from '@grpc/grpc-js';
import { EndorseError, type Contract, type SubmittedTransaction } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import * as sinon from 'sinon';
import type { CertifiedEvent } from '@chaincode/lib/journal';
import { newFabricJournalPort } from '@gateway/fabric/fabricJournalPort';

type SubmitAsync = Contract['submitAsync'];

const EVENTS: readonly CertifiedEvent[] = [
  { eventId: 'e1', payload: 'cA==', vepsSignature: '', vepsTimestamp: '1', metadata: {} },
];

/** A transaction as the library returns it, with the chaincode's Journal:SubmitEvents result. */
function submitted(transactionId: string): SubmittedTransaction {
  const result = { accepted: ['e1'], duplicates: [], conflicts: [] };
  return {
    getTransactionId: () => transactionId,
    getResult: () => Buffer.from(JSON.stringify(result)),
    getStatus: () => Promise.resolve({ successful: true, code: 0, blockNumber: 5n, transactionId }),
  } as unknown as SubmittedTransaction;
}

function endorseError(): EndorseError {
  const cause = Object.assign(new Error('10 ABORTED: failed to collect enough transaction endorsements'), {
    code: status.ABORTED,
    details: 'failed to collect enough transaction endorsements',
    metadata: undefined,
  }) as unknown as ServiceError;
  return new EndorseError({ code: status.ABORTED, details: [], cause, transactionId: 'tx-endorse' });
}

describe('fabricJournalPort', function () {
  it('submits without naming endorsers when none are configured', async function () {
    const submitAsync = sinon
      .stub<Parameters<SubmitAsync>, ReturnType<SubmitAsync>>()
      .resolves(submitted('tx1'));

    const result = await newFabricJournalPort({ submitAsync }).submitEvents(EVENTS);

    expect(submitAsync.callCount).to.equal(1);
    expect(submitAsync.firstCall.args).to.deep.equal([
      'Journal:SubmitEvents',
      { arguments: [JSON.stringify(EVENTS)] },
    ]);
    expect(result.transactionId).to.equal('tx1');
    expect(result.accepted).to.deep.equal(['e1']);
  });

  it('lets the peer choose endorsers after an endorsement by the configured orgs failed', async function () {
    const submitAsync = sinon.stub<Parameters<SubmitAsync>, ReturnType<SubmitAsync>>();
    submitAsync.onFirstCall().rejects(endorseError());
    submitAsync.onSecondCall().resolves(submitted('tx2'));
    const port = newFabricJournalPort({ submitAsync }, { endorsingOrganizations: ['Org1MSP', 'Org2MSP'] });

    const result = await port.submitEvents(EVENTS);

    expect(submitAsync.callCount).to.equal(2);
    expect(submitAsync.firstCall.args[1]).to.deep.equal({
      arguments: [JSON.stringify(EVENTS)],
      endorsingOrganizations: ['Org1MSP', 'Org2MSP'],
    });
    expect(submitAsync.secondCall.args[1]).to.deep.equal({ arguments: [JSON.stringify(EVENTS)] });
    expect(result.transactionId).to.equal('tx2');
  });

  it('reads endorsers given as a function at each transaction, so a member joining changes the next one', async function () {
    const submitAsync = sinon
      .stub<Parameters<SubmitAsync>, ReturnType<SubmitAsync>>()
      .resolves(submitted('tx'));
    let members = ['Org1MSP', 'Org2MSP'];
    const port = newFabricJournalPort({ submitAsync }, { endorsingOrganizations: () => members });

    await port.submitEvents(EVENTS);
    members = ['Org1MSP', 'AcmeMSP', 'Org2MSP'];
    await port.submitEvents(EVENTS);

    expect(submitAsync.firstCall.args[1]?.endorsingOrganizations).to.deep.equal(['Org1MSP', 'Org2MSP']);
    expect(submitAsync.secondCall.args[1]?.endorsingOrganizations).to.deep.equal([
      'Org1MSP',
      'AcmeMSP',
      'Org2MSP',
    ]);
  });

  it('rethrows an error that is not an endorsement failure without trying again', async function () {
    const submitAsync = sinon
      .stub<Parameters<SubmitAsync>, ReturnType<SubmitAsync>>()
      .rejects(new Error('14 UNAVAILABLE: connection refused'));
    const port = newFabricJournalPort({ submitAsync }, { endorsingOrganizations: ['Org1MSP', 'Org2MSP'] });

    const err = await port.submitEvents(EVENTS).catch((e: unknown) => e);

    expect(err).to.be.instanceOf(Error).with.property('message', '14 UNAVAILABLE: connection refused');
    expect(submitAsync.callCount).to.equal(1);
  });

  it('reports the commit status of the transaction it submitted', async function () {
    const submitAsync = sinon
      .stub<Parameters<SubmitAsync>, ReturnType<SubmitAsync>>()
      .resolves(submitted('tx3'));

    const result = await newFabricJournalPort({ submitAsync }).submitEvents(EVENTS);

    expect(await result.status()).to.deep.equal({ successful: true, code: 0 });
  });
});
