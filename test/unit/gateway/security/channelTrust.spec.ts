// Decoding the member orgs (MSP id, root and intermediate CAs, CRLs) from a channel configuration
// block built here with @hyperledger/fabric-protos, the same messages a peer's qscc GetConfigBlock
// returns. CA and CRL PEMs: test/unit/gateway/export/fixtures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { changesConfig, ChannelConfigError, channelTrustOfConfigBlock } from '@gateway/security/channelTrust';
import { configBlock, type OrgSpec } from '@test-support/configBlock';

const FIXTURES = path.join(__dirname, '..', 'export', 'fixtures');
const pem = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const CA = pem('ca.cert.pem');
const OTHER_CA = pem('other-ca.cert.pem');
const CRL = pem('ca.crl.pem');

const ORG1: OrgSpec = { group: 'Org1MSP', name: 'Org1MSP', roots: [CA], crls: [CRL] };
const ORG2: OrgSpec = { group: 'Org2MSP', name: 'Org2MSP', roots: [OTHER_CA] };

describe('channelTrust', function () {
  describe('#channelTrustOfConfigBlock', function () {
    it('reads every Application org with its MSP id, root CAs and CRLs, and the block number', function () {
      const trust = channelTrustOfConfigBlock(configBlock(7, [ORG2, ORG1]));

      expect(trust.configBlock).to.equal(7n);
      expect(trust.members).to.deep.equal([
        { mspId: 'Org1MSP', rootCerts: [CA], intermediateCerts: [], crls: [CRL] },
        { mspId: 'Org2MSP', rootCerts: [OTHER_CA], intermediateCerts: [], crls: [] },
      ]);
    });

    it('leaves out an org removed from the Application group (and the orderer org)', function () {
      const trust = channelTrustOfConfigBlock(configBlock(9, [ORG1], common.HeaderType.CONFIG, OTHER_CA));

      expect(trust.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP']);
    });

    it('takes the MSP id from the MSP definition, not from the group name', function () {
      const trust = channelTrustOfConfigBlock(configBlock(1, [{ ...ORG1, group: 'Org1' }]));

      expect(trust.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP']);
    });

    it('refuses a block whose transaction is not a CONFIG transaction', function () {
      expect(() =>
        channelTrustOfConfigBlock(configBlock(3, [ORG1], common.HeaderType.ENDORSER_TRANSACTION)),
      ).to.throw(ChannelConfigError, /^block 3: got a transaction of header type 3, want CONFIG \(1\)/);
    });

    it('refuses an org whose MSP is not a Fabric MSP, naming the org', function () {
      expect(() => channelTrustOfConfigBlock(configBlock(3, [{ ...ORG1, mspType: 1 }]))).to.throw(
        ChannelConfigError,
        /^Application.Org1MSP.MSP: got MSP type 1, want 0/,
      );
    });

    it('refuses bytes that are not a block', function () {
      expect(() => channelTrustOfConfigBlock(new Uint8Array([0xff, 0xff, 0xff]))).to.throw(
        ChannelConfigError,
      );
    });
  });

  describe('#changesConfig', function () {
    it('is true for a block with a valid CONFIG transaction', function () {
      expect(changesConfig([{ type: common.HeaderType.CONFIG, validationCode: 0 }])).to.equal(true);
    });

    it('is false for an invalid CONFIG transaction and for endorser transactions', function () {
      expect(
        changesConfig([
          { type: common.HeaderType.CONFIG, validationCode: 11 },
          { type: common.HeaderType.ENDORSER_TRANSACTION, validationCode: 0 },
        ]),
      ).to.equal(false);
    });
  });
});
