import { expect } from 'chai';
import {
  ExecutionNotRecordedError,
  NotExecutableError,
  type ExecutionResult,
} from '@gateway/governance/executeProposal';
import type { ProposalSummary } from '@gateway/governance/governanceClient';
import { runGovernanceWatch, type GovernanceWatchOptions } from '@gateway/governance/governanceWatch';
import { newLogger } from '@gateway/logger';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const ACTIONS = { invitations: [], removals: [], policyChange: { policy: null, actionPolicies: {} } };
const EXECUTED: ExecutionResult = {
  status: 'EXECUTED',
  configBlockNumber: 7,
  channelOrgs: ['Org1MSP', 'Org2MSP'],
  commit: { transactionId: 'tx-record', blockNumber: 9n },
};

const approved = (id: string): ProposalSummary => ({ proposalId: id, status: 'APPROVED', actions: ACTIONS });
const executing = (id: string, msp: string): ProposalSummary => ({
  proposalId: id,
  status: 'EXECUTING',
  actions: ACTIONS,
  claim: { executor: { msp, id: 'admin1' }, claimedAt: '2026-03-01T11:59:00.000Z', txId: 'tx-claim' },
});

/** A ledger whose proposals a test sets; ListProposals answers pages of `pageSize` by status. */
class FakeLedger {
  proposals: ProposalSummary[] = [];
  reads = 0;
  failReads = 0;
  constructor(readonly pageSize = 100) {}

  listMembers = (): Promise<string> =>
    Promise.resolve(JSON.stringify([{ mspId: 'Org1MSP' }, { mspId: 'Org2MSP' }]));

  superseded: string[] = [];

  supersede = (id: string): ReturnType<GovernanceWatchOptions['governance']['supersede']> => {
    this.superseded.push(id);
    this.record(id, 'SUPERSEDED');
    return Promise.resolve({
      proposalId: id,
      status: 'SUPERSEDED',
      actions: ACTIONS,
      superseded: { reason: 'why', recordedBy: { msp: 'Org1MSP', id: 'admin1' }, recordedAt: '' },
      commit: { transactionId: `tx-supersede-${id}`, blockNumber: 11n },
    });
  };

  record(id: string, status: ProposalSummary['status']): void {
    this.proposals = this.proposals.map((p) => (p.proposalId === id ? { ...p, status } : p));
  }

  listProposals = (status: string, bookmark = ''): Promise<string> => {
    this.reads++;
    if (this.failReads > 0) {
      this.failReads--;
      return Promise.reject(new Error('peer unavailable'));
    }
    const matching = this.proposals.filter((p) => p.status === status);
    const from = bookmark === '' ? 0 : Number(bookmark);
    const records = matching.slice(from, from + this.pageSize);
    const next = from + this.pageSize < matching.length ? String(from + this.pageSize) : '';
    return Promise.resolve(JSON.stringify({ records, fetchedRecordsCount: records.length, bookmark: next }));
  };
}

interface Run {
  readonly lines: Record<string, unknown>[];
  readonly executed: string[];
}

function options(
  ledger: FakeLedger,
  execute: (id: string) => Promise<ExecutionResult>,
  over: Partial<GovernanceWatchOptions> = {},
): { options: GovernanceWatchOptions; run: Run; stop: AbortController } {
  const run: Run = { lines: [], executed: [] };
  const stop = new AbortController();
  return {
    run,
    stop,
    options: {
      governance: ledger,
      mspId: 'Org1MSP',
      execute: async (id) => {
        run.executed.push(id);
        const result = await execute(id);
        // As the ledger would: an executed proposal leaves the APPROVED and EXECUTING lists.
        if (result.status === 'EXECUTED') ledger.record(id, 'EXECUTED');
        return result;
      },
      logger: newLogger({
        write: (line) => {
          run.lines.push(JSON.parse(line) as Record<string, unknown>);
        },
      }),
      signal: stop.signal,
      now: () => NOW,
      ...over,
    },
  };
}

/** Resolves once `holds()` is true, checking after each turn of the event loop. */
async function until(holds: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !holds(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(holds(), 'condition never held').to.equal(true);
}

const messages = (run: Run, msg: string): Record<string, unknown>[] => run.lines.filter((l) => l.msg === msg);

describe('governanceWatch: the loop of ledger gov watch', () => {
  it('with once, resumes this org’s interrupted execution first, then executes the approved proposals one at a time, and returns', async () => {
    const ledger = new FakeLedger();
    ledger.proposals = [approved('p1'), executing('p0', 'Org1MSP'), approved('p2')];
    let running = 0;
    let overlapped = false;
    const { options: o, run } = options(ledger, async () => {
      overlapped ||= running > 0;
      running++;
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return EXECUTED;
    });

    const summary = await runGovernanceWatch({ ...o, once: true });

    expect(run.executed).to.deep.equal(['p0', 'p1', 'p2']);
    expect(overlapped).to.equal(false);
    expect(summary).to.deep.equal({ executed: 3, notExecuted: 0, superseded: 0 });
    expect(
      messages(run, 'proposal decision').map((l) => `${String(l.action)} ${String(l.proposalId)}`),
    ).to.deep.equal(['resume p0', 'execute p1', 'execute p2']);
    expect(messages(run, 'proposal executed')[0]).to.include({
      proposalId: 'p0',
      status: 'EXECUTED',
      configBlockNumber: 7,
      transactionId: 'tx-record',
      blockNumber: '9',
    });
  });

  it('leaves a proposal another org is executing and one still being voted on, executing nothing', async () => {
    const ledger = new FakeLedger();
    ledger.proposals = [executing('p1', 'Org2MSP'), { ...approved('p2'), status: 'IN_PROGRESS' }];
    const { options: o, run } = options(ledger, () => Promise.resolve(EXECUTED));

    const summary = await runGovernanceWatch({ ...o, once: true });

    expect(run.executed).to.deep.equal([]);
    expect(summary).to.deep.equal({ executed: 0, notExecuted: 0, superseded: 0 });
    expect(messages(run, 'proposal decision')).to.have.length(1);
    expect(messages(run, 'proposal decision')[0]).to.include({ proposalId: 'p1', action: 'leave' });
  });

  it('supersedes an approved invitation of a member before executing the rest, and logs the refusal of one it could not', async () => {
    const ledger = new FakeLedger();
    const invite = (mspId: string): ProposalSummary['actions'] => ({
      ...ACTIONS,
      invitations: [{ mspId, orgName: mspId, rootCerts: ['pem'], adminCert: 'pem' }],
    });
    ledger.proposals = [
      approved('p1'),
      { ...approved('stale'), actions: invite('Org2MSP') },
      { ...executing('claimed', 'Org2MSP'), actions: invite('Org1MSP') },
      { ...approved('refused'), actions: invite('Org2MSP') },
    ];
    const supersede = ledger.supersede;
    ledger.supersede = (id) =>
      id === 'refused' ? Promise.reject(new Error('[FAILED_PRECONDITION] still allowed')) : supersede(id);
    const { options: o, run } = options(ledger, () => Promise.resolve(EXECUTED));

    const summary = await runGovernanceWatch({ ...o, once: true });

    expect(ledger.superseded).to.deep.equal(['claimed', 'stale']);
    expect(run.executed).to.deep.equal(['p1']);
    expect(summary).to.deep.equal({ executed: 1, notExecuted: 0, superseded: 2 });
    expect(messages(run, 'proposal superseded').map((l) => l.proposalId)).to.deep.equal(['claimed', 'stale']);
    expect(messages(run, 'proposal not superseded')[0]).to.include({ proposalId: 'refused', level: 'warn' });
  });

  it('reads every page of the approved proposals', async () => {
    const ledger = new FakeLedger(2);
    ledger.proposals = ['a', 'b', 'c', 'd', 'e'].map(approved);
    const { options: o, run } = options(ledger, () => Promise.resolve(EXECUTED));

    await runGovernanceWatch({ ...o, once: true });

    expect(run.executed).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('counts a failed attempt, a refused claim and an unrecorded outcome as not executed, with a log line each', async () => {
    const ledger = new FakeLedger();
    ledger.proposals = [approved('failed'), approved('refused'), approved('unrecorded'), approved('ok')];
    const { options: o, run } = options(ledger, (id) => {
      if (id === 'failed')
        return Promise.resolve({ ...EXECUTED, status: 'ACTION_FAILED', reason: 'error: boom' });
      if (id === 'refused') return Promise.reject(new NotExecutableError('Org2MSP executes it'));
      if (id === 'unrecorded') return Promise.reject(new ExecutionNotRecordedError('record failed'));
      return Promise.resolve(EXECUTED);
    });

    const summary = await runGovernanceWatch({ ...o, once: true });

    expect(summary).to.deep.equal({ executed: 1, notExecuted: 3, superseded: 0 });
    expect(messages(run, 'proposal execution failed; recorded as an attempt')[0]).to.include({
      proposalId: 'failed',
      level: 'warn',
      reason: 'error: boom',
    });
    expect(messages(run, 'proposal not executable by this org')[0]).to.include({ proposalId: 'refused' });
    expect(messages(run, 'proposal outcome not recorded; the claim stays with this org')[0]).to.include({
      proposalId: 'unrecorded',
      level: 'error',
    });
  });

  it('with once, fails when the proposals cannot be read', async () => {
    const ledger = new FakeLedger();
    ledger.failReads = 1;
    const { options: o } = options(ledger, () => Promise.resolve(EXECUTED));

    await expect(runGovernanceWatch({ ...o, once: true })).to.be.rejectedWith('peer unavailable');
  });

  it('running, reads again on a wake-up and executes what was approved meanwhile; without one it waits', async () => {
    const ledger = new FakeLedger();
    let wake: () => void = () => undefined;
    const {
      options: o,
      run,
      stop,
    } = options(ledger, () => Promise.resolve(EXECUTED), {
      pollMs: 3_600_000,
      subscribe: (w) => (wake = w),
    });
    const done = runGovernanceWatch(o);
    await until(() => ledger.reads === 2);
    ledger.proposals = [approved('p1')];
    await new Promise((resolve) => setImmediate(resolve));
    expect(ledger.reads).to.equal(2);

    wake();
    await until(() => run.executed.length === 1);
    stop.abort();

    expect(await done).to.deep.equal({ executed: 1, notExecuted: 0, superseded: 0 });
    expect(run.executed).to.deep.equal(['p1']);
  });

  it('running, logs an unreadable ledger and reads again at the next wake-up', async () => {
    const ledger = new FakeLedger();
    ledger.failReads = 1;
    ledger.proposals = [approved('p1')];
    let wake: () => void = () => undefined;
    const {
      options: o,
      run,
      stop,
    } = options(ledger, () => Promise.resolve(EXECUTED), {
      pollMs: 3_600_000,
      subscribe: (w) => (wake = w),
    });
    const done = runGovernanceWatch(o);
    await until(
      () => messages(run, 'could not read the proposals; reading again at the next wake-up').length === 1,
    );
    expect(run.executed).to.deep.equal([]);

    wake();
    await until(() => run.executed.length === 1);
    stop.abort();
    await done;
  });

  it('does not run a proposal again right after it failed, and logs an unchanged decision once', async () => {
    const ledger = new FakeLedger();
    ledger.proposals = [approved('p1')];
    let wake: () => void = () => undefined;
    const {
      options: o,
      run,
      stop,
    } = options(ledger, () => Promise.reject(new Error('boom')), {
      pollMs: 3_600_000,
      subscribe: (w) => (wake = w),
    });
    const done = runGovernanceWatch(o);
    await until(() => messages(run, 'proposal decision').length === 2);
    const reads = ledger.reads;
    wake();
    await until(() => ledger.reads === reads + 2);
    stop.abort();

    expect(await done).to.deep.equal({ executed: 0, notExecuted: 1, superseded: 0 });
    expect(run.executed).to.deep.equal(['p1']);
    expect(messages(run, 'proposal decision').map((l) => l.action)).to.deep.equal(['execute', 'leave']);
    expect(messages(run, 'proposal execution error')[0]).to.include({ proposalId: 'p1', level: 'error' });
  });

  it('stopped during an execution, lets it finish and starts no other; not stopped, it runs the next', async () => {
    for (const stopDuring of [true, false]) {
      const ledger = new FakeLedger();
      ledger.proposals = [approved('p1'), approved('p2')];
      let finish: () => void = () => undefined;
      const {
        options: o,
        run,
        stop,
      } = options(
        ledger,
        (id) =>
          id === 'p1'
            ? new Promise<ExecutionResult>((resolve) => {
                finish = () => {
                  resolve(EXECUTED);
                };
              })
            : Promise.resolve(EXECUTED),
        { once: true },
      );
      const done = runGovernanceWatch(o);
      await until(() => run.executed.length === 1);
      if (stopDuring) stop.abort();
      finish();

      expect(await done).to.deep.equal(
        stopDuring
          ? { executed: 1, notExecuted: 0, superseded: 0 }
          : { executed: 2, notExecuted: 0, superseded: 0 },
      );
      expect(run.executed).to.deep.equal(stopDuring ? ['p1'] : ['p1', 'p2']);
    }
  });
});
