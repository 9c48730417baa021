import { expect } from 'chai';
import { ChannelConfigEditError, type JsonObject } from '@gateway/fabric/channelConfigEdit';
import { crlDer, crlIssuer, withCrl } from '@gateway/fabric/crlConfigEdit';

// Two CRLs of CA "O=test, CN=caA" (numbers 1 and 2) and one of CA "O=test, CN=caB" (openssl ca -gencrl).
const CA_A_CRL1 = [
  '-----BEGIN X509 CRL-----',
  'MIHVMH0CAQEwCgYIKoZIzj0EAwIwHTENMAsGA1UECgwEdGVzdDEMMAoGA1UEAwwD',
  'Y2FBFw0yNjEyMDcwMjQ0NDNaFw0zNjEyMDQwMjQ0NDNaoC8wLTAfBgNVHSMEGDAW',
  'gBTMpof2lHWhswcHkwfHTr0OfxYtTTAKBgNVHRQEAwIBATAKBggqhkjOPQQDAgNI',
  'ADBFAiEArSWrQLgfp485+p9PhVOKIBWCEnh+C0EBig17KiKQu9kCIEMmSvD4q2kZ',
  'aEZHmONgQjgB2G4+Z0KNYILDfvxTRj9+',
  '-----END X509 CRL-----',
].join('\n');
const CA_A_CRL2 = [
  '-----BEGIN X509 CRL-----',
  'MIHUMH0CAQEwCgYIKoZIzj0EAwIwHTENMAsGA1UECgwEdGVzdDEMMAoGA1UEAwwD',
  'Y2FBFw0yNjEyMDcwMjQ0NDNaFw0zNjEyMDQwMjQ0NDNaoC8wLTAfBgNVHSMEGDAW',
  'gBTMpof2lHWhswcHkwfHTr0OfxYtTTAKBgNVHRQEAwIBAjAKBggqhkjOPQQDAgNH',
  'ADBEAiAemxzZ4gOtxF9dwXO+oe1773owNaY4NRnZ9awLDsqCpQIgUxGh1vN/KgBk',
  '6kcozF87G3rppORR2InsIWV7OQ+3b+w=',
  '-----END X509 CRL-----',
].join('\n');
const CA_B_CRL1 = [
  '-----BEGIN X509 CRL-----',
  'MIHVMH0CAQEwCgYIKoZIzj0EAwIwHTENMAsGA1UECgwEdGVzdDEMMAoGA1UEAwwD',
  'Y2FCFw0yNjEyMDcwMjQ0NDNaFw0zNjEyMDQwMjQ0NDNaoC8wLTAfBgNVHSMEGDAW',
  'gBSYIkfPTah/09HtItbk+yydHuwXXjAKBgNVHRQEAwIBATAKBggqhkjOPQQDAgNI',
  'ADBFAiAS5N36qSgeBwnq3hwLGPnJKpfEpq4pdkHN+REy5Jh5FQIhAOt8OCHnuA28',
  'We42HS7uBUuZIgzS2ECkEOSVCAYSFhg4',
  '-----END X509 CRL-----',
].join('\n');
/** DER of the Name O=test, CN=caA. */
const CA_A_ISSUER_HEX = '301d310d300b060355040a0c0474657374310c300a06035504030c03636141';

const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

const configWith = (revocationList?: string[]): JsonObject => ({
  channel_group: {
    groups: {
      Application: {
        groups: {
          Org1MSP: {
            values: {
              MSP: {
                mod_policy: 'Admins',
                value: {
                  type: 0,
                  config: {
                    name: 'Org1MSP',
                    root_certs: ['cm9vdA=='],
                    ...(revocationList === undefined ? {} : { revocation_list: revocationList }),
                  },
                },
              },
            },
          },
          Org2MSP: { values: { MSP: { value: { config: { name: 'Org2MSP' } } } } },
        },
      },
    },
  },
});

const revocationListOf = (config: JsonObject, msp = 'Org1MSP'): unknown =>
  (
    config as {
      channel_group: {
        groups: {
          Application: { groups: Record<string, { values: { MSP: { value: { config: JsonObject } } } }> };
        };
      };
    }
  ).channel_group.groups.Application.groups[msp]?.values.MSP.value.config.revocation_list;

describe('crlConfigEdit', () => {
  describe('#crlIssuer', () => {
    it('reads the issuer Name of a PEM CRL as its DER bytes', () => {
      expect(crlIssuer(Buffer.from(CA_A_CRL1)).toString('hex')).to.equal(CA_A_ISSUER_HEX);
    });

    it('gives the same issuer for two CRLs of one CA and a different one for another CA', () => {
      expect(crlIssuer(Buffer.from(CA_A_CRL2)).equals(crlIssuer(Buffer.from(CA_A_CRL1)))).to.equal(true);
      expect(crlIssuer(Buffer.from(CA_B_CRL1)).toString('hex')).to.not.equal(CA_A_ISSUER_HEX);
    });

    it('reads a DER CRL as well as its PEM', () => {
      expect(crlIssuer(crlDer(Buffer.from(CA_A_CRL1))).toString('hex')).to.equal(CA_A_ISSUER_HEX);
    });

    it('refuses bytes that are not a CRL, naming what is wrong', () => {
      expect(() =>
        crlIssuer(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')),
      ).to.throw(ChannelConfigEditError, /X509 CRL/);
      expect(() => crlIssuer(Buffer.from([0x30, 0x05, 0x02]))).to.throw(ChannelConfigEditError, /truncated/);
      expect(() => crlIssuer(Buffer.from([0x04, 0x00]))).to.throw(ChannelConfigEditError, /CertificateList/);
    });
  });

  describe('#withCrl', () => {
    it('adds the CRL to an MSP that has none, as base64 of the PEM, leaving the input untouched', () => {
      const config = configWith();

      const edit = withCrl(config, 'Org1MSP', CA_A_CRL1);

      expect(edit.changed).to.equal(true);
      expect(edit.replaced).to.equal(0);
      expect(revocationListOf(edit.config)).to.deep.equal([b64(CA_A_CRL1)]);
      expect(revocationListOf(config)).to.equal(undefined);
      expect(revocationListOf(edit.config, 'Org2MSP')).to.equal(undefined);
    });

    it("replaces the same CA's older CRL and keeps another CA's, the new one last", () => {
      const config = configWith([b64(CA_A_CRL1), b64(CA_B_CRL1)]);

      const edit = withCrl(config, 'Org1MSP', CA_A_CRL2);

      expect(edit.changed).to.equal(true);
      expect(edit.replaced).to.equal(1);
      expect(revocationListOf(edit.config)).to.deep.equal([b64(CA_B_CRL1), b64(CA_A_CRL2)]);
    });

    it('reports no change when the MSP already holds exactly this CRL', () => {
      const config = configWith([b64(CA_B_CRL1), b64(CA_A_CRL2)]);

      const edit = withCrl(config, 'Org1MSP', CA_A_CRL2);

      expect(edit.changed).to.equal(false);
      expect(edit.replaced).to.equal(0);
      expect(edit.config).to.equal(config);
    });

    it('refuses an org that is not in the Application group, naming it', () => {
      expect(() => withCrl(configWith(), 'Org9MSP', CA_A_CRL1)).to.throw(ChannelConfigEditError, /Org9MSP/);
    });

    it('refuses a revocation list that is not a list of base64 strings', () => {
      const config = configWith();
      (
        (config.channel_group as JsonObject).groups as {
          Application: { groups: { Org1MSP: { values: { MSP: { value: { config: JsonObject } } } } } };
        }
      ).Application.groups.Org1MSP.values.MSP.value.config.revocation_list = [42];

      expect(() => withCrl(config, 'Org1MSP', CA_A_CRL1)).to.throw(ChannelConfigEditError, /revocation_list/);
    });
  });
});
