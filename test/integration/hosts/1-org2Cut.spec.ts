// Partition 1: Org2's hosts (its CA and gateway, its peer) are cut off mid-load. Submits through Org1's
// gateway need Org2's endorsement: they fail with a retryable code within their deadline (or wait), the
// client retries the same event, nothing acknowledged is lost, and after healing Org2's gateway catches
// up and agrees byte for byte.
import { expect } from 'chai';
import { openTransferAccounts, pause, type TransferAccounts } from '@test-support/faults/faultHarness';
import { expectWholeJournal } from '@test-support/faults/scenario';
import { cut, cutHosts, heal } from '@test-support/hosts/partition';
import {
  networkGateway,
  runPartitionScenario,
  type NetworkGateway,
  type PartitionResult,
} from '@test-support/hosts/partitionScenario';

/** How long Org2 stays cut off: HOSTS_CUT_MS (default 15 000). */
const CUT_MS = Number(process.env.HOSTS_CUT_MS ?? 15_000);
/** The workload's deadline of one SubmitEvent attempt (test/support/faults/workload.ts). */
const ATTEMPT_DEADLINE_MS = 20_000;

describe('partition: Org2’s host is cut off mid-load', function () {
  this.timeout(600_000);
  let org1: NetworkGateway;
  let org2: NetworkGateway;
  let accounts: TransferAccounts;
  let result: PartitionResult;
  let acknowledgedDuringCut = 0;

  before(async function () {
    org1 = networkGateway('org1');
    org2 = networkGateway('org2');
    accounts = await openTransferAccounts();
    result = await runPartitionScenario({
      name: 'P1 Org2 host cut off',
      primary: org1,
      others: [org2],
      accounts,
      inject: async (workload) => {
        const faultAt = Date.now();
        await cut('org2');
        // In-flight transactions endorsed before the cut may still commit in the first seconds.
        await pause(3000);
        const settled = workload.acknowledged;
        await pause(Math.max(0, CUT_MS - 3000));
        acknowledgedDuringCut = workload.acknowledged - settled;
        const healedAt = Date.now();
        await heal('org2');
        return {
          faultAt,
          recoveryFrom: healedAt,
          note: `org2 cut ${(CUT_MS / 1000).toFixed(0)} s; acknowledged 3 s+ into the cut: ${acknowledgedDuringCut}`,
        };
      },
    });
  });

  after(async function () {
    await heal('org2');
    accounts.close();
    org1.close();
    org2.close();
  });

  it('seals nothing that needs Org2 while Org2 is cut off', function () {
    expect(acknowledgedDuringCut).to.equal(0);
  });

  it('fails the attempts made meanwhile with a retryable code within their deadline', function () {
    expect(Object.keys(result.run.failureCodes)).to.not.be.empty;
    for (const code of Object.keys(result.run.failureCodes)) {
      expect(['UNAVAILABLE', 'DEADLINE_EXCEEDED'], code).to.include(code);
    }
    expect(result.run.slowestFailureMs).to.be.at.most(ATTEMPT_DEADLINE_MS + 2000);
  });

  it('loses nothing acknowledged, and Org2’s gateway catches up and agrees byte for byte after healing', function () {
    for (const check of result.checks)
      expectWholeJournal({ run: result.run, check, fault: { ...result.fault } });
    expect(result.recoveryMs, 'acknowledgements resume after healing').to.not.equal(undefined);
  });

  it('leaves every host connected again', async function () {
    expect(await cutHosts()).to.deep.equal([]);
  });
});
