// Fault 5: one stored seal in the stopped gateway's index is tampered with (its payload rewritten in the
// SQLite file). `ledger audit`, which recomputes the journal from the peer's blocks, names exactly that
// sequence and field; the restarted gateway refuses proofs and digests (DATA_LOSS naming the sequence)
// and reports not healthy; deleting the index and restarting rebuilds a clean one.
import { status, type ServiceError } from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import * as fs from 'node:fs';
import { waitForSize } from '@test-support/faults/journalCheck';
import {
  networkUp,
  openTransferAccounts,
  startFaultGateway,
  type FaultGateway,
  type TransferAccounts,
} from '@test-support/faults/faultHarness';
import { runLedgerAudit, type CliRun } from '@test-support/faults/ledgerCli';
import { expectWholeJournal, runScenario, type ScenarioResult } from '@test-support/faults/scenario';
import { WORKLOAD_SIZE } from '@test-support/faults/workload';

const refusal = (promise: Promise<unknown>): Promise<ServiceError | undefined> =>
  promise.then(
    () => undefined,
    (err: unknown) => err as ServiceError,
  );

describe('fault: one stored seal in the gateway index is tampered with', function () {
  this.timeout(600_000);
  let primary: FaultGateway;
  let accounts: TransferAccounts;
  let result: ScenarioResult;
  let tampered = 0;
  let audit: CliRun;
  let health: { healthy: boolean; status: string } | undefined;
  let proofRefusal: ServiceError | undefined;
  let digestRefusal: ServiceError | undefined;
  let cleanAudit: CliRun;

  before(async function () {
    primary = await startFaultGateway('org1', 'tamper');
    accounts = await openTransferAccounts();
    result = await runScenario({
      name: '5 index seal tampered',
      primary,
      accounts,
      // The index faults do not depend on load: half the workload keeps the whole fault run short.
      events: Math.ceil(WORKLOAD_SIZE.events / 2),
      inject: async (workload) => {
        await workload.done;
        const size = Number((await primary.client.healthCheck()).lastSequenceNumber);
        const { client } = primary;
        // A workload event in the middle of the journal.
        tampered = Number(
          (await client.getEventById([...(await workload.done).acknowledged.keys()][0] ?? '')).sequenceNumber,
        );
        await primary.stop();
        const db = new Database(primary.indexFile);
        db.prepare('UPDATE seals SET payload = ? WHERE seq = ?').run(
          Buffer.from('tampered payload'),
          tampered,
        );
        db.close();
        audit = await runLedgerAudit(primary.indexFile);
        await primary.start();
        health = await client.healthCheck();
        proofRefusal = await refusal(client.getInclusionProof(tampered));
        digestRefusal = await refusal(client.getDigest());
        // Repair: the index is a cache of the ledger.
        await primary.stop();
        const faultAt = Date.now();
        for (const suffix of ['', '-wal', '-shm'])
          fs.rmSync(`${primary.indexFile}${suffix}`, { force: true });
        await primary.start();
        await waitForSize(client, size);
        const recoveryMs = Date.now() - faultAt;
        await primary.stop();
        cleanAudit = await runLedgerAudit(primary.indexFile);
        await primary.start();
        return { faultAt, recoveryMs, note: `payload of sequence ${tampered} rewritten; rebuilt` };
      },
    });
  });

  after(async function () {
    accounts.close();
    await primary.dispose();
    await networkUp();
  });

  it('makes `ledger audit` name exactly the tampered sequence and field, and exit non-zero', function () {
    expect(audit.code, audit.output).to.equal(1);
    expect(audit.output).to.match(
      new RegExp(
        `^sequence ${tampered}: payload differs: ledger [0-9a-f]+, index ${Buffer.from('tampered payload').toString('hex')}$`,
        'm',
      ),
    );
    expect(audit.output).to.contain(`sequence numbers differ (${tampered})`);
  });

  it('makes the gateway report not healthy, with status INDEX_CORRUPTED', function () {
    expect(health).to.include({ healthy: false, status: 'INDEX_CORRUPTED' });
  });

  it('makes the gateway refuse inclusion proofs and digests with DATA_LOSS naming the sequence', function () {
    for (const refused of [proofRefusal, digestRefusal]) {
      expect(refused?.code, refused?.details).to.equal(status.DATA_LOSS);
      expect(refused?.details).to.contain(`corrupted at sequence ${tampered}: event_hash`);
    }
  });

  it('rebuilds a clean index once the tampered one is deleted', function () {
    expect(cleanAudit.code, cleanAudit.output).to.equal(0);
  });

  it('keeps every acknowledged event sealed exactly once with no gap, and the second gateway agrees', function () {
    expectWholeJournal(result);
  });
});
