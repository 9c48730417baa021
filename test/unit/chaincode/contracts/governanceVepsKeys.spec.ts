/** GovernanceContract: VEPS_KEYS proposals and `GetVepsKeys`. Shared setup in governanceContractHarness.ts. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import type { ClientIdentity } from 'fabric-shim';
import type { ProposalView, VepsKeysRecord } from '@chaincode/model/governance';
import { LedgerError } from '@chaincode/lib/errors';
import type { WriteEntry } from '@chaincode/lib/journal';
import { printableKey, proposalKey, vepsKeysKey } from '@chaincode/lib/keys';
import { GTE, policy } from '../governanceFixtures';
import { governanceSpecForEachTest } from '../governanceContractHarness';

describe('GovernanceContract', () => {
  const gov = governanceSpecForEachTest();

  describe('VEPS_KEYS proposals and #GetVepsKeys', () => {
    const VEPS_DIR = path.resolve(__dirname, '../../../vectors/veps');
    const ED25519 = readFileSync(path.join(VEPS_DIR, 'keys/veps-ed25519.pem'), 'utf8');
    const P256 = readFileSync(path.join(VEPS_DIR, 'keys/veps-p256.pem'), 'utf8');
    const TWO_KEYS = {
      keys: [
        { id: 'veps-ed25519', publicKeyPem: ED25519 },
        { id: 'veps-p256', publicKeyPem: P256 },
      ],
    };
    const getVepsKeys = (identity: ClientIdentity = gov.auditor1): Promise<VepsKeysRecord> =>
      gov.readAt<VepsKeysRecord>(identity, (ctx) => gov.contract.GetVepsKeys(ctx));

    /** Proposes, approves (Org1 and Org2 YES) and executes as Org1 with the current orgs. */
    const setKeys = async (vepsKeys: unknown): Promise<ProposalView> => {
      const { proposalId } = await gov.propose(gov.admin1, { vepsKeys });
      await gov.vote(gov.admin1, proposalId, 'YES');
      expect((await gov.vote(gov.admin2, proposalId, 'YES')).status).to.equal('APPROVED');
      return gov.execute(gov.admin1, proposalId, {
        status: 'EXECUTED',
        configBlockNumber: 3,
        channelOrgs: ['Org1MSP', 'Org2MSP'],
      });
    };

    it('has no keys, so verification is off, until a VEPS_KEYS proposal is executed', async () => {
      await gov.init();
      expect(await getVepsKeys()).to.deep.equal({ keys: [], proposalId: null, updatedAt: null });
    });

    it('proposes VEPS_KEYS under the default policy and stores the keys only when executed, with no channel change', async () => {
      const consortium = await gov.init();
      const proposal = await gov.propose(gov.admin1, { vepsKeys: TWO_KEYS });
      expect(proposal.actionKinds).to.deep.equal(['VEPS_KEYS']);
      expect(proposal.actions.vepsKeys).to.deep.equal(TWO_KEYS);
      expect(proposal.policy).to.deep.equal(consortium.policy);
      await gov.vote(gov.admin1, proposal.proposalId, 'YES');
      await gov.vote(gov.admin2, proposal.proposalId, 'YES');
      expect((await getVepsKeys()).keys).to.deep.equal([]);
      const executed = await gov.execute(gov.admin1, proposal.proposalId, {
        status: 'EXECUTED',
        configBlockNumber: 3,
        channelOrgs: ['Org1MSP', 'Org2MSP'],
      });
      expect(executed.status).to.equal('EXECUTED');
      expect((gov.h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal(
        [printableKey(proposalKey(proposal.proposalId)), printableKey(vepsKeysKey())].sort(),
      );
      const stored = await getVepsKeys(gov.teller1);
      expect(stored.keys).to.deep.equal(TWO_KEYS.keys);
      expect(stored.proposalId).to.equal(proposal.proposalId);
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('turns verification off again with an executed empty key list', async () => {
      await gov.init();
      await setKeys(TWO_KEYS);
      const off = await setKeys({ keys: [] });
      const stored = await getVepsKeys();
      expect(stored.keys).to.deep.equal([]);
      expect(stored.proposalId).to.equal(off.proposalId);
    });

    it('follows a VEPS_KEYS action policy when the consortium sets one', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(gov.admin1, {
        policyChange: { actionPolicies: { VEPS_KEYS: policy(100, GTE, 2) } },
      });
      await gov.vote(gov.admin1, proposalId, 'YES');
      await gov.vote(gov.admin2, proposalId, 'YES');
      await gov.execute(gov.admin1, proposalId, { status: 'EXECUTED' });
      expect((await gov.propose(gov.admin1, { vepsKeys: TWO_KEYS })).policy).to.deep.equal(
        policy(100, GTE, 2),
      );
    });

    it('refuses a malformed key naming the field (cases in requests.spec.ts)', async () => {
      await gov.init();
      await gov.refused(
        gov.admin1,
        (ctx) =>
          gov.contract.CreateProposal(
            ctx,
            JSON.stringify({ vepsKeys: { keys: [{ id: 'a:b', publicKeyPem: ED25519 }] } }),
            '',
          ),
        /^\[INVALID_ARGUMENT\] actionsJson\.vepsKeys\.keys\[0\]\.id: got "a:b", want 1 to 64 characters/,
      );
    });

    it('refuses GetVepsKeys to a caller without a role', async () => {
      await expect(
        gov.h.evaluate(gov.contract, gov.noRole1, (ctx) => gov.contract.GetVepsKeys(ctx)),
      ).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\]/);
    });
  });
});
