// Fault 4: the gateway is stopped halfway through the workload, its index deleted, and it is restarted:
// it rebuilds the index from the peer's blocks into byte-identical seals and digest, while the clients
// retry.
import { expect } from 'chai';
import * as fs from 'node:fs';
import { readJournal, sealBytes, waitForSize } from '@test-support/faults/journalCheck';
import {
  networkUp,
  openTransferAccounts,
  startFaultGateway,
  type FaultGateway,
  type TransferAccounts,
} from '@test-support/faults/faultHarness';
import { expectWholeJournal, runScenario, type ScenarioResult } from '@test-support/faults/scenario';
import { WORKLOAD_SIZE } from '@test-support/faults/workload';

describe('fault: the gateway index is deleted while the gateway is stopped', function () {
  this.timeout(600_000);
  let primary: FaultGateway;
  let accounts: TransferAccounts;
  let result: ScenarioResult;
  let original: { size: number; root: string; seals: string[] } | undefined;
  let rebuilt: { root: string; seals: string[] } | undefined;

  before(async function () {
    primary = await startFaultGateway('org1', 'rebuild');
    accounts = await openTransferAccounts();
    result = await runScenario({
      name: '4 index deleted',
      primary,
      accounts,
      // The index faults do not depend on load: half the workload keeps the whole fault run short.
      events: Math.ceil(WORKLOAD_SIZE.events / 2),
      inject: async () => {
        const { client } = primary;
        // Seals up to the current size never change: read them from the running gateway.
        const digest = await client.getDigest();
        const size = Number(digest.treeSize);
        original = { size, root: digest.rootHash, seals: (await readJournal(client, size)).map(sealBytes) };
        await primary.stop();
        const faultAt = Date.now();
        for (const suffix of ['', '-wal', '-shm'])
          fs.rmSync(`${primary.indexFile}${suffix}`, { force: true });
        await primary.start();
        await waitForSize(client, size);
        const recovery = Date.now() - faultAt;
        rebuilt = {
          root: (await client.getConsistencyProof(size, size)).firstRoot,
          seals: (await readJournal(client, size)).map(sealBytes),
        };
        return { faultAt, recoveryMs: recovery, note: `index deleted at ${size} entries, rebuilt` };
      },
    });
  });

  after(async function () {
    accounts.close();
    await primary.dispose();
    await networkUp();
  });

  it("rebuilds byte-identical seals and the same Merkle root from the peer's blocks", function () {
    expect(original?.size).to.be.greaterThan(0);
    expect(rebuilt?.seals).to.deep.equal(original?.seals);
    expect(rebuilt?.root).to.equal(original?.root);
  });

  it('seals every acknowledged event exactly once with no gap, and the second gateway agrees', function () {
    expectWholeJournal(result);
  });
});
