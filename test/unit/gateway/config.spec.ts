import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { loadConfig, SETTINGS } from '@gateway/config';

describe('config', function () {
  describe('#loadConfig', function () {
    it('serves metrics on port 9464 and verifies no VEPS signatures by default', function () {
      const config = loadConfig({});
      expect(config.metricsPort).to.equal(9464);
      expect(config.vepsKeyPaths).to.deep.equal([]);
    });

    it('reads VEPS key paths and the metrics port from the environment', function () {
      const config = loadConfig({
        LEDGER_GATEWAY_VEPS_KEYS: ['/keys/a.pem', '/keys/dir'].join(path.delimiter),
        LEDGER_GATEWAY_METRICS_PORT: '0',
      });
      expect(config.vepsKeyPaths).to.deep.equal(['/keys/a.pem', '/keys/dir']);
      expect(config.metricsPort).to.equal(0);
    });

    it('reads VEPS key paths as a list from the config file, overridden by the environment', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-config-'));
      try {
        const file = path.join(dir, 'gateway.json');
        fs.writeFileSync(file, JSON.stringify({ vepsKeys: ['/a.pem', '/b.pem'], metricsPort: 9999 }));
        expect(loadConfig({ LEDGER_GATEWAY_CONFIG: file }).vepsKeyPaths).to.deep.equal(['/a.pem', '/b.pem']);
        expect(loadConfig({ LEDGER_GATEWAY_CONFIG: file }).metricsPort).to.equal(9999);
        const env = { LEDGER_GATEWAY_CONFIG: file, LEDGER_GATEWAY_VEPS_KEYS: '/c.pem' };
        expect(loadConfig(env).vepsKeyPaths).to.deep.equal(['/c.pem']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('sends one journal transaction at a time, endorsed by a majority of the channel by default', function () {
      const config = loadConfig({});
      expect(config.maxInFlightTransactions).to.equal(1);
      expect(config.endorsingOrganizations, 'null: follow the channel').to.equal(null);
    });

    it('reads the endorsing orgs as a list, "-" for none, and refuses malformed MSP ids', function () {
      expect(
        loadConfig({ LEDGER_GATEWAY_ENDORSING_ORGS: 'Org1MSP, Org3MSP' }).endorsingOrganizations,
      ).to.deep.equal(['Org1MSP', 'Org3MSP']);
      expect(loadConfig({ LEDGER_GATEWAY_ENDORSING_ORGS: '-' }).endorsingOrganizations).to.deep.equal([]);
      expect(() => loadConfig({ LEDGER_GATEWAY_ENDORSING_ORGS: 'Org1MSP,,' })).to.throw(
        /endorsingOrganizations: got/,
      );
      expect(() => loadConfig({ LEDGER_GATEWAY_MAX_INFLIGHT_TX: '0' })).to.throw(
        /maxInFlightTransactions: got "0"/,
      );
    });

    it('refuses a metrics port out of range naming the setting', function () {
      expect(() => loadConfig({ LEDGER_GATEWAY_METRICS_PORT: '70000' })).to.throw(
        'metricsPort: got "70000", want an integer from 0 to 65535',
      );
    });
  });

  describe('SETTINGS', function () {
    it('documents the VEPS keys and metrics port for --help', function () {
      const envs = SETTINGS.map((s) => s.env);
      expect(envs).to.include.members(['LEDGER_GATEWAY_VEPS_KEYS', 'LEDGER_GATEWAY_METRICS_PORT']);
    });
  });
});
