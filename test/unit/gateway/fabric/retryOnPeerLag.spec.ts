import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { CommitError, EndorseError, StatusCode } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import * as sinon from 'sinon';
import { isPeerLag, retryOnPeerLag } from '@gateway/fabric/retryOnPeerLag';
import { newGovernanceClient } from '@gateway/governance/governanceClient';

function endorseError(code: status, details: string): EndorseError {
  const cause: ServiceError = Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
  return new EndorseError({ code, details: [], cause, transactionId: 'tx1', message: cause.message });
}

const remoteEndorsementFailed = (): EndorseError =>
  endorseError(
    status.ABORTED,
    'failed to collect enough transaction endorsements, see attached details for more info',
  );
const localEndorsementFailed = (): EndorseError =>
  endorseError(status.ABORTED, 'failed to endorse transaction, see attached details for more info');
const commitError = (code: CommitError['code']): CommitError =>
  new CommitError({ code, transactionId: 'tx1' });
const noWait = (): Promise<void> => Promise.resolve();

describe('retrying a submit while peers catch up', () => {
  describe('isPeerLag', () => {
    it('counts a remote endorsement failure after a good local endorsement as peer lag', () => {
      expect(isPeerLag(remoteEndorsementFailed())).to.equal(true);
    });

    it('counts MVCC and phantom read conflicts as peer lag', () => {
      expect(isPeerLag(commitError(StatusCode.MVCC_READ_CONFLICT))).to.equal(true);
      expect(isPeerLag(commitError(StatusCode.PHANTOM_READ_CONFLICT))).to.equal(true);
    });

    it('does not count a refusal by the local peer, which the chaincode made on purpose', () => {
      expect(isPeerLag(localEndorsementFailed())).to.equal(false);
    });

    it('does not count an endorsement policy failure, an unreachable peer or a plain error', () => {
      expect(isPeerLag(commitError(StatusCode.ENDORSEMENT_POLICY_FAILURE))).to.equal(false);
      expect(isPeerLag(endorseError(status.UNAVAILABLE, 'connection refused'))).to.equal(false);
      expect(isPeerLag(new Error('failed to collect enough transaction endorsements'))).to.equal(false);
    });
  });

  describe('retryOnPeerLag', () => {
    it('returns the first success after lagging peers caught up, waiting between calls', async () => {
      const submit = sinon.stub();
      submit.onFirstCall().rejects(remoteEndorsementFailed());
      submit.onSecondCall().rejects(commitError(StatusCode.MVCC_READ_CONFLICT));
      submit.onThirdCall().resolves('done');
      const sleep = sinon.stub().resolves();

      const result = await retryOnPeerLag(() => submit() as Promise<string>, { delayMs: 40, sleep });

      expect(result).to.equal('done');
      expect(submit).to.have.been.calledThrice;
      expect(sleep).to.have.been.calledTwice;
      expect(sleep).to.have.always.been.calledWith(40);
    });

    it('rethrows any other failure at once, without calling again', async () => {
      const refusal = localEndorsementFailed();
      const submit = sinon.stub().rejects(refusal);

      await expect(retryOnPeerLag(() => submit() as Promise<string>, { sleep: noWait })).to.be.rejectedWith(
        refusal,
      );
      expect(submit).to.have.been.calledOnce;
    });

    it('gives up after the given number of attempts with the last lag failure', async () => {
      const last = remoteEndorsementFailed();
      const submit = sinon.stub().rejects(remoteEndorsementFailed());
      submit.onCall(3).rejects(last);

      await expect(
        retryOnPeerLag(() => submit() as Promise<string>, { attempts: 4, sleep: noWait }),
      ).to.be.rejectedWith(last);
      expect(submit).to.have.callCount(4);
    });
  });

  describe('the governance client', () => {
    it('votes again when another member peer had not committed the proposal yet', async () => {
      const proposal = { proposalId: 'p1', status: 'IN_PROGRESS' };
      const committed = {
        getResult: () => new TextEncoder().encode(JSON.stringify(proposal)),
        getStatus: () =>
          Promise.resolve({
            code: StatusCode.VALID,
            successful: true,
            transactionId: 'tx2',
            blockNumber: 5n,
          }),
      };
      const submitAsync = sinon.stub();
      submitAsync.onFirstCall().rejects(remoteEndorsementFailed());
      submitAsync.onSecondCall().resolves(committed);
      const unusedNetwork = { newFilteredBlockEventsRequest: sinon.stub().throws(new Error('not used')) };
      const governance = newGovernanceClient(
        { submitAsync, evaluateTransaction: sinon.stub().rejects(new Error('not used')) },
        unusedNetwork,
        { sleep: noWait },
      );

      const view = await governance.vote('p1', 'YES');

      expect(view).to.deep.equal({ ...proposal, commit: { transactionId: 'tx2', blockNumber: 5n } });
      expect(submitAsync).to.have.been.calledTwice;
      expect(submitAsync).to.have.always.been.calledWith('Governance:VoteOnProposal', {
        arguments: ['p1', 'YES'],
      });
    });
  });
});
