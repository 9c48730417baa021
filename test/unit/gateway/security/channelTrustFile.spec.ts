// An auditor's trust file from the channel configuration (gateway/src/security/channelTrustFile.ts).
// Fixtures: test/unit/gateway/export/fixtures (a CA, its CRL, another CA).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import type { ChannelTrust } from '@gateway/security/channelTrust';
import { trustFromChannel } from '@gateway/security/channelTrustFile';

const FIXTURES = path.join(__dirname, '..', 'export', 'fixtures');
const pem = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const CA = pem('ca.cert.pem');
const OTHER_CA = pem('other-ca.cert.pem');
const CRL = pem('ca.crl.pem');

const channel = (members: ChannelTrust['members']): ChannelTrust => ({ configBlock: 7n, members });
const member = (
  mspId: string,
  rootCerts: string[],
  crls: string[] = [],
  intermediateCerts: string[] = [],
): ChannelTrust['members'][number] => ({
  mspId,
  rootCerts,
  intermediateCerts,
  crls,
});

describe('trustFromChannel', function () {
  it("trusts every member the configuration names, with its MSP's root and intermediate CAs and CRLs", function () {
    const { trust, dropped } = trustFromChannel(
      channel([member('Org1MSP', [CA], [CRL]), member('Org2MSP', [OTHER_CA], [], [CA])]),
      { members: [] },
    );
    expect(trust.members).to.deep.equal([
      { mspId: 'Org1MSP', caCerts: [CA], crls: [CRL], signers: [] },
      { mspId: 'Org2MSP', caCerts: [OTHER_CA, CA], crls: [], signers: [] },
    ]);
    expect(dropped).to.deep.equal([]);
  });

  it("leaves out a CRL that none of the member's CAs signed", function () {
    const { trust } = trustFromChannel(channel([member('Org2MSP', [OTHER_CA], [CRL])]), { members: [] });
    expect(trust.members[0]?.crls).to.deep.equal([]);
  });

  it('keeps the pins of a member still in the channel and takes its CRLs from the channel', function () {
    const earlier = {
      members: [{ mspId: 'Org1MSP', caCerts: [CA], crls: [], signers: [{ subject: 'CN=gateway1' }] }],
    };
    const { trust } = trustFromChannel(channel([member('Org1MSP', [CA], [CRL])]), earlier);
    expect(trust.members).to.deep.equal([
      { mspId: 'Org1MSP', caCerts: [CA], crls: [CRL], signers: [{ subject: 'CN=gateway1' }] },
    ]);
  });

  it('drops a member the channel no longer has, and says so', function () {
    const earlier = {
      members: [
        { mspId: 'Org1MSP', caCerts: [CA], crls: [], signers: [] },
        { mspId: 'Org3MSP', caCerts: [OTHER_CA], crls: [], signers: [{ subject: 'CN=gateway1' }] },
      ],
    };
    const { trust, dropped } = trustFromChannel(channel([member('Org1MSP', [CA])]), earlier);
    expect(trust.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP']);
    expect(dropped).to.deep.equal(['Org3MSP']);
  });
});
