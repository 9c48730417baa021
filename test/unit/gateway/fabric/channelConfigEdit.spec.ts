import { expect } from 'chai';
import {
  ChannelConfigEditError,
  describeApplication,
  parseAdminsRule,
  sameAdminsRule,
  signaturePolicyJson,
  withAdminsRule,
  withNewOrg,
  withoutOrg,
  type JsonObject,
} from '@gateway/fabric/channelConfigEdit';
import { twoOrgConfig } from '@test-support/channelConfigJson';

describe('channelConfigEdit', () => {
  describe('#parseAdminsRule', () => {
    it('reads the count and the MSP ids of an OutOf rule', () => {
      expect(parseAdminsRule("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')")).to.deep.equal({
        required: 2,
        mspIds: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
      });
    });

    it('refuses other shapes, zero or too many signatures and repeated MSPs', () => {
      for (const rule of [
        "AND('Org1MSP.admin')",
        "OutOf(0, 'Org1MSP.admin')",
        "OutOf(3, 'Org1MSP.admin', 'Org2MSP.admin')",
        "OutOf(1, 'Org1MSP.member')",
        "OutOf(1, 'Org1MSP.admin', 'Org1MSP.admin')",
        '',
      ]) {
        expect(() => parseAdminsRule(rule), rule).to.throw(ChannelConfigEditError);
      }
    });
  });

  describe('#withNewOrg', () => {
    it('adds the org group and leaves the input untouched', () => {
      const config = twoOrgConfig();

      const edited = withNewOrg(config, 'Org3MSP', { values: { MSP: {} } });

      const groups = (edited.channel_group as { groups: { Application: { groups: JsonObject } } }).groups
        .Application.groups;
      expect(Object.keys(groups)).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      expect(
        Object.keys(
          (config.channel_group as { groups: { Application: { groups: JsonObject } } }).groups.Application
            .groups,
        ),
      ).to.have.length(2);
    });

    it('sets the Admins policy to the explicit signature policy of the rule', () => {
      const rule = parseAdminsRule("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')");

      const edited = withNewOrg(twoOrgConfig(), 'Org3MSP', {}, rule);

      const admins = (
        edited.channel_group as { groups: { Application: { policies: { Admins: JsonObject } } } }
      ).groups.Application.policies.Admins;
      expect(admins.policy).to.deep.equal(signaturePolicyJson(rule));
      expect(admins.mod_policy).to.equal('Admins');
      expect(JSON.stringify(admins.policy)).to.contain('"n":2').and.to.contain('"msp_identifier":"Org3MSP"');
    });

    it('refuses an org that is already a member and a rule naming a non-member', () => {
      expect(() => withNewOrg(twoOrgConfig(), 'Org2MSP', {})).to.throw(
        ChannelConfigEditError,
        /already a member/,
      );
      expect(() =>
        withNewOrg(twoOrgConfig(), 'Org3MSP', {}, parseAdminsRule("OutOf(1, 'Org9MSP.admin')")),
      ).to.throw(ChannelConfigEditError, /not members/);
    });

    it('refuses a configuration without an Application group', () => {
      expect(() => withNewOrg({ channel_group: { groups: {} } }, 'Org3MSP', {})).to.throw(
        ChannelConfigEditError,
        /Application/,
      );
    });
  });
});

describe('channelConfigEdit removal', () => {
  describe('#withoutOrg', () => {
    it('removes the org group and sets the Admins rule of the remaining members', () => {
      const rule = parseAdminsRule("OutOf(1, 'Org1MSP.admin')");

      const edited = withoutOrg(twoOrgConfig(), 'Org2MSP', rule);

      const application = (
        edited.channel_group as {
          groups: { Application: { groups: JsonObject; policies: { Admins: JsonObject } } };
        }
      ).groups.Application;
      expect(Object.keys(application.groups)).to.deep.equal(['Org1MSP']);
      expect(application.policies.Admins.policy).to.deep.equal(signaturePolicyJson(rule));
    });

    it('refuses a non-member, the last member and a rule naming the removed org', () => {
      expect(() => withoutOrg(twoOrgConfig(), 'Org9MSP')).to.throw(ChannelConfigEditError, /not a member/);
      const single = withoutOrg(twoOrgConfig(), 'Org2MSP');
      expect(() => withoutOrg(single, 'Org1MSP')).to.throw(ChannelConfigEditError, /last member/);
      expect(() =>
        withoutOrg(twoOrgConfig(), 'Org2MSP', parseAdminsRule("OutOf(1, 'Org2MSP.admin')")),
      ).to.throw(ChannelConfigEditError, /not members/);
    });
  });
});

describe('channelConfigEdit policy change', () => {
  describe('#withAdminsRule', () => {
    it('sets only the Admins policy', () => {
      const rule = parseAdminsRule("OutOf(1, 'Org1MSP.admin', 'Org2MSP.admin')");

      const edited = withAdminsRule(twoOrgConfig(), rule);

      const application = (
        edited.channel_group as {
          groups: { Application: { groups: JsonObject; policies: { Admins: JsonObject } } };
        }
      ).groups.Application;
      expect(application.policies.Admins.policy).to.deep.equal(signaturePolicyJson(rule));
      expect(Object.keys(application.groups)).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });
  });
});

describe('channelConfigEdit reading', () => {
  describe('#describeApplication', () => {
    it('reads the application orgs and renders the Admins rule it set', () => {
      const rule = "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')";
      const config = withNewOrg(twoOrgConfig(), 'Org3MSP', { values: {} }, parseAdminsRule(rule));

      expect(describeApplication(config)).to.deep.equal({
        members: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
        adminsRule: rule,
      });
    });

    it('reads the zero values configtxlator leaves out as 0', () => {
      const config = withAdminsRule(twoOrgConfig(), parseAdminsRule("OutOf(1, 'Org1MSP.admin')"));
      const admins = (
        config.channel_group as {
          groups: { Application: { policies: { Admins: { policy: { value: JsonObject } } } } };
        }
      ).groups.Application.policies.Admins.policy;
      admins.value.rule = { n_out_of: { n: 1, rules: [{}] } };

      expect(describeApplication(config).adminsRule).to.equal("OutOf(1, 'Org1MSP.admin')");
    });

    it('gives no rule for a policy that is not a signature rule of admins', () => {
      expect(describeApplication(twoOrgConfig())).to.deep.equal({
        members: ['Org1MSP', 'Org2MSP'],
        adminsRule: null,
      });
    });
  });

  describe('#sameAdminsRule', () => {
    it('equates rules that ask the same signatures in another order', () => {
      expect(
        sameAdminsRule(
          "OutOf(1, 'Org2MSP.admin', 'Org1MSP.admin')",
          "OutOf(1, 'Org1MSP.admin','Org2MSP.admin')",
        ),
      ).to.equal(true);
    });

    it('tells apart another count, another member set, no rule and a malformed rule', () => {
      const rule = "OutOf(1, 'Org1MSP.admin', 'Org2MSP.admin')";
      expect(sameAdminsRule(rule, "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')")).to.equal(false);
      expect(sameAdminsRule(rule, "OutOf(1, 'Org1MSP.admin', 'Org3MSP.admin')")).to.equal(false);
      expect(sameAdminsRule(rule, null)).to.equal(false);
      expect(sameAdminsRule(rule, 'MAJORITY Admins')).to.equal(false);
    });
  });
});
