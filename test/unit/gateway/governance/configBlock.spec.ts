import { expect } from 'chai';
import { common, msp } from '@hyperledger/fabric-protos';
import {
  ConfigBlockError,
  executionProblems,
  readConfigBlock,
  type ConfigBlockSummary,
  type ExecutedProposal,
} from '@gateway/governance/configBlock';

/** An org group whose MSP value names `mspId`. */
function orgGroup(mspId: string): common.ConfigGroup {
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(mspId);
  const config = new msp.MSPConfig();
  config.setConfig(fabric.serializeBinary());
  const value = new common.ConfigValue();
  value.setValue(config.serializeBinary());
  const group = new common.ConfigGroup();
  group.getValuesMap().set('MSP', value);
  return group;
}

/** `OutOf(n, '<msp>.admin', …)` as a config policy. */
function adminsPolicy(n: number, mspIds: readonly string[]): common.ConfigPolicy {
  const envelope = new common.SignaturePolicyEnvelope();
  const outOf = new common.SignaturePolicy.NOutOf();
  outOf.setN(n);
  mspIds.forEach((id, index) => {
    const role = new msp.MSPRole();
    role.setMspIdentifier(id);
    role.setRole(msp.MSPRole.MSPRoleType.ADMIN);
    const principal = new msp.MSPPrincipal();
    principal.setPrincipal(role.serializeBinary());
    envelope.addIdentities(principal);
    const rule = new common.SignaturePolicy();
    rule.setSignedBy(index);
    outOf.addRules(rule);
  });
  const rule = new common.SignaturePolicy();
  rule.setNOutOf(outOf);
  envelope.setRule(rule);
  const policy = new common.Policy();
  policy.setType(common.Policy.PolicyType.SIGNATURE);
  policy.setValue(envelope.serializeBinary());
  const configPolicy = new common.ConfigPolicy();
  configPolicy.setPolicy(policy);
  return configPolicy;
}

/** A block `number` whose single envelope has header type `type` (CONFIG carries the orgs). */
function block(number: number, type: number, orgs: readonly string[], admins = 2): Uint8Array {
  const application = new common.ConfigGroup();
  orgs.forEach((id) => application.getGroupsMap().set(id.replace('MSP', ''), orgGroup(id)));
  application.getPoliciesMap().set('Admins', adminsPolicy(admins, orgs));
  const channelGroup = new common.ConfigGroup();
  channelGroup.getGroupsMap().set('Application', application);
  const config = new common.Config();
  config.setChannelGroup(channelGroup);
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(type);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const data = new common.BlockData();
  data.addData(envelope.serializeBinary());
  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(number);
  const b = new common.Block();
  b.setHeader(blockHeader);
  b.setData(data);
  return b.serializeBinary();
}

const CONFIG = common.HeaderType.CONFIG;
const ENDORSER_TX = common.HeaderType.ENDORSER_TRANSACTION;

const invitingOrg3 = (execution: ExecutedProposal['execution']): ExecutedProposal => ({
  proposalId: 'p1',
  status: 'EXECUTED',
  actions: { invitations: [{ mspId: 'Org3MSP' }], removals: [], policyChange: null },
  execution,
});

const summary = (
  blockNumber: number,
  orgs: string[],
  adminsRule: string | null = null,
): ConfigBlockSummary => ({
  blockNumber,
  isConfig: true,
  orgs,
  adminsRule,
  lastConfigBlockNumber: blockNumber,
});

describe('configBlock', () => {
  describe('#readConfigBlock', () => {
    it('reads the MSP ids of the Application groups and the Admins rule of a config block', () => {
      const read = readConfigBlock(block(7, CONFIG, ['Org2MSP', 'Org1MSP', 'Org3MSP']));

      expect(read).to.deep.include({
        blockNumber: 7,
        isConfig: true,
        orgs: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
      });
      expect(read.adminsRule).to.equal("OutOf(2, 'Org2MSP.admin', 'Org1MSP.admin', 'Org3MSP.admin')");
    });

    it('says a transaction block is not a config block and names no orgs', () => {
      const read = readConfigBlock(block(8, ENDORSER_TX, ['Org1MSP']));

      expect(read).to.deep.include({ blockNumber: 8, isConfig: false, orgs: [], adminsRule: null });
    });

    it('refuses bytes that are not a block', () => {
      expect(() => readConfigBlock(new Uint8Array([0xff, 0xff, 0xff]))).to.throw(
        ConfigBlockError,
        /not a block/,
      );
    });
  });

  describe('#executionProblems', () => {
    const record = { configBlockNumber: 9, channelOrgs: ['Org1MSP', 'Org2MSP', 'Org3MSP'] };

    it('finds nothing wrong with a record that matches a config block after the proposal', () => {
      expect(
        executionProblems(invitingOrg3(record), summary(9, ['Org1MSP', 'Org2MSP', 'Org3MSP']), 5, null),
      ).to.deep.equal([]);
    });

    it('names the orgs when the block does not hold the invited org the record claims', () => {
      expect(
        executionProblems(invitingOrg3(record), summary(9, ['Org1MSP', 'Org2MSP']), 5, null),
      ).to.deep.equal([
        'config block 9 has the orgs [Org1MSP, Org2MSP], the record says [Org1MSP, Org2MSP, Org3MSP]',
        'config block 9 lacks the invited org Org3MSP',
      ]);
    });

    it('refuses a config block that is not after the proposal of an invitation', () => {
      expect(
        executionProblems(invitingOrg3(record), summary(9, ['Org1MSP', 'Org2MSP', 'Org3MSP']), 9, null),
      ).to.deep.equal([
        'config block 9 is not after block 9, which holds the proposal: no channel change was made for it',
      ]);
    });

    it('holds a VEPS keys record naming the config block in effect, though older than the proposal', () => {
      const vepsOnly: ExecutedProposal = {
        proposalId: 'p1',
        status: 'EXECUTED',
        actions: { invitations: [], removals: [], policyChange: null },
        execution: { configBlockNumber: 2, channelOrgs: ['Org1MSP', 'Org2MSP'] },
      };
      expect(executionProblems(vepsOnly, summary(2, ['Org1MSP', 'Org2MSP']), 5, null)).to.deep.equal([]);
      expect(executionProblems(vepsOnly, summary(2, ['Org1MSP']), 5, null)).to.deep.equal([
        'config block 2 has the orgs [Org1MSP], the record says [Org1MSP, Org2MSP]',
      ]);
    });

    it('refuses a record naming a block that is not a config block', () => {
      const notConfig = { ...summary(9, []), isConfig: false };
      expect(executionProblems(invitingOrg3(record), notConfig, 5, null)).to.deep.equal([
        'block 9 is not a channel configuration block',
      ]);
    });

    it('refuses a record without a block number or org set', () => {
      expect(executionProblems(invitingOrg3({ configBlockNumber: null }), null, 5, null)).to.deep.equal([
        'the execution of proposal p1 names no configuration block and org set, so it cannot be checked',
      ]);
    });

    it('refuses a block whose Admins rule is not the one a new default policy needs, and accepts it in another order', () => {
      const policyChange: ExecutedProposal = {
        proposalId: 'p2',
        status: 'EXECUTED',
        actions: { invitations: [], removals: [], policyChange: { policy: {} } },
        execution: { configBlockNumber: 3, channelOrgs: ['Org1MSP', 'Org2MSP'] },
      };
      const wanted = "OutOf(1, 'Org1MSP.admin', 'Org2MSP.admin')";
      const stale = summary(3, ['Org1MSP', 'Org2MSP'], "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')");
      expect(executionProblems(policyChange, stale, 8, wanted)).to.deep.equal([
        `config block 3 has the Admins rule OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin'), the new default policy needs ${wanted}`,
      ]);
      const rewritten = summary(3, ['Org1MSP', 'Org2MSP'], "OutOf(1, 'Org2MSP.admin', 'Org1MSP.admin')");
      expect(executionProblems(policyChange, rewritten, 8, wanted)).to.deep.equal([]);
    });
  });
});
