// Fault 2: the gateway's own peer is killed halfway through the workload and restarted. The gateway is
// pinned to that one peer (LEDGER_GATEWAY_PEER_ENDPOINT), so it has no other to fail over to (fault 6
// covers failover): it answers UNAVAILABLE meanwhile (clients retry with the same event id), then
// reconnects its event stream and resumes from its checkpoint with no gap and no duplicate.
import { expect } from 'chai';
import {
  killNetworkProcess,
  networkUp,
  openTransferAccounts,
  pause,
  startFaultGateway,
  type FaultGateway,
  type TransferAccounts,
} from '@test-support/faults/faultHarness';
import { expectWholeJournal, runScenario, type ScenarioResult } from '@test-support/faults/scenario';
import { layout } from '@test-support/testNetwork';
import { orgLayout } from '@gateway/fabric/networkLayout';

describe("fault: the gateway's peer is killed and restarted mid-run", function () {
  this.timeout(600_000);
  let primary: FaultGateway;
  let accounts: TransferAccounts;
  let result: ScenarioResult;
  let healthyAfter: boolean | undefined;

  before(async function () {
    const org1 = orgLayout(layout, 'org1');
    primary = await startFaultGateway('org1', 'peer', { LEDGER_GATEWAY_PEER_ENDPOINT: org1.peerEndpoint });
    accounts = await openTransferAccounts();
    result = await runScenario({
      name: "2 gateway's peer killed",
      primary,
      accounts,
      inject: async () => {
        const faultAt = Date.now();
        await killNetworkProcess('peer0-org1');
        await pause(5000);
        await networkUp();
        return { faultAt, note: 'peer0-org1 down 5 s' };
      },
    });
    healthyAfter = (await primary.client.healthCheck()).healthy;
  });

  after(async function () {
    accounts.close();
    await primary.dispose();
    await networkUp();
  });

  it('reconnects to its peer and reports healthy again', function () {
    expect(healthyAfter).to.equal(true);
  });

  it('retries what was refused, so every event is sealed exactly once with no gap, and the second gateway agrees', function () {
    expectWholeJournal(result);
  });
});
