import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { adminsSignatureRule, parseApprovalThresholdPolicy } from '../../../chaincode/src/lib/voting';

const channelConfig = path.join(__dirname, '..', '..', '..', 'channel-config');

describe('channel-config', () => {
  describe('configtx.yaml', () => {
    it('sets the Application Admins policy that the consortium voting policy derives', () => {
      const consortium = JSON.parse(fs.readFileSync(path.join(channelConfig, 'consortium.json'), 'utf8')) as {
        members: { mspId: string }[];
        policy: unknown;
      };
      const configtx = fs.readFileSync(path.join(channelConfig, 'configtx.yaml'), 'utf8');
      const application = configtx.slice(configtx.indexOf('Application: &ApplicationDefaults'));
      const admins = /Admins:\s*\n\s*Type: Signature\s*\n\s*Rule: "([^"]+)"/.exec(application);

      const derived = adminsSignatureRule(
        consortium.members.map((m) => m.mspId),
        parseApprovalThresholdPolicy('policy', consortium.policy),
      );

      expect(admins?.[1]).to.equal(derived);
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
