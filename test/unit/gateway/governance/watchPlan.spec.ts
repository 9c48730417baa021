import { expect } from 'chai';
import type { ProposalSummary } from '@gateway/governance/governanceClient';
import { planWatch, type WatchPlanInput } from '@gateway/governance/watchPlan';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const ACTIONS = { invitations: [], removals: [], policyChange: { policy: null, actionPolicies: {} } };

function proposal(
  id: string,
  status: ProposalSummary['status'],
  extra: Partial<ProposalSummary> = {},
): ProposalSummary {
  return { proposalId: id, status, actions: ACTIONS, ...extra };
}

function claimBy(msp: string, claimedAt: string): ProposalSummary['claim'] {
  return { executor: { msp, id: `x509::/CN=admin1-${msp}` }, claimedAt, txId: `claim-${msp}` };
}

function attempt(msp: string, recordedAt: string): NonNullable<ProposalSummary['attempts']>[number] {
  return { executor: { msp, id: 'admin1' }, reason: 'error: boom', recordedAt };
}

function plan(
  proposals: readonly ProposalSummary[],
  over: Partial<WatchPlanInput> = {},
): ReturnType<typeof planWatch> {
  return planWatch({
    proposals,
    mspId: 'Org1MSP',
    nowMs: NOW,
    claimTimeoutMs: HOUR,
    maxAttempts: 20,
    retryAfterMs: 10 * 60_000,
    lastFailedAt: new Map(),
    members: ['Org1MSP', 'Org2MSP'],
    ...over,
  });
}

const actionOf = (proposals: readonly ProposalSummary[], over: Partial<WatchPlanInput> = {}): string =>
  plan(proposals, over)[0]?.action ?? 'none';

describe('watchPlan: what ledger gov watch does with each proposal', () => {
  it('executes an APPROVED proposal with no failed attempt', () => {
    expect(plan([proposal('p1', 'APPROVED')])).to.deep.equal([
      { proposalId: 'p1', action: 'execute', reason: 'APPROVED' },
    ]);
  });

  it('leaves a proposal that is still IN_PROGRESS, or REJECTED, EXPIRED or EXECUTED, naming its status', () => {
    for (const status of ['IN_PROGRESS', 'REJECTED', 'EXPIRED', 'EXECUTED'] as const) {
      expect(plan([proposal('p1', status)])).to.deep.equal([
        { proposalId: 'p1', action: 'leave', reason: `status ${status}: nothing to execute` },
      ]);
    }
  });

  it('resumes a proposal EXECUTING under a claim of this org (an interrupted execution)', () => {
    const decision = plan([
      proposal('p1', 'EXECUTING', { claim: claimBy('Org1MSP', '2026-03-01T11:59:00.000Z') }),
    ]);

    expect(decision[0]?.action).to.equal('resume');
    expect(decision[0]?.reason).to.contain('claimed by this org');
  });

  it('leaves a proposal EXECUTING under another org’s claim that has not timed out, naming the executor', () => {
    const decision = plan([
      proposal('p1', 'EXECUTING', { claim: claimBy('Org2MSP', '2026-03-01T11:30:00.000Z') }),
    ]);

    expect(decision[0]?.action).to.equal('leave');
    expect(decision[0]?.reason).to.equal(
      'EXECUTING, claimed by Org2MSP (x509::/CN=admin1-Org2MSP) at 2026-03-01T11:30:00.000Z; another member may take it over from 2026-03-01T12:30:00.000Z',
    );
  });

  it('takes over a proposal EXECUTING under another org’s claim once the claim has timed out', () => {
    const claimedAt = '2026-03-01T11:00:00.000Z';

    expect(actionOf([proposal('p1', 'EXECUTING', { claim: claimBy('Org2MSP', claimedAt) })])).to.equal(
      'take-over',
    );
    expect(
      actionOf([proposal('p1', 'EXECUTING', { claim: claimBy('Org2MSP', claimedAt) })], { nowMs: NOW - 1 }),
    ).to.equal('leave');
  });

  it('leaves a claim of another org whose time cannot be read, and an EXECUTING proposal without a claim', () => {
    expect(actionOf([proposal('p1', 'EXECUTING', { claim: claimBy('Org2MSP', 'yesterday') })])).to.equal(
      'leave',
    );
    expect(actionOf([proposal('p1', 'EXECUTING', { claim: null })])).to.equal('leave');
  });

  it('leaves an APPROVED proposal whose last failed attempt is younger than the retry delay, and executes it once older', () => {
    const recent = proposal('p1', 'APPROVED', { attempts: [attempt('Org2MSP', '2026-03-01T11:55:00.000Z')] });
    const old = proposal('p1', 'APPROVED', { attempts: [attempt('Org2MSP', '2026-03-01T11:50:00.000Z')] });

    expect(plan([recent])[0]).to.deep.equal({
      proposalId: 'p1',
      action: 'leave',
      reason:
        'its last attempt, by Org2MSP, failed at 2026-03-01T11:55:00.000Z; trying again from 2026-03-01T12:05:00.000Z',
    });
    expect(actionOf([old])).to.equal('execute');
  });

  it('leaves an APPROVED proposal with as many failed attempts as the chaincode keeps, and executes one with fewer', () => {
    const old = '2026-02-01T00:00:00.000Z';
    const full = proposal('p1', 'APPROVED', { attempts: [attempt('Org2MSP', old), attempt('Org2MSP', old)] });
    const room = proposal('p1', 'APPROVED', { attempts: [attempt('Org2MSP', old)] });

    expect(plan([full], { maxAttempts: 2 })[0]?.reason).to.equal(
      '2 failed attempts recorded, the most the chaincode keeps; fix the cause and run ledger gov execute p1',
    );
    expect(actionOf([room], { maxAttempts: 2 })).to.equal('execute');
  });

  it('leaves a proposal this watch ran without success less than the retry delay ago, and runs it again after', () => {
    const mine = proposal('p1', 'EXECUTING', { claim: claimBy('Org1MSP', '2026-03-01T11:00:00.000Z') });
    const tried = (ago: number): Map<string, number> => new Map([['p1', NOW - ago]]);

    expect(plan([mine], { lastFailedAt: tried(60_000) })[0]).to.deep.equal({
      proposalId: 'p1',
      action: 'leave',
      reason:
        'this watch ran it without success at 2026-03-01T11:59:00.000Z; trying again from 2026-03-01T12:09:00.000Z',
    });
    expect(actionOf([mine], { lastFailedAt: tried(10 * 60_000) })).to.equal('resume');
    expect(actionOf([proposal('p1', 'APPROVED')], { lastFailedAt: tried(60_000) })).to.equal('leave');
    expect(actionOf([proposal('p2', 'APPROVED')], { lastFailedAt: tried(60_000) })).to.equal('execute');
  });

  it('orders its own interrupted executions first, then approved ones, then take-overs, oldest first, left ones last', () => {
    const decisions = plan([
      proposal('left', 'IN_PROGRESS'),
      proposal('take', 'EXECUTING', { claim: claimBy('Org2MSP', '2026-03-01T10:00:00.000Z') }),
      proposal('approved-1', 'APPROVED'),
      proposal('mine', 'EXECUTING', { claim: claimBy('Org1MSP', '2026-03-01T11:59:00.000Z') }),
      proposal('approved-2', 'APPROVED'),
    ]);

    expect(decisions.map((d) => `${d.action} ${d.proposalId}`)).to.deep.equal([
      'resume mine',
      'execute approved-1',
      'execute approved-2',
      'take-over take',
      'leave left',
    ]);
  });

  it('supersedes an APPROVED or EXECUTING proposal that invites a member or removes a non-member, and executes one that still fits', () => {
    const invitation = { mspId: 'Org3MSP', orgName: 'Org3', rootCerts: ['pem'], adminCert: 'pem' };
    const invite = { ...ACTIONS, invitations: [invitation] };
    const remove = { ...ACTIONS, removals: [{ mspId: 'Org3MSP' }] };
    const claim = claimBy('Org1MSP', '2026-03-01T11:59:00.000Z');
    const withOrg3 = { members: ['Org1MSP', 'Org2MSP', 'Org3MSP'] };

    expect(plan([proposal('p1', 'APPROVED', { actions: invite })], withOrg3)[0]?.reason).to.equal(
      'it invites Org3MSP, already a member: it can never be recorded EXECUTED',
    );
    expect(actionOf([proposal('p1', 'EXECUTING', { actions: invite, claim })], withOrg3)).to.equal(
      'supersede',
    );
    const theirs = claimBy('Org2MSP', '2026-03-01T11:59:00.000Z');
    expect(actionOf([proposal('p1', 'EXECUTING', { actions: invite, claim: theirs })], withOrg3)).to.equal(
      'supersede',
    );
    expect(plan([proposal('p1', 'APPROVED', { actions: remove })])[0]?.reason).to.equal(
      'it removes Org3MSP, not a member: it can never be recorded EXECUTED',
    );
    expect(actionOf([proposal('p1', 'APPROVED', { actions: invite })])).to.equal('execute');
    expect(actionOf([proposal('p1', 'EXECUTING', { actions: invite, claim })])).to.equal('resume');
    expect(actionOf([proposal('p1', 'APPROVED', { actions: remove })], withOrg3)).to.equal('execute');
  });

  it('decides nothing when there are no proposals', () => {
    expect(plan([])).to.deep.equal([]);
  });
});
