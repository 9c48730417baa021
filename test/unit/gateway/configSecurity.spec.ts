import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { loadConfig, SETTINGS } from '../../../gateway/src/config';
import { silentLogger } from '../../../gateway/src/logger';
import { DEFAULT_AUTHORIZATION_TABLE } from '../../../gateway/src/security/authorizationTable';
import { callSecurity, loadAuthorizationTable } from '../../../gateway/src/security/callSecurity';

describe('config (security and limits)', function () {
  let dir: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-config-sec-'));
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('#loadConfig', function () {
    it('trusts no client CA, bounds 5000 submits holding 256 MiB, 100 streams and 4 MiB messages by default', function () {
      const config = loadConfig({ NETWORK_RUN_DIR: dir });
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

    it('trusts every org CA of the network layout that exists when mtls is on', function () {
      for (const org of ['org1', 'org2']) {
        fs.mkdirSync(path.join(dir, 'crypto', org, 'ca'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'crypto', org, 'ca', 'ca-cert.pem'), '');
      }
      const config = loadConfig({ NETWORK_RUN_DIR: dir, LEDGER_GATEWAY_MTLS: '1' });
      expect(config.clientCas.map((ca) => ca.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP']);
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
        'LEDGER_GATEWAY_MTLS',
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

  describe('#callSecurity', function () {
    it('installs no interceptor in plaintext mode or without client CAs', function () {
      expect(callSecurity({ insecure: true, clientCas: [] }, silentLogger).interceptors).to.have.length(0);
      expect(callSecurity({ insecure: false, clientCas: [] }, silentLogger).describe).to.contain('allow all');
    });

    it('installs the authorization interceptor with client CAs', function () {
      const ca = path.join(__dirname, 'security', 'fixtures', 'org1-ca.pem');
      const security = callSecurity(
        { insecure: false, clientCas: [{ mspId: 'Org1MSP', file: ca }] },
        silentLogger,
      );
      expect(security.interceptors).to.have.length(1);
      expect(security.describe).to.equal('mutual TLS (Org1MSP), authorization default table');
    });
  });
});
