// Fault 6: Org1 runs two peers and its gateway knows both (the topology's default). Halfway through the
// workload Org1's first peer is killed: the gateway fails over to the second and keeps sealing; the
// first comes back, then the second is killed: the gateway fails back to the first. Nothing
// acknowledged is lost, nothing is sealed twice, and Org2's gateway agrees seal by seal.
import { expect } from 'chai';
import { orgLayout } from '@gateway/fabric/networkLayout';
import {
  killNetworkProcess,
  networkUp,
  openTransferAccounts,
  startFaultGateway,
  type FaultGateway,
  type TransferAccounts,
} from '@test-support/faults/faultHarness';
import { expectWholeJournal, runScenario, type ScenarioResult } from '@test-support/faults/scenario';
import type { RunningWorkload } from '@test-support/faults/workload';
import { WORKLOAD_SIZE } from '@test-support/faults/workload';
import { layout } from '@test-support/testNetwork';

/** Acknowledgements to wait for while one peer is down: proof that the gateway seals through another. */
const ACKS_WHILE_DOWN = 200;

describe("fault: Org1's gateway fails over between its org's peers", function () {
  this.timeout(600_000);
  const peers = orgLayout(layout, 'org1').peers.map((p) => p.id);
  let primary: FaultGateway;
  let accounts: TransferAccounts;
  let result: ScenarioResult;
  const sealedWhileDown: Record<string, number> = {};
  const restartMs: Record<string, number> = {};
  let healthyAfter: boolean | undefined;

  /** Kills `peer`, waits until the workload gets ACKS_WHILE_DOWN more acknowledgements, restarts it. */
  async function outage(workload: RunningWorkload, peer: string): Promise<void> {
    await killNetworkProcess(peer);
    const before = workload.acknowledged;
    await workload.acknowledgedAtLeast(before + ACKS_WHILE_DOWN);
    sealedWhileDown[peer] = workload.acknowledged - before;
    const restartAt = Date.now();
    await networkUp();
    restartMs[peer] = Date.now() - restartAt;
  }

  before(async function () {
    expect(peers, 'Org1 has two peers in the topology').to.have.length.of.at.least(2);
    primary = await startFaultGateway('org1', 'failover');
    accounts = await openTransferAccounts();
    result = await runScenario({
      name: '6 peer failover and back',
      primary,
      accounts,
      // Long enough that both outages happen while events are still being submitted: restarting a peer
      // (network-up.sh waits until it is healthy and sees every other peer through gossip) takes 5-15 s.
      events: 8 * WORKLOAD_SIZE.events,
      inject: async (workload) => {
        const faultAt = Date.now();
        const [first, second] = peers as [string, string];
        await outage(workload, first);
        await outage(workload, second);
        return {
          faultAt,
          note:
            `${first} killed (${sealedWhileDown[first]} sealed meanwhile), back in ${restartMs[first]} ms; ` +
            `then ${second} killed (${sealedWhileDown[second]} sealed meanwhile), back in ${restartMs[second]} ms`,
        };
      },
    });
    healthyAfter = (await primary.client.healthCheck()).healthy;
  });

  after(async function () {
    accounts.close();
    await primary.dispose();
    await networkUp();
  });

  it('keeps sealing through the second peer while the first is down, and through the first while the second is down', function () {
    const [first, second] = peers as [string, string];
    expect(sealedWhileDown[first], `acknowledged while ${first} was down`).to.be.at.least(ACKS_WHILE_DOWN);
    expect(sealedWhileDown[second], `acknowledged while ${second} was down`).to.be.at.least(ACKS_WHILE_DOWN);
    expect(result.run.acknowledged.size).to.be.greaterThan(0);
  });

  it('reports healthy after both outages', function () {
    expect(healthyAfter).to.equal(true);
  });

  it('loses nothing acknowledged, seals each event once with no gap, and Org2 gateway agrees byte for byte', function () {
    expectWholeJournal(result);
  });
});
