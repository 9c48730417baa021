/** GovernanceContract: founding the consortium (`InitConsortium`). Shared setup in governanceContractHarness.ts. */
import { expect } from 'chai';
import type { WriteEntry } from '@chaincode/lib/journal';
import {
  charterKey,
  compositeKey,
  consortiumKey,
  IndexType,
  memberKey,
  printableKey,
} from '@chaincode/lib/keys';
import { timeKey } from '@chaincode/lib/time';
import { CONSORTIUM_FILE, exactly, GT, GTE, policy, THREE_MEMBERS } from '../governanceFixtures';
import { governanceSpecForEachTest, iso } from '../governanceContractHarness';
import { parse } from '../harness';

describe('GovernanceContract', () => {
  const gov = governanceSpecForEachTest();

  describe('#InitConsortium', () => {
    it('creates the consortium of channel-config/consortium.json with its members and policies', async () => {
      const view = await gov.init();
      expect(view.networkName).to.equal('ledger-consortium');
      expect(view.members.map((m) => [m.mspId, m.displayName, m.invitedBy])).to.deep.equal([
        ['Org1MSP', 'Org1', null],
        ['Org2MSP', 'Org2', null],
      ]);
      expect(view.policy).to.deep.equal(policy(50, GT, 24));
      expect(view.actionPolicies).to.deep.equal({
        INVITE: policy(75, GTE, 48),
        REMOVE: policy(90, GTE, 72),
        POLICY_CHANGE: policy(66, GTE, 24),
      });
      expect(view.adminsSignaturesRequired).to.equal(2);
      expect(view.adminsPolicyRule).to.equal("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')");
      expect(view.createdBy).to.deep.equal({
        msp: 'Org1MSP',
        id: 'x509::/C=US/O=Org1MSP/CN=admin1::/C=US/O=Org1MSP/CN=ca.Org1MSP',
      });
      expect(view.createdAt).to.equal(gov.h.journal().timestamp);
    });

    it('journals the charter, consortium and member keys of the founding acceptance in one entry and audits each of them', async () => {
      const charter = await gov.accept(gov.admin1, CONSORTIUM_FILE);
      await gov.accept(gov.admin2, CONSORTIUM_FILE);
      const record = gov.h.journal();
      const entry = record.entries[0] as WriteEntry;
      const keys = [
        charterKey(charter.charterSha256),
        consortiumKey(),
        memberKey('Org1MSP'),
        memberKey('Org2MSP'),
      ];
      expect(entry.writes.map((w) => w.key)).to.deep.equal(keys.map(printableKey).sort());
      for (const key of keys) {
        const auditKey = compositeKey(IndexType.AUDIT_BY_RESOURCE, [
          printableKey(key),
          timeKey(BigInt(Date.parse(record.timestamp)) * 1_000_000n),
          record.txId,
        ]);
        expect(gov.h.fake.json(auditKey)).to.include({
          action: 'Governance:InitConsortium',
          msp: 'Org2MSP',
          role: 'admin',
        });
      }
    });

    it('is callable only once', async () => {
      await gov.init();
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.InitConsortium(ctx, CONSORTIUM_FILE),
        /^\[ALREADY_EXISTS\] the consortium already exists/,
      );
    });

    it('refuses a caller without the admin role', async () => {
      for (const identity of [gov.teller1, gov.noRole1]) {
        await gov.refused(
          identity,
          (ctx) => gov.contract.InitConsortium(ctx, CONSORTIUM_FILE),
          /^\[PERMISSION_DENIED\] Governance:InitConsortium: attribute ledger\.role got .*, want admin/,
        );
      }
    });

    it('refuses an admin of an org that is not a founding member', async () => {
      await gov.refused(
        gov.admin3,
        (ctx) => gov.contract.InitConsortium(ctx, CONSORTIUM_FILE),
        /^\[PERMISSION_DENIED\] Governance:InitConsortium: caller MSP got "Org3MSP", want one of the founding members Org1MSP, Org2MSP$/,
      );
    });

    it('refuses a malformed definition naming the field, before reading or writing state (cases in requests.spec.ts)', async () => {
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.InitConsortium(ctx, JSON.stringify({ ...parse(CONSORTIUM_FILE), quorum: 3 })),
        /^\[INVALID_ARGUMENT\] consortiumJson\.quorum: got 3, want no such field/,
      );
      expect(gov.h.fake.json(consortiumKey())).to.equal(undefined);
    });

    it('keeps a charter pending until every founding member has accepted it: one org alone founds nothing', async () => {
      const first = await gov.accept(gov.admin1, CONSORTIUM_FILE);

      expect(first).to.deep.include({ acceptedBy: ['Org1MSP'], waitingFor: ['Org2MSP'], consortium: null });
      expect(gov.h.fake.json(consortiumKey())).to.equal(undefined);
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.CreateProposal(ctx, JSON.stringify({ removals: [{ mspId: 'Org2MSP' }] }), ''),
        /^\[FAILED_PRECONDITION\] no consortium/,
      );
      const second = await gov.accept(gov.admin2, CONSORTIUM_FILE);
      expect(second).to.deep.include({ acceptedBy: ['Org1MSP', 'Org2MSP'], waitingFor: [] });
      expect(second.consortium?.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('treats a definition that differs in any policy as another charter, which the first acceptance does not found', async () => {
      const theirs = JSON.stringify({ ...parse(CONSORTIUM_FILE), policy: policy(0, GTE, 24) });
      const ours = await gov.accept(gov.admin1, CONSORTIUM_FILE);

      const other = await gov.accept(gov.admin2, theirs);

      expect(other.charterSha256).not.to.equal(ours.charterSha256);
      expect(other).to.deep.include({ acceptedBy: ['Org2MSP'], waitingFor: ['Org1MSP'], consortium: null });
      expect(gov.h.fake.json(consortiumKey())).to.equal(undefined);
    });

    it('counts the same definition in another member order and spacing as the same charter', async () => {
      const reordered = JSON.stringify({
        ...parse(CONSORTIUM_FILE),
        members: [...parse<{ members: unknown[] }>(CONSORTIUM_FILE).members].reverse(),
      });
      const ours = await gov.accept(gov.admin1, CONSORTIUM_FILE);

      const theirs = await gov.accept(gov.admin2, reordered);

      expect(theirs.charterSha256).to.equal(ours.charterSha256);
      expect(theirs.waitingFor).to.deep.equal([]);
    });

    it('refuses a second acceptance of the same charter by the same org, naming whom it waits for', async () => {
      const { charterSha256 } = await gov.accept(
        gov.admin1,
        CONSORTIUM_FILE,
        iso('2025-01-02T00:00:00.000Z'),
      );
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.InitConsortium(ctx, CONSORTIUM_FILE),
        exactly(
          `[ALREADY_EXISTS] Org1MSP already accepted charter ${charterSha256} at 2025-01-02T00:00:00.000Z; waiting for Org2MSP`,
        ),
      );
    });

    it('accepts a definition without per-action policies', async () => {
      const view = await gov.init(THREE_MEMBERS);
      expect(view.actionPolicies).to.deep.equal({});
      expect(view.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      expect(view.adminsPolicyRule).to.equal("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')");
    });
  });
});
