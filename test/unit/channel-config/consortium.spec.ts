import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { adminsSignatureRule, parseApprovalThresholdPolicy } from '@chaincode/lib/voting';
import { TEST_CODE_NODE_FLAGS } from '@test-support/testCodeProcess';

const REPO = path.join(__dirname, '..', '..', '..');
const channelConfig = path.join(REPO, 'channel-config');

describe('channel-config', () => {
  describe('configtx.yaml', () => {
    it('sets the Application Admins policy that the consortium voting policy derives, over the founding orgs', () => {
      const consortium = JSON.parse(fs.readFileSync(path.join(channelConfig, 'consortium.json'), 'utf8')) as {
        members: { mspId: string }[];
        policy: unknown;
      };
      const rendered = execFileSync(
        process.execPath,
        [...TEST_CODE_NODE_FLAGS, 'gateway/src/cli/topologyEnv.ts', '--configtx', '/crypto'],
        { cwd: REPO, encoding: 'utf8', env: { ...process.env, NETWORK_TOPOLOGY: '', NETWORK_PORT_BASE: '' } },
      );
      const application = rendered.slice(rendered.indexOf('Application: &ApplicationDefaults'));
      const admins = /Admins:\s*\n\s*Type: Signature\s*\n\s*Rule: "([^"]+)"/.exec(application);

      const derived = adminsSignatureRule(
        consortium.members.map((m) => m.mspId),
        parseApprovalThresholdPolicy('policy', consortium.policy),
      );

      expect(admins?.[1]).to.equal(derived);
    });

    it("names the topology's founding orgs, and only them, as the consortium's founding members", () => {
      const consortium = JSON.parse(fs.readFileSync(path.join(channelConfig, 'consortium.json'), 'utf8')) as {
        members: { mspId: string }[];
      };
      const topology = JSON.parse(fs.readFileSync(path.join(REPO, 'network', 'topology.json'), 'utf8')) as {
        orgs: { name: string; mspId: string }[];
        channels: { founders: string[] }[];
      };
      const founders = (topology.channels[0]?.founders ?? []).map(
        (name) => topology.orgs.find((o) => o.name === name)?.mspId,
      );
      expect(consortium.members.map((m) => m.mspId)).to.deep.equal(founders);
    });

    it('requires a majority of member orgs to endorse chaincode and lifecycle changes', () => {
      const configtx = fs.readFileSync(path.join(channelConfig, 'configtx.yaml'), 'utf8');
      const application = configtx.slice(
        configtx.indexOf('Application: &ApplicationDefaults'),
        configtx.indexOf('Orderer: &OrdererDefaults'),
      );

      expect(application).to.match(
        /LifecycleEndorsement:\s*\n\s*Type: ImplicitMeta\s*\n\s*Rule: 'MAJORITY Endorsement'/,
      );
      expect(application).to.match(
        /\n {4}Endorsement:\s*\n\s*Type: ImplicitMeta\s*\n\s*Rule: 'MAJORITY Endorsement'/,
      );
      expect(fs.readFileSync(path.join(channelConfig, 'chaincode.env'), 'utf8')).to.match(
        /^CHAINCODE_ENDORSEMENT_POLICY=\/Channel\/Application\/Endorsement$/m,
      );
    });
  });
});
