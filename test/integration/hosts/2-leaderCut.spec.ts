// Partition 2: the Raft leader's host is cut off mid-load. The other two orderers elect a new leader,
// sealing resumes, and after healing the old leader catches up to the same block height.
import { expect } from 'chai';
import {
  ORDERERS,
  openTransferAccounts,
  ordererHeightsAgree,
  raftLeader,
  type Orderer,
  type TransferAccounts,
} from '@test-support/faults/faultHarness';
import { expectWholeJournal } from '@test-support/faults/scenario';
import { cut, heal } from '@test-support/hosts/partition';
import {
  networkGateway,
  PARTITION_EVENTS,
  runPartitionScenario,
  type NetworkGateway,
  type PartitionResult,
} from '@test-support/hosts/partitionScenario';
import { waitFor } from '@test-support/waitFor';

describe('partition: the Raft leader’s host is cut off mid-load', function () {
  this.timeout(600_000);
  let org1: NetworkGateway;
  let org2: NetworkGateway;
  let accounts: TransferAccounts;
  let result: PartitionResult;
  let oldLeader: Orderer | undefined;
  let newLeader: Orderer | undefined;
  let sealedWhileCut = 0;

  before(async function () {
    org1 = networkGateway('org1');
    org2 = networkGateway('org2');
    accounts = await openTransferAccounts();
    result = await runPartitionScenario({
      name: 'P2 Raft leader host cut off',
      primary: org1,
      others: [org2],
      accounts,
      inject: async (workload) => {
        const leader = await raftLeader();
        oldLeader = leader;
        const faultAt = Date.now();
        await cut(leader);
        newLeader = await raftLeader(
          60_000,
          ORDERERS.filter((o) => o !== leader),
        );
        const electedMs = Date.now() - faultAt;
        // Sealing resumes under the new leader while the old one is still cut off.
        const before = workload.acknowledged;
        const want = Math.min(before + 50, PARTITION_EVENTS);
        await waitFor('sealing resumes under the new leader', () => workload.acknowledged >= want, {
          timeoutMs: 120_000,
          intervalMs: 50,
        });
        sealedWhileCut = workload.acknowledged - before;
        await heal(leader);
        return {
          faultAt,
          recoveryFrom: faultAt,
          note: `cut ${leader}; ${newLeader} elected in ${(electedMs / 1000).toFixed(1)} s; ${sealedWhileCut} acknowledged before healing`,
        };
      },
    });
  });

  after(async function () {
    if (oldLeader !== undefined) await heal(oldLeader);
    accounts.close();
    org1.close();
    org2.close();
  });

  it('elects another orderer as leader', function () {
    expect(newLeader).to.not.equal(undefined);
    expect(newLeader).to.not.equal(oldLeader);
  });

  it('keeps sealing while the old leader is cut off', function () {
    expect(sealedWhileCut).to.be.greaterThan(0);
  });

  it('seals every acknowledged event exactly once with no gap, and Org2’s gateway agrees', function () {
    for (const check of result.checks)
      expectWholeJournal({ run: result.run, check, fault: { ...result.fault } });
  });

  it('lets the old leader catch up to the same block height after healing', async function () {
    expect(await ordererHeightsAgree()).to.be.greaterThan(0);
  });
});
