import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { connectAs, loadSigner, type FabricConnection } from '../../gateway/src/fabric/connect';
import { executeProposal, NotExecutableError } from '../../gateway/src/governance/executeProposal';
import {
  newGovernanceClient,
  type GovernanceClient,
  type ProposalSummary,
} from '../../gateway/src/governance/governanceClient';
import { submitBackdated } from '../support/backdatedSubmit';
import { chaincodeErrorCode } from '../support/fabricErrors';
import { connectUser, layout, text, uniqueId, untilVisible } from '../support/testNetwork';

const repo = path.join(__dirname, '..', '..');
const HOUR_MS = 3_600_000;

/**
 * Votes once the voter's own peer has the proposal with all `earlierVotes` votes on it, as a member
 * voting after reading the proposal would: a submit only waits for the submitter's peer to commit.
 */
async function voteWhenSeen(
  admin: GovernanceClient,
  proposalId: string,
  vote: 'YES' | 'NO',
  earlierVotes: number,
): Promise<ProposalSummary> {
  await untilVisible(async () => {
    const seen = (await admin.getProposal(proposalId)) as unknown as { votes: readonly unknown[] };
    if (seen.votes.length < earlierVotes) throw new Error(`${proposalId} has not all earlier votes yet`);
  });
  return admin.vote(proposalId, vote);
}

describe('consortium governance on the real network', function () {
  this.timeout(300_000);
  const connections: FabricConnection[] = [];
  const open = (org: 'org1' | 'org2' | 'org3', user: string): FabricConnection => {
    const c = connectAs({ org: layout.orgs[org], user });
    connections.push(c);
    return c;
  };
  const governanceOf = (c: FabricConnection): GovernanceClient =>
    newGovernanceClient(c.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName));
  let org1Admin: GovernanceClient;
  let org2Admin: GovernanceClient;
  let inviteId = '';

  before(async () => {
    org1Admin = governanceOf(open('org1', 'admin1'));
    org2Admin = governanceOf(open('org2', 'admin1'));
    const consortium = fs.readFileSync(path.join(repo, 'channel-config', 'consortium.json'), 'utf8');
    await org1Admin.initConsortium(consortium).catch((err: unknown) => {
      // A network reused across runs already has its consortium.
      if (chaincodeErrorCode(err) !== 'ALREADY_EXISTS') throw err;
    });
  });

  after(() => {
    connections.forEach((c) => {
      c.close();
    });
  });

  /** Prepares Org3's CA and crypto and proposes its invitation as the Org1 admin. */
  const proposeOrg3Invitation = (description: string): Promise<ProposalSummary> => {
    const invitation = execFileSync(
      'bash',
      [path.join(repo, 'scripts', 'channel-org.sh'), 'prepare', 'org3'],
      {
        encoding: 'utf8',
      },
    );
    return org1Admin.createProposal({ invitations: [JSON.parse(invitation) as unknown] }, description);
  };

  /** Opens an account as Org3's teller, endorsed by Org3 and Org1, and returns the commit status. */
  const openAccountAsOrg3Teller = async (accountNumber: string): Promise<number> => {
    const org3Teller = open('org3', 'teller1')
      .gateway.getNetwork(layout.channelName)
      .getContract(layout.chaincodeName);
    const endorsed = org3Teller.newProposal('Accounts:OpenAccount', {
      arguments: [accountNumber, 'cust-org3', 'USD'],
      endorsingOrganizations: ['Org3MSP', 'Org1MSP'],
    });
    return (await (await (await endorsed.endorse()).submit()).getStatus()).code;
  };

  it('approves an invitation of Org3 once Org1 and Org2 vote YES', async () => {
    const proposal = await proposeOrg3Invitation('invite Org3');
    inviteId = proposal.proposalId;

    expect((await voteWhenSeen(org1Admin, inviteId, 'YES', 0)).status).to.equal('IN_PROGRESS');
    expect((await voteWhenSeen(org2Admin, inviteId, 'YES', 1)).status).to.equal('APPROVED');
  });

  it('refuses a vote from a member that is not an admin', async () => {
    const teller = governanceOf(open('org2', 'teller1'));
    const proposal = await org1Admin.createProposal(
      { removals: [{ mspId: 'Org2MSP' }] },
      'not to be voted by a teller',
    );

    const vote = voteWhenSeen(teller, proposal.proposalId, 'YES', 0);

    await expect(vote).to.be.rejected.then((err: unknown) => {
      expect(chaincodeErrorCode(err)).to.equal('PERMISSION_DENIED');
    });
  });

  it('executes the approved invitation: Org3 joins the channel, endorses and queries', async () => {
    const outcome = await executeProposal({ governance: org1Admin, layout, proposalId: inviteId });

    expect(outcome).to.deep.equal({ status: 'EXECUTED' });
    expect((await org2Admin.getProposal(inviteId)).status).to.equal('EXECUTED');
    expect(await org2Admin.listMembers()).to.contain('"mspId":"Org3MSP"');
    const accountNumber = uniqueId('gov-org3');
    expect(await openAccountAsOrg3Teller(accountNumber)).to.equal(StatusCode.VALID);
    const org3Reader = open('org3', 'teller1')
      .gateway.getNetwork(layout.channelName)
      .getContract(layout.chaincodeName);
    const account = text(await org3Reader.evaluateTransaction('Accounts:GetAccount', accountNumber));
    expect(account).to.contain('"ownerMsp":"Org3MSP"');
  });

  it('rejects a removal of Org3 that gets a NO vote, and changes nothing', async () => {
    const org3Admin = governanceOf(open('org3', 'admin1'));
    const proposal = await org1Admin.createProposal({ removals: [{ mspId: 'Org3MSP' }] }, 'remove Org3');

    await voteWhenSeen(org2Admin, proposal.proposalId, 'YES', 0);
    const afterNo = await voteWhenSeen(org1Admin, proposal.proposalId, 'NO', 1);

    expect(afterNo.status).to.equal('REJECTED');
    await expect(
      executeProposal({ governance: org1Admin, layout, proposalId: proposal.proposalId }),
    ).to.be.rejectedWith(NotExecutableError, /REJECTED/);
    expect(await org3Admin.listMembers()).to.contain('"mspId":"Org3MSP"');
    const org3Reader = connectUser('org3', 'auditor1');
    connections.push(org3Reader);
    const members = text(
      await org3Reader.gateway
        .getNetwork(layout.channelName)
        .getContract(layout.chaincodeName)
        .evaluateTransaction('Governance:ListMembers'),
    );
    expect(members).to.contain('Org3MSP');
  });

  it('cannot execute an expired proposal', async () => {
    const admin = open('org1', 'admin1');
    const contract = admin.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
    const policyChange = {
      policyChange: {
        policy: { thresholdPercentage: 60, proposalDurationInHours: 24, thresholdComparator: 'GREATER_THAN' },
      },
    };
    const signer = loadSigner(path.join(layout.orgs.org1.usersDir, 'admin1', 'msp'));
    const created = JSON.parse(
      text(
        await submitBackdated(
          admin.gateway,
          contract,
          signer,
          'Governance:CreateProposal',
          [JSON.stringify(policyChange), 'created 25 hours ago'],
          25 * HOUR_MS,
        ),
      ),
    ) as { proposalId: string };

    expect((await org2Admin.getProposal(created.proposalId)).status).to.equal('EXPIRED');
    await expect(org2Admin.vote(created.proposalId, 'YES')).to.be.rejected.then((err: unknown) => {
      expect(chaincodeErrorCode(err)).to.equal('FAILED_PRECONDITION');
    });
    await expect(
      executeProposal({ governance: org1Admin, layout, proposalId: created.proposalId }),
    ).to.be.rejectedWith(NotExecutableError, /EXPIRED/);
  });

  it('records ACTION_FAILED with the reason when an approved invitation cannot be applied', async () => {
    const org3Admin = governanceOf(open('org3', 'admin1'));
    const crypto = path.join(layout.cryptoDir, 'org3');
    const unknownOrg = {
      mspId: 'Org9MSP',
      orgName: 'org9.example.com',
      rootCerts: [fs.readFileSync(path.join(crypto, 'ca', 'ca-cert.pem'), 'utf8')],
      adminCert: fs.readFileSync(path.join(crypto, 'users', 'admin', 'msp', 'signcerts', 'cert.pem'), 'utf8'),
    };
    const proposal = await org1Admin.createProposal(
      { invitations: [unknownOrg] },
      'invite an org without nodes',
    );
    for (const [earlierVotes, admin] of [org1Admin, org2Admin, org3Admin].entries()) {
      await voteWhenSeen(admin, proposal.proposalId, 'YES', earlierVotes);
    }

    const outcome = await executeProposal({ governance: org2Admin, layout, proposalId: proposal.proposalId });

    expect(outcome.status).to.equal('ACTION_FAILED');
    expect(outcome.reason).to.contain('Org9MSP has no node definition');
    const recorded = (await org1Admin.getProposal(proposal.proposalId)) as unknown as {
      status: string;
      execution: { reason: string };
    };
    expect(recorded.status).to.equal('ACTION_FAILED');
    expect(recorded.execution.reason).to.contain('Org9MSP');
    expect(await org1Admin.listMembers()).not.to.contain('Org9MSP');
  });

  it('executes an approved removal: Org3 leaves the channel configuration and its peer stops', async () => {
    const org3Admin = governanceOf(open('org3', 'admin1'));
    const proposal = await org1Admin.createProposal({ removals: [{ mspId: 'Org3MSP' }] }, 'Org3 leaves');
    for (const [earlierVotes, admin] of [org1Admin, org2Admin, org3Admin].entries()) {
      await voteWhenSeen(admin, proposal.proposalId, 'YES', earlierVotes);
    }

    const outcome = await executeProposal({ governance: org1Admin, layout, proposalId: proposal.proposalId });

    expect(outcome).to.deep.equal({ status: 'EXECUTED' });
    const channelMembers = execFileSync('bash', [path.join(repo, 'scripts', 'channel-org.sh'), 'members'], {
      encoding: 'utf8',
    });
    expect(channelMembers.trim().split('\n')).to.deep.equal(['Org1MSP', 'Org2MSP']);
    expect(await org1Admin.listMembers()).not.to.contain('Org3MSP');
    expect(fs.existsSync(path.join(layout.runDir, 'pids', 'peer0-org3.pid'))).to.equal(false);
  });

  it('invites Org3 again after its removal: it rejoins and its re-enrolled teller endorses', async () => {
    const proposal = await proposeOrg3Invitation('invite Org3 back');
    await voteWhenSeen(org1Admin, proposal.proposalId, 'YES', 0);
    await voteWhenSeen(org2Admin, proposal.proposalId, 'YES', 1);

    const outcome = await executeProposal({ governance: org2Admin, layout, proposalId: proposal.proposalId });

    expect(outcome).to.deep.equal({ status: 'EXECUTED' });
    expect(await openAccountAsOrg3Teller(uniqueId('gov-org3-back'))).to.equal(StatusCode.VALID);
    expect(await org1Admin.listMembers()).to.contain('"mspId":"Org3MSP"');
  });
});
