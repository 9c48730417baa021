// Partition 3: one orderer (a follower: a minority of the three) and one peer (Org1's first peer, its
// anchor) are cut off at once, mid-load. Org2's gateway keeps sealing: its peer asks Org1's other peer
// to endorse and the two remaining orderers to order. After healing, Org1's gateway (which dials Org1's
// first peer) catches up and agrees byte for byte.
import { expect } from 'chai';
import { ORDERERS, ordererHeightsAgree, pause, raftLeader } from '@test-support/faults/faultHarness';
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

const PEER = 'peer0-org1';
/** The cut lasts at least this long: HOSTS_MIN_CUT_MS (default 0: until 100 more events are sealed). */
const MIN_CUT_MS = Number(process.env.HOSTS_MIN_CUT_MS ?? 0);

describe('partition: one orderer and one peer are cut off at once', function () {
  this.timeout(600_000);
  let org1: NetworkGateway;
  let org2: NetworkGateway;
  let result: PartitionResult;
  let orderer = '';
  let sealedWhileCut = 0;

  before(async function () {
    org1 = networkGateway('org1');
    org2 = networkGateway('org2');
    result = await runPartitionScenario({
      name: 'P3 one orderer and one peer cut off',
      primary: org2,
      others: [org1],
      inject: async (workload) => {
        const leader = await raftLeader();
        orderer = ORDERERS.find((o) => o !== leader) ?? '';
        const faultAt = Date.now();
        await cut(orderer, PEER);
        const before = workload.acknowledged;
        const want = Math.min(before + 100, PARTITION_EVENTS);
        await waitFor('sealing goes on with a minority cut off', () => workload.acknowledged >= want, {
          timeoutMs: 120_000,
          intervalMs: 50,
        });
        await pause(Math.max(0, faultAt + MIN_CUT_MS - Date.now()));
        sealedWhileCut = workload.acknowledged - before;
        await heal(orderer, PEER);
        return {
          faultAt,
          recoveryFrom: faultAt,
          note: `cut ${orderer} (follower) and ${PEER} for ${((Date.now() - faultAt) / 1000).toFixed(0)} s; ${sealedWhileCut} acknowledged while cut`,
        };
      },
    });
  });

  after(async function () {
    if (orderer !== '') await heal(orderer, PEER);
    org1.close();
    org2.close();
  });

  it('keeps sealing while the minority is cut off', function () {
    expect(sealedWhileCut).to.be.greaterThan(0);
  });

  it('seals every acknowledged event exactly once with no gap, and Org1’s gateway agrees after healing', function () {
    for (const check of result.checks)
      expectWholeJournal({ run: result.run, check, fault: { ...result.fault } });
  });

  it('lets the cut orderer catch up to the same block height', async function () {
    expect(await ordererHeightsAgree()).to.be.greaterThan(0);
  });
});
