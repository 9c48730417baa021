import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { loadConfig, SETTINGS } from '@gateway/config';
import { networkLayout } from '@gateway/fabric/networkLayout';
import { silentLogger } from '@gateway/logger';
import { DEFAULT_AUTHORIZATION_TABLE } from '@gateway/security/authorizationTable';
import {
  securityFromConfig,
  loadAuthorizationTable,
  trustOfCaFiles,
} from '@gateway/security/securityFromConfig';
import type { ChannelTrust } from '@gateway/security/channelTrust';

describe('config (security and limits)', function () {
  let dir: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-config-sec-'));
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('#loadConfig', function () {
    it('serves TLS with the org gateway certificate and trusts the channel, with the default limits', function () {
      const config = loadConfig({ NETWORK_RUN_DIR: dir, LEDGER_GATEWAY_ORG: 'org2' });
      expect(config.insecure).to.equal(false);
      expect(config.tlsCertFile).to.equal(path.join(dir, 'crypto', 'org2', 'gateway', 'tls', 'cert.pem'));
      expect(config.tlsKeyFile).to.equal(path.join(dir, 'crypto', 'org2', 'gateway', 'tls', 'key.pem'));
      expect(config.clientCas).to.deep.equal([]);
      expect(config).to.include({
        maxInFlightSubmits: 5000,
        maxInFlightSubmitBytes: 256 * 1024 * 1024,
        maxStreams: 100,
        maxMessageBytes: 4 * 1024 * 1024,
      });
    });

    it('reads client CAs as MSP=file pairs from the environment', function () {
      const config = loadConfig({ LEDGER_GATEWAY_CLIENT_CAS: 'Org1MSP=/a.pem, Org2MSP=/b.pem' });
      expect(config.clientCas).to.deep.equal([
        { mspId: 'Org1MSP', file: '/a.pem' },
        { mspId: 'Org2MSP', file: '/b.pem' },
      ]);
    });

    it('reads client CAs as an object from the config file', function () {
      const file = path.join(dir, 'gateway.json');
      fs.writeFileSync(
        file,
        JSON.stringify({ clientCas: { Org2MSP: '/b.pem' }, authorizationFile: '/authz.json' }),
      );
      const config = loadConfig({ LEDGER_GATEWAY_CONFIG: file });
      expect(config.clientCas).to.deep.equal([{ mspId: 'Org2MSP', file: '/b.pem' }]);
      expect(config.authorizationFile).to.equal('/authz.json');
    });

    it('takes the single TLS client CA as the CA of the gateway org', function () {
      const config = loadConfig({ LEDGER_GATEWAY_TLS_CLIENT_CA: '/ca.pem', LEDGER_GATEWAY_ORG: 'org2' });
      expect(config.clientCas).to.deep.equal([{ mspId: 'Org2MSP', file: '/ca.pem' }]);
    });

    it('is plaintext only when development mode is asked for by flag, environment or config file', function () {
      const file = path.join(dir, 'gateway.json');
      fs.writeFileSync(file, JSON.stringify({ plaintext: true }));
      expect(loadConfig({}, { insecure: true }).insecure).to.equal(true);
      expect(loadConfig({ LEDGER_GATEWAY_PLAINTEXT: '1' }).insecure).to.equal(true);
      expect(loadConfig({ LEDGER_GATEWAY_INSECURE: '1' }).insecure).to.equal(true);
      expect(loadConfig({ LEDGER_GATEWAY_CONFIG: file }).insecure).to.equal(true);
      expect(loadConfig({ LEDGER_GATEWAY_PLAINTEXT: '0' }).insecure).to.equal(false);
      expect(loadConfig({}).insecure).to.equal(false);
    });

    it('refuses a plaintext setting that is not a boolean, naming it', function () {
      expect(() => loadConfig({ LEDGER_GATEWAY_PLAINTEXT: 'maybe' })).to.throw(/^plaintext: got "maybe"/);
    });

    it('refuses a client CA without a file and limits out of range, naming the setting', function () {
      expect(() => loadConfig({ LEDGER_GATEWAY_CLIENT_CAS: 'Org1MSP' })).to.throw(
        /^clientCas: got "Org1MSP" without a CA file/,
      );
      expect(() => loadConfig({ LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS: '0' })).to.throw(
        /^maxInFlightSubmits: got "0"/,
      );
      expect(() => loadConfig({ LEDGER_GATEWAY_MAX_MESSAGE_BYTES: '100' })).to.throw(
        /^maxMessageBytes: got "100"/,
      );
    });

    it('documents every new setting in the --help table', function () {
      const envs = SETTINGS.map((s) => s.env);
      for (const env of [
        'LEDGER_GATEWAY_PLAINTEXT',
        'LEDGER_GATEWAY_CLIENT_CAS',
        'LEDGER_GATEWAY_AUTHZ',
        'LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS',
        'LEDGER_GATEWAY_MAX_STREAMS',
        'LEDGER_GATEWAY_MAX_MESSAGE_BYTES',
      ]) {
        expect(envs).to.include(env);
      }
    });
  });

  describe('#loadAuthorizationTable', function () {
    it('uses the default table when no file is configured', function () {
      expect(loadAuthorizationTable(undefined)).to.equal(DEFAULT_AUTHORIZATION_TABLE);
    });

    it('reads and checks a table file', function () {
      const file = path.join(dir, 'authz.json');
      fs.writeFileSync(file, JSON.stringify([{ msp: 'Org1MSP', role: 'teller', allow: ['submit'] }]));
      expect(loadAuthorizationTable(file)).to.deep.equal([
        { msp: 'Org1MSP', role: 'teller', allow: ['submit'] },
      ]);
      fs.writeFileSync(file, JSON.stringify([{ msp: 'Org1MSP', role: 'teller', allow: ['everything'] }]));
      expect(() => loadAuthorizationTable(file)).to.throw(`${file}[0].allow`);
    });
  });

  describe('#trustOfCaFiles', function () {
    it('makes one member per MSP id with every CA file named for it, without config block', function () {
      const ca = (name: string): string => path.join(__dirname, 'security', 'fixtures', `${name}.pem`);
      const trust = trustOfCaFiles([
        { mspId: 'Org1MSP', file: ca('org1-ca') },
        { mspId: 'Org2MSP', file: ca('org2-ca') },
        { mspId: 'Org1MSP', file: ca('org2-ca') },
      ]);
      expect(trust.configBlock).to.equal(undefined);
      expect(trust.members.map((m) => [m.mspId, m.rootCerts.length])).to.deep.equal([
        ['Org1MSP', 2],
        ['Org2MSP', 1],
      ]);
    });
  });

  describe('#securityFromConfig', function () {
    const where = { org: 'org1' as const, layout: networkLayout({}) };
    const trust: ChannelTrust = {
      configBlock: 0n,
      members: [{ mspId: 'Org1MSP', rootCerts: [], intermediateCerts: [], crls: [] }],
    };

    it('installs no interceptor in plaintext development mode', function () {
      const security = securityFromConfig({ ...where, insecure: true }, () => trust, silentLogger);
      expect(security.interceptors).to.have.length(0);
      expect(security.describe).to.contain('plaintext development mode');
    });

    it('installs the authorization interceptor otherwise, trust from the channel', function () {
      const security = securityFromConfig({ ...where, insecure: false }, () => trust, silentLogger);
      expect(security.interceptors).to.have.length(1);
      expect(security.describe).to.equal(
        'mutual TLS (members from the channel configuration), authorization default table per member',
      );
    });
  });
});
