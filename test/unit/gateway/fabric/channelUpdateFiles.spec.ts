import { expect } from 'chai';
import { ChannelConfigEditError } from '@gateway/fabric/channelConfigEdit';
import {
  blockNumberOf,
  configOfBlock,
  configUpdateEnvelope,
  invitationMsp,
  invitationOf,
  withAnchorPeer,
} from '@gateway/fabric/channelUpdateFiles';

const CONFIG = { channel_group: { groups: { Application: { groups: {} } } }, sequence: '3' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const TLS_PEM = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';

describe('channelUpdateFiles: the JSON documents of a channel configuration update', () => {
  describe('#configOfBlock and #blockNumberOf', () => {
    const block = { header: { number: '7' }, data: { data: [{ payload: { data: { config: CONFIG } } }] } };

    it('takes the configuration and the number out of a decoded config block', () => {
      expect(configOfBlock(block)).to.deep.equal(CONFIG);
      expect(blockNumberOf(block)).to.equal('7');
      expect(blockNumberOf({ header: {} }), 'block 0 has no number field').to.equal('0');
    });

    it('refuses a block without a configuration, or with a number that is not whole', () => {
      expect(() => configOfBlock({ data: { data: [] } })).to.throw(ChannelConfigEditError, /data\.data\[0\]/);
      expect(() => configOfBlock({ data: { data: [{ payload: { data: {} } }] } })).to.throw(
        ChannelConfigEditError,
        /payload\.data\.config/,
      );
      expect(() => blockNumberOf({ header: { number: '-1' } })).to.throw(
        ChannelConfigEditError,
        /header\.number: got "-1", want a whole number/,
      );
    });
  });

  describe('#configUpdateEnvelope', () => {
    it('wraps a computed update in a CONFIG_UPDATE (type 2) envelope of the channel', () => {
      const update = { channel_id: 'ledger', read_set: {}, write_set: {} };
      expect(configUpdateEnvelope(update, 'ledger')).to.deep.equal({
        payload: {
          header: { channel_header: { channel_id: 'ledger', type: 2 } },
          data: { config_update: update },
        },
      });
    });
  });

  describe('#withAnchorPeer', () => {
    it('sets the anchor peer and keeps the other values of the org group', () => {
      const group = { groups: {}, values: { MSP: { value: 'm' } }, version: '0' };
      expect(withAnchorPeer(group, '127.0.0.1', 7600)).to.deep.equal({
        groups: {},
        values: {
          MSP: { value: 'm' },
          AnchorPeers: {
            mod_policy: 'Admins',
            value: { anchor_peers: [{ host: '127.0.0.1', port: 7600 }] },
            version: '0',
          },
        },
        version: '0',
      });
      expect(group.values, 'the input is not changed').to.deep.equal({ MSP: { value: 'm' } });
    });

    it('refuses an empty host or a port outside 1..65535', () => {
      expect(() => withAnchorPeer({}, '', 7600)).to.throw(ChannelConfigEditError, /anchor peer host/);
      for (const port of [0, 65_536, Number.NaN, 7600.5]) {
        expect(() => withAnchorPeer({}, '127.0.0.1', port)).to.throw(
          ChannelConfigEditError,
          /anchor peer port/,
        );
      }
    });
  });

  describe('#invitationOf and #invitationMsp', () => {
    it('writes an invitation and builds the channel MSP from it, TLS roots defaulting to the roots', () => {
      const invitation = invitationOf('AcmeMSP', 'acme.example.com', PEM, PEM);
      expect(invitation).to.deep.equal({
        mspId: 'AcmeMSP',
        orgName: 'acme.example.com',
        rootCerts: [PEM],
        adminCert: PEM,
      });
      expect(invitationMsp(invitation, 'AcmeMSP')).to.deep.equal({ cacerts: [PEM], tlscacerts: [PEM] });
      expect(invitationMsp({ ...invitation, tlsRootCerts: [TLS_PEM] }, 'AcmeMSP')).to.deep.equal({
        cacerts: [PEM],
        tlscacerts: [TLS_PEM],
      });
    });

    it('refuses an invitation of another org, without root certificates, or with text that is not PEM', () => {
      const invitation = invitationOf('AcmeMSP', 'acme.example.com', PEM, PEM);
      const cases: [unknown, RegExp][] = [
        [invitation, /^invitation mspId: got "AcmeMSP", want Org3MSP$/],
        [
          { ...invitation, mspId: 'Org3MSP', rootCerts: [] },
          /^invitation rootCerts: got \[\], want one or more PEM/,
        ],
        [
          { ...invitation, mspId: 'Org3MSP', rootCerts: ['not a certificate'] },
          /^invitation rootCerts\[0\]: got "not a certificate", want a PEM certificate$/,
        ],
        [
          { ...invitation, mspId: 'Org3MSP', tlsRootCerts: 'x' },
          /^invitation tlsRootCerts: got "x", want PEM certificates$/,
        ],
        [
          { ...invitation, mspId: 'Org3MSP', tlsRootCerts: [PEM, 7] },
          /^invitation tlsRootCerts\[1\]: got 7, want a PEM/,
        ],
        [
          { ...invitation, rootCerts: undefined, mspId: 'Org3MSP' },
          /^invitation rootCerts: got nothing, want one or more/,
        ],
        ['[]', /^invitation: got "\[\]", want a JSON object$/],
      ];
      for (const [given, message] of cases) {
        expect(() => invitationMsp(given, 'Org3MSP')).to.throw(ChannelConfigEditError, message);
      }
    });
  });
});
