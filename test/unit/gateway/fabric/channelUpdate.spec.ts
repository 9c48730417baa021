import { expect } from 'chai';
import { parseAdminsRule, type JsonObject } from '@gateway/fabric/channelConfigEdit';
import { applyChannelEdit, ordererTarget, peerAdminEnv, signingPlan } from '@gateway/fabric/channelUpdate';
import { networkLayout } from '@gateway/fabric/networkLayout';
import { loadTopology } from '@gateway/topology/loadTopology';
import { twoOrgConfig } from '@test-support/channelConfigJson';

// The repository's topology (network/topology.json: network base 7000), moved to base 15000.
const env = { NETWORK_RUN_DIR: '/run/net', NETWORK_PORT_BASE: '15000' };
const layout = networkLayout(env);

const RULE = "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')";

const applicationOrgs = (config: JsonObject): string[] =>
  Object.keys(
    (config as { channel_group: { groups: { Application: { groups: JsonObject } } } }).channel_group.groups
      .Application.groups,
  );

describe('channelUpdate', () => {
  describe('#signingPlan', () => {
    it('has every org but the last sign and the last submit', () => {
      expect(signingPlan(['org1', 'org2', 'org3'])).to.deep.equal({
        signers: ['org1', 'org2'],
        submitter: 'org3',
      });
    });

    it('has a single org submit without a separate signature', () => {
      expect(signingPlan(['org2'])).to.deep.equal({ signers: [], submitter: 'org2' });
    });

    it('refuses an update with no org to sign it', () => {
      expect(() => signingPlan([])).to.throw(/at least one signing org/);
    });
  });

  describe('#applyChannelEdit', () => {
    it('adds a new org with the Admins rule', () => {
      const outcome = applyChannelEdit(twoOrgConfig(), {
        kind: 'add',
        mspId: 'Org3MSP',
        orgGroup: { values: { MSP: {} } },
        adminsRule: parseAdminsRule(RULE),
      });

      expect(outcome.changed).to.equal(true);
      if (outcome.changed)
        expect(applicationOrgs(outcome.config)).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    it('changes nothing when the org to add is already a member, saying so', () => {
      expect(applyChannelEdit(twoOrgConfig(), { kind: 'add', mspId: 'Org2MSP', orgGroup: {} })).to.deep.equal(
        {
          changed: false,
          reason: 'Org2MSP is already in the channel configuration',
        },
      );
    });

    it('removes a member org', () => {
      const outcome = applyChannelEdit(twoOrgConfig(), { kind: 'remove', mspId: 'Org2MSP' });

      expect(outcome.changed).to.equal(true);
      if (outcome.changed) expect(applicationOrgs(outcome.config)).to.deep.equal(['Org1MSP']);
    });

    it('changes nothing when the org to remove is not a member, saying so', () => {
      expect(applyChannelEdit(twoOrgConfig(), { kind: 'remove', mspId: 'Org3MSP' })).to.deep.equal({
        changed: false,
        reason: 'Org3MSP is not in the channel configuration',
      });
    });

    it('sets the Admins rule as a signature policy', () => {
      const outcome = applyChannelEdit(twoOrgConfig(), {
        kind: 'admins',
        adminsRule: parseAdminsRule("OutOf(1, 'Org1MSP.admin', 'Org2MSP.admin')"),
      });

      expect(outcome.changed).to.equal(true);
      if (outcome.changed) expect(JSON.stringify(outcome.config)).to.contain('"type":1');
    });

    it('refuses a CRL for an org that is not in the channel, rather than reporting no change', () => {
      expect(() => applyChannelEdit(twoOrgConfig(), { kind: 'crl', mspId: 'Org9MSP', crlPem: '' })).to.throw(
        /Org9MSP/,
      );
    });
  });

  describe('#peerAdminEnv', () => {
    it("acts as the org's admin through its first peer, trusting the org's CA (use_peer_admin)", () => {
      expect(peerAdminEnv(layout, 'org1')).to.deep.equal({
        FABRIC_CFG_PATH: '/run/net/config/peer-org1',
        CORE_PEER_LOCALMSPID: 'Org1MSP',
        CORE_PEER_MSPCONFIGPATH: '/run/net/crypto/org1/users/admin/msp',
        CORE_PEER_ADDRESS: '127.0.0.1:15100',
        CORE_PEER_TLS_ENABLED: 'true',
        CORE_PEER_TLS_ROOTCERT_FILE: '/run/net/crypto/org1/ca/ca-cert.pem',
        CORE_PEER_TLS_CLIENTAUTHREQUIRED: 'false',
      });
    });

    it('refuses an org that is not in the topology, naming the ones that are', () => {
      expect(() => peerAdminEnv(layout, 'org9')).to.throw(/unknown org 'org9'.*org1/);
    });
  });

  describe('#ordererTarget', () => {
    it("is the first orderer's address with the orderer org's CA", () => {
      expect(ordererTarget(loadTopology(env), layout.cryptoDir)).to.deep.equal({
        address: '127.0.0.1:15050',
        caFile: '/run/net/crypto/orderer/ca/ca-cert.pem',
      });
    });

    it('refuses a topology without orderers', () => {
      const topology = loadTopology(env);
      const noOrderers = { ...topology, ordererOrg: { ...topology.ordererOrg, orderers: [] } };

      expect(() => ordererTarget(noOrderers, layout.cryptoDir)).to.throw(/no orderer/);
    });
  });
});
