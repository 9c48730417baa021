import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { gatewayPeer, loadConfig } from '@gateway/config';
import { SETTING_FIELDS, SETTING_TABLE } from '@gateway/configSettings';
import { orgLayout } from '@gateway/fabric/networkLayout';

describe('configSettings', function () {
  const RUN = path.join(path.sep, 'run');

  describe('SETTING_TABLE', function () {
    it('gives every setting its known default on the local network', function () {
      const config = loadConfig({ NETWORK_RUN_DIR: RUN });
      const { layout, given, ...settings } = config;
      expect(layout.runDir).to.equal(RUN);
      expect([...(given ?? [])]).to.deep.equal([]);
      expect(settings).to.deep.equal({
        host: '127.0.0.1',
        port: 50051,
        insecure: false,
        tlsCertFile: path.join(RUN, 'crypto', 'org1', 'gateway', 'tls', 'cert.pem'),
        tlsKeyFile: path.join(RUN, 'crypto', 'org1', 'gateway', 'tls', 'key.pem'),
        clientCas: [],
        tlsClientCaFile: undefined,
        authorizationFile: undefined,
        maxInFlightSubmits: 5000,
        maxInFlightSubmitBytes: 268435456,
        maxStreams: 100,
        maxMessageBytes: 4194304,
        org: 'org1',
        user: 'gateway1',
        userMspDir: path.join(RUN, 'crypto', 'org1', 'users', 'gateway1', 'msp'),
        peerEndpoint: '127.0.0.1:7100',
        peerHostAlias: 'peer0.org1.example.com',
        peerTlsCaFile: path.join(RUN, 'crypto', 'org1', 'ca', 'ca-cert.pem'),
        indexFile: path.join(RUN, 'gateway', 'org1', 'index.sqlite'),
        channels: null,
        batchWindowMs: 5,
        regroupWindowMs: 2,
        maxBatchEvents: 500,
        maxInFlightTransactions: 1,
        commitTimeoutMs: 15000,
        endorsingOrganizations: null,
        sealTimeoutMs: 30000,
        shutdownTimeoutMs: 5000,
        logLevel: 'info',
        vepsKeyPaths: [],
        metricsHost: '127.0.0.1',
        metricsPort: 9464,
      });
    });

    it('reads every setting from its environment variable', function () {
      const samples: Record<string, string> = {
        LEDGER_GATEWAY_HOST: '0.0.0.0',
        LEDGER_GATEWAY_PORT: '6000',
        LEDGER_GATEWAY_PLAINTEXT: 'yes',
        LEDGER_GATEWAY_TLS_CERT: '/c.pem',
        LEDGER_GATEWAY_TLS_KEY: '/k.pem',
        LEDGER_GATEWAY_CLIENT_CAS: 'Org9MSP=/ca9.pem',
        LEDGER_GATEWAY_TLS_CLIENT_CA: '/ca.pem',
        LEDGER_GATEWAY_AUTHZ: '/authz.json',
        LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS: '7',
        LEDGER_GATEWAY_MAX_INFLIGHT_SUBMIT_BYTES: '2097152',
        LEDGER_GATEWAY_MAX_STREAMS: '8',
        LEDGER_GATEWAY_MAX_MESSAGE_BYTES: '65536',
        LEDGER_GATEWAY_ORG: 'org3',
        LEDGER_GATEWAY_USER: 'gateway2',
        LEDGER_GATEWAY_USER_MSP_DIR: '/msp',
        LEDGER_GATEWAY_PEER_ENDPOINT: 'peer.example.org:443',
        LEDGER_GATEWAY_PEER_HOST_ALIAS: 'peer.example.org',
        LEDGER_GATEWAY_PEER_TLS_CA: '/peer-ca.pem',
        LEDGER_GATEWAY_INDEX: '/index.sqlite',
        LEDGER_GATEWAY_CHANNELS: 'two,three',
        LEDGER_GATEWAY_BATCH_WINDOW_MS: '0',
        LEDGER_GATEWAY_REGROUP_WINDOW_MS: '0',
        LEDGER_GATEWAY_MAX_BATCH: '9',
        LEDGER_GATEWAY_MAX_INFLIGHT_TX: '4',
        LEDGER_GATEWAY_COMMIT_TIMEOUT_MS: '100',
        LEDGER_GATEWAY_ENDORSING_ORGS: 'Org3MSP',
        LEDGER_GATEWAY_SEAL_TIMEOUT_MS: '1',
        LEDGER_GATEWAY_SHUTDOWN_TIMEOUT_MS: '0',
        LEDGER_GATEWAY_LOG_LEVEL: 'debug',
        LEDGER_GATEWAY_VEPS_KEYS: '/v.pem',
        LEDGER_GATEWAY_METRICS_HOST: '::1',
        LEDGER_GATEWAY_METRICS_PORT: '0',
      };
      expect(Object.keys(samples).sort()).to.deep.equal(
        SETTING_FIELDS.map((f) => SETTING_TABLE[f].env).sort(),
      );
      const { layout, given, ...settings } = loadConfig(samples);
      expect(orgLayout(layout, 'org3').mspId).to.equal('Org3MSP');
      expect([...(given ?? [])].sort()).to.deep.equal([...SETTING_FIELDS].sort());
      expect(settings).to.deep.equal({
        host: '0.0.0.0',
        port: 6000,
        insecure: true,
        tlsCertFile: '/c.pem',
        tlsKeyFile: '/k.pem',
        clientCas: [{ mspId: 'Org9MSP', file: '/ca9.pem' }],
        tlsClientCaFile: '/ca.pem',
        authorizationFile: '/authz.json',
        maxInFlightSubmits: 7,
        maxInFlightSubmitBytes: 2097152,
        maxStreams: 8,
        maxMessageBytes: 65536,
        org: 'org3',
        user: 'gateway2',
        userMspDir: '/msp',
        peerEndpoint: 'peer.example.org:443',
        peerHostAlias: 'peer.example.org',
        peerTlsCaFile: '/peer-ca.pem',
        indexFile: '/index.sqlite',
        channels: ['two', 'three'],
        batchWindowMs: 0,
        regroupWindowMs: 0,
        maxBatchEvents: 9,
        maxInFlightTransactions: 4,
        commitTimeoutMs: 100,
        endorsingOrganizations: ['Org3MSP'],
        sealTimeoutMs: 1,
        shutdownTimeoutMs: 0,
        logLevel: 'debug',
        vepsKeyPaths: ['/v.pem'],
        metricsHost: '::1',
        metricsPort: 0,
      });
    });
  });

  describe('#loadConfig', function () {
    let dir: string;

    beforeEach(function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-settings-'));
    });

    afterEach(function () {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const withFile = (content: unknown): string => {
      const file = path.join(dir, 'gateway.json');
      fs.writeFileSync(file, JSON.stringify(content));
      return file;
    };

    it('takes flags over the environment, the environment over the file, the file over the default', function () {
      const file = withFile({ port: 1001, user: 'fromFile', maxStreams: 3 });
      const env = {
        LEDGER_GATEWAY_CONFIG: file,
        LEDGER_GATEWAY_PORT: '1002',
        LEDGER_GATEWAY_USER: 'fromEnv',
      };
      const config = loadConfig(env, { port: 1003 });
      expect([config.port, config.user, config.maxStreams, config.maxBatchEvents]).to.deep.equal([
        1003,
        'fromEnv',
        3,
        500,
      ]);
    });

    it('reads LEDGER_GATEWAY_PORT before its alias GATEWAY_PORT, and the alias alone', function () {
      expect(loadConfig({ LEDGER_GATEWAY_PORT: '1', GATEWAY_PORT: '2' }).port).to.equal(1);
      expect(loadConfig({ GATEWAY_PORT: '2' }).port).to.equal(2);
    });

    it('ignores an empty environment variable', function () {
      expect(loadConfig({ LEDGER_GATEWAY_MAX_STREAMS: '' }).maxStreams).to.equal(100);
    });

    it('accepts org3 (every org with a peer) and refuses an org without one', function () {
      expect(loadConfig({ LEDGER_GATEWAY_ORG: 'org3' }).org).to.equal('org3');
      expect(() => loadConfig({ LEDGER_GATEWAY_ORG: 'org4' })).to.throw(
        'org: got "org4", want one of org1, org2, org3 (from environment LEDGER_GATEWAY_ORG)',
      );
    });

    it('derives the peer endpoint from NETWORK_PORT_BASE and the org, unless it is set', function () {
      expect(loadConfig({ NETWORK_PORT_BASE: '8000', LEDGER_GATEWAY_ORG: 'org2' }).peerEndpoint).to.equal(
        '127.0.0.1:8200',
      );
      const env = { NETWORK_PORT_BASE: '8000', LEDGER_GATEWAY_PEER_ENDPOINT: '10.0.0.5:7051' };
      expect(loadConfig(env).peerEndpoint).to.equal('10.0.0.5:7051');
    });

    it('derives the user MSP folder from the user, unless it is set', function () {
      const config = loadConfig({ NETWORK_RUN_DIR: RUN, LEDGER_GATEWAY_USER: 'gw9' });
      expect(config.userMspDir).to.equal(path.join(RUN, 'crypto', 'org1', 'users', 'gw9', 'msp'));
      expect(loadConfig({ LEDGER_GATEWAY_USER_MSP_DIR: '/m' }).userMspDir).to.equal('/m');
    });

    it('names the setting, the value and the environment variable of a bad value', function () {
      expect(() => loadConfig({ LEDGER_GATEWAY_MAX_BATCH: '501' })).to.throw(
        'maxBatchEvents: got "501", want an integer from 1 to 500 (from environment LEDGER_GATEWAY_MAX_BATCH)',
      );
      expect(() => loadConfig({ LEDGER_GATEWAY_PEER_ENDPOINT: 'peer:0' })).to.throw(
        'peerEndpoint: got "peer:0", want host:port like "127.0.0.1:7100" (from environment LEDGER_GATEWAY_PEER_ENDPOINT)',
      );
      expect(() => loadConfig({ LEDGER_GATEWAY_MAX_BATCH: '500' })).not.to.throw();
    });

    it('names the config file key of a bad value from the file', function () {
      const file = withFile({ insecure: 'maybe' });
      expect(() => loadConfig({ LEDGER_GATEWAY_CONFIG: file })).to.throw(
        `plaintext: got "maybe", want 1/0 or true/false (from config file ${file}, key insecure)`,
      );
      withFile({ insecure: true });
      expect(loadConfig({ LEDGER_GATEWAY_CONFIG: file }).insecure).to.equal(true);
    });

    it('names the flag of a bad flag value', function () {
      expect(() => loadConfig({}, { port: 70000 })).to.throw(
        'port: got 70000, want an integer from 0 to 65535 (from flag --port)',
      );
      expect(loadConfig({}, { port: 65535 }).port).to.equal(65535);
    });

    it('refuses a config file that is not JSON, naming the file', function () {
      const file = path.join(dir, 'bad.json');
      fs.writeFileSync(file, '{ port: 1');
      expect(() => loadConfig({ LEDGER_GATEWAY_CONFIG: file })).to.throw(`config file ${file}:`);
    });
  });

  describe('#gatewayPeer', function () {
    it("is the org's layout with the configured peer endpoint, TLS host alias and TLS root", function () {
      const env = {
        NETWORK_RUN_DIR: RUN,
        LEDGER_GATEWAY_ORG: 'org2',
        LEDGER_GATEWAY_PEER_ENDPOINT: 'peer2.example.org:7051',
        LEDGER_GATEWAY_PEER_HOST_ALIAS: 'peer2.example.org',
        LEDGER_GATEWAY_PEER_TLS_CA: '/tls-ca.pem',
      };
      const config = loadConfig(env);
      expect(gatewayPeer(config)).to.deep.equal({
        ...orgLayout(config.layout, 'org2'),
        peerEndpoint: 'peer2.example.org:7051',
        peerHostAlias: 'peer2.example.org',
        peers: [{ id: 'configured', endpoint: 'peer2.example.org:7051', hostAlias: 'peer2.example.org' }],
        caCertPath: '/tls-ca.pem',
      });
    });

    it("is exactly the org's layout by default", function () {
      const config = loadConfig({ NETWORK_RUN_DIR: RUN, LEDGER_GATEWAY_ORG: 'org2' });
      expect(gatewayPeer(config)).to.deep.equal(orgLayout(config.layout, 'org2'));
    });

    it('dials every peer of its org by default, and only the one peer set by hand', function () {
      const all = gatewayPeer(loadConfig({ NETWORK_RUN_DIR: RUN, LEDGER_GATEWAY_ORG: 'org1' }));
      expect(all.peers.map((p) => p.id)).to.deep.equal(['peer0-org1', 'peer1-org1']);
      const pinned = gatewayPeer(
        loadConfig({
          NETWORK_RUN_DIR: RUN,
          LEDGER_GATEWAY_ORG: 'org1',
          LEDGER_GATEWAY_PEER_ENDPOINT: '127.0.0.1:7103',
        }),
      );
      expect(pinned.peers).to.deep.equal([
        { id: 'configured', endpoint: '127.0.0.1:7103', hostAlias: 'peer0.org1.example.com' },
      ]);
    });

    it("pins to the one peer given by hand even when it is the org's first peer", function () {
      const first = gatewayPeer(
        loadConfig({
          NETWORK_RUN_DIR: RUN,
          LEDGER_GATEWAY_ORG: 'org1',
          LEDGER_GATEWAY_PEER_ENDPOINT: '127.0.0.1:7100',
        }),
      );
      expect(first.peers).to.deep.equal([
        { id: 'configured', endpoint: '127.0.0.1:7100', hostAlias: 'peer0.org1.example.com' },
      ]);
    });
  });
});
