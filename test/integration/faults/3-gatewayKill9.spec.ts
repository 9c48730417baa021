// Fault 3: the gateway is killed with SIGKILL halfway through the workload and restarted on the same
// index file. The index has no half-written state (each block's rows and checkpoint are one SQLite
// transaction: the restarted gateway's integrity check passes and `ledger audit` finds nothing), and the
// clients' idempotent retries get the seals their events were originally given.
import { expect } from 'chai';
import { sealBytes } from '@test-support/faults/journalCheck';
import {
  networkUp,
  openTransferAccounts,
  pause,
  startFaultGateway,
  type FaultGateway,
  type TransferAccounts,
} from '@test-support/faults/faultHarness';
import { runLedgerAudit } from '@test-support/faults/ledgerCli';
import { expectWholeJournal, runScenario, type ScenarioResult } from '@test-support/faults/scenario';

describe('fault: the gateway is killed with SIGKILL mid-run and restarted on the same index', function () {
  this.timeout(600_000);
  let primary: FaultGateway;
  let accounts: TransferAccounts;
  let result: ScenarioResult;
  let restartLog = '';

  before(async function () {
    primary = await startFaultGateway('org1', 'kill9');
    accounts = await openTransferAccounts();
    result = await runScenario({
      name: '3 gateway kill -9',
      primary,
      accounts,
      inject: async () => {
        const faultAt = Date.now();
        await primary.kill9();
        await pause(2000);
        await primary.start();
        restartLog = primary.process?.log.join('') ?? '';
        return { faultAt, note: 'SIGKILL, restarted after 2 s on the same index' };
      },
    });
  });

  after(async function () {
    accounts.close();
    await primary.dispose();
    await networkUp();
  });

  it('restarts on an index whose seals and Merkle nodes all verify', function () {
    expect(restartLog).to.match(/"msg":"index verified"/);
    expect(restartLog).to.not.match(/index corrupted/);
  });

  it('seals every acknowledged event exactly once with no gap, and the second gateway agrees', function () {
    expectWholeJournal(result);
  });

  it('answers a resubmission of any acknowledged event with its original seal', async function () {
    const { acknowledged, events } = result.run;
    const ids = [...acknowledged.keys()].filter(
      (_, i) => i % Math.max(1, Math.floor(acknowledged.size / 100)) === 0,
    );
    for (const id of ids) {
      const event = events.get(id);
      if (event === undefined) throw new Error(`no event ${id}`);
      const again = await primary.client.submitEvent(event);
      const original = acknowledged.get(id);
      expect(original && sealBytes(again), id).to.equal(original && sealBytes(original));
    }
  });

  it("leaves an index that `ledger audit` finds identical to the peer's blocks", async function () {
    await primary.stop();
    const audit = await runLedgerAudit(primary.indexFile);
    expect(audit.code, audit.output).to.equal(0);
    expect(audit.output).to.match(/^audit ok: \d+ seals match/m);
    await primary.start();
  });
});
