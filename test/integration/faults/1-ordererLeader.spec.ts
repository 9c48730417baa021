// Fault 1: the Raft leader orderer (found from its operations metrics) is killed halfway through the
// workload and restarted later; a new leader takes over, nothing is lost or sealed twice, and the old
// leader catches up to the others' block height.
import { expect } from 'chai';
import {
  killNetworkProcess,
  networkUp,
  openTransferAccounts,
  ordererHeightsAgree,
  pause,
  raftLeader,
  startFaultGateway,
  type FaultGateway,
  type TransferAccounts,
} from '@test-support/faults/faultHarness';
import { expectWholeJournal, runScenario, type ScenarioResult } from '@test-support/faults/scenario';

describe('fault: the Raft leader orderer is killed mid-run', function () {
  this.timeout(600_000);
  let primary: FaultGateway;
  let accounts: TransferAccounts;
  let result: ScenarioResult;
  let killed = '';
  let newLeader = '';

  before(async function () {
    primary = await startFaultGateway('org1', 'leader');
    accounts = await openTransferAccounts();
    result = await runScenario({
      name: '1 Raft leader killed',
      primary,
      accounts,
      inject: async () => {
        killed = await raftLeader();
        const faultAt = Date.now();
        await killNetworkProcess(killed);
        newLeader = await raftLeader();
        const electedMs = Date.now() - faultAt;
        await pause(5000);
        await networkUp();
        return {
          faultAt,
          note: `killed ${killed}, ${newLeader} elected in ${(electedMs / 1000).toFixed(1)} s`,
        };
      },
    });
  });

  after(async function () {
    accounts.close();
    await primary.dispose();
    // Leave the network whole for the next suites, whatever happened above.
    await networkUp();
  });

  it('elects another orderer as leader', function () {
    expect(newLeader).to.not.equal('');
    expect(newLeader).to.not.equal(killed);
  });

  it('seals every acknowledged event exactly once with no gap, and the second gateway agrees', function () {
    expectWholeJournal(result);
  });

  it('lets the restarted orderer catch up to the same block height as the others', async function () {
    expect(await ordererHeightsAgree()).to.be.greaterThan(0);
  });
});
