import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  memberConnectionOptionsFromEnv,
  MemberConnectionError,
  parseGatewayEndpoint,
  resolveMemberConnection,
} from '@gateway/client/memberConnection';
import { describeError } from '@gateway/cli/connectionOptions';
import { connectionFlags, connectionVariables } from '@gateway/cli/gatewayFlags';

/** A run folder with org1's CA, users teller1 and auditor1 and, when asked, an endpoint file. */
function runFolder(endpoint?: Record<string, unknown>): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'member-conn-'));
  const ca = path.join(dir, 'crypto', 'org1', 'ca');
  fs.mkdirSync(ca, { recursive: true });
  fs.writeFileSync(path.join(ca, 'ca-cert.pem'), 'CA');
  for (const user of ['teller1', 'auditor1']) {
    const msp = path.join(dir, 'crypto', 'org1', 'users', user, 'msp');
    fs.mkdirSync(path.join(msp, 'signcerts'), { recursive: true });
    fs.mkdirSync(path.join(msp, 'keystore'), { recursive: true });
    fs.writeFileSync(path.join(msp, 'signcerts', 'cert.pem'), 'CERT');
    fs.writeFileSync(path.join(msp, 'keystore', 'key.pem'), 'KEY');
  }
  if (endpoint !== undefined) {
    const gw = path.join(dir, 'gateway', 'org1');
    fs.mkdirSync(gw, { recursive: true });
    fs.writeFileSync(path.join(gw, 'endpoint.json'), JSON.stringify(endpoint));
  }
  return { dir, env: { NETWORK_RUN_DIR: dir } };
}

describe('member connection: --org and --user resolve against the run folder', () => {
  it("uses the org's gateway address, its CA and the user's certificate and key", () => {
    const gatewayCa = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'member-conn-ca-')), 'ca.pem');
    fs.writeFileSync(gatewayCa, 'CA2');
    const { dir, env } = runFolder({
      org: 'org1',
      mspId: 'Org1MSP',
      address: '127.0.0.1:50061',
      tls: true,
      caFile: gatewayCa,
    });
    const c = resolveMemberConnection({ org: 'org1', user: 'teller1' }, env);

    expect(c).to.deep.equal({
      address: '127.0.0.1:50061',
      plaintext: false,
      org: 'org1',
      user: 'teller1',
      caFile: gatewayCa,
      certFile: path.join(dir, 'crypto', 'org1', 'users', 'teller1', 'msp', 'signcerts', 'cert.pem'),
      keyFile: path.join(dir, 'crypto', 'org1', 'users', 'teller1', 'msp', 'keystore', 'key.pem'),
    });
  });

  it('without an endpoint file uses the default port of the org and the org CA', () => {
    const { dir, env } = runFolder();
    const c = resolveMemberConnection({ user: 'auditor1' }, { ...env, GATEWAY_PORT: '9551' });

    expect(c.address).to.equal('127.0.0.1:9551');
    expect(c.caFile).to.equal(path.join(dir, 'crypto', 'org1', 'ca', 'ca-cert.pem'));
    expect(c.plaintext).to.equal(false);
  });

  it("gives org2 the port after org1's", () => {
    const { env } = runFolder();
    fs.mkdirSync(path.join(env.NETWORK_RUN_DIR ?? '', 'crypto', 'org2', 'ca'), { recursive: true });
    fs.writeFileSync(path.join(env.NETWORK_RUN_DIR ?? '', 'crypto', 'org2', 'ca', 'ca-cert.pem'), 'CA');

    expect(resolveMemberConnection({ org: 'org2' }, env).address).to.equal('127.0.0.1:50052');
  });

  it('connects in plaintext, with no CA, when the endpoint says the gateway runs in development mode', () => {
    const { env } = runFolder({ org: 'org1', mspId: 'Org1MSP', address: '127.0.0.1:50051', tls: false });
    const c = resolveMemberConnection({ org: 'org1', user: 'teller1' }, env);

    expect(c.plaintext).to.equal(true);
    expect(c.caFile).to.equal(undefined);
  });

  it('lets explicit files and address override the run folder, and flags override the environment', () => {
    const { dir, env } = runFolder();
    const cert = path.join(dir, 'elsewhere.pem');
    fs.writeFileSync(cert, 'C');
    const c = resolveMemberConnection(
      { address: '10.0.0.1:1', certFile: cert, keyFile: cert, org: 'org1' },
      { ...env, LEDGER_GATEWAY_ADDRESS: '127.0.0.1:2', LEDGER_USER: 'teller1' },
    );

    expect(c.address).to.equal('10.0.0.1:1');
    expect(c.certFile).to.equal(cert);
    expect(c.user).to.equal('teller1');
  });

  it('lets a given --user or --org replace what the environment named for another user or org', () => {
    const { dir, env } = runFolder();
    const other = {
      ...env,
      LEDGER_ORG: 'org1',
      LEDGER_USER: 'auditor1',
      LEDGER_GATEWAY_ADDRESS: '127.0.0.1:2',
      LEDGER_CLIENT_CERT: '/elsewhere/auditor.pem',
      LEDGER_CLIENT_KEY: '/elsewhere/auditor.key',
    };

    const c = resolveMemberConnection({ user: 'teller1' }, other);

    expect(c.certFile).to.equal(
      path.join(dir, 'crypto', 'org1', 'users', 'teller1', 'msp', 'signcerts', 'cert.pem'),
    );
    expect(c.address).to.equal('127.0.0.1:2');
  });

  it("keeps the environment's certificate when no user or org is given", () => {
    const { dir, env } = runFolder();
    const cert = path.join(dir, 'mine.pem');
    fs.writeFileSync(cert, 'C');

    const c = resolveMemberConnection({}, { ...env, LEDGER_CLIENT_CERT: cert, LEDGER_CLIENT_KEY: cert });

    expect(c.certFile).to.equal(cert);
  });

  it('reads the variables that ledger env prints', () => {
    expect(
      memberConnectionOptionsFromEnv({
        LEDGER_ORG: 'org2',
        LEDGER_USER: 'u',
        LEDGER_GATEWAY_ADDRESS: 'a:1',
        LEDGER_GATEWAY_TLS_CA: 'ca',
        LEDGER_CLIENT_CERT: 'c',
        LEDGER_CLIENT_KEY: 'k',
        LEDGER_GATEWAY_PLAINTEXT: '1',
      }),
    ).to.deep.equal({
      org: 'org2',
      user: 'u',
      address: 'a:1',
      caFile: 'ca',
      certFile: 'c',
      keyFile: 'k',
      plaintext: true,
    });
    expect(memberConnectionOptionsFromEnv({})).to.deep.equal({});
  });

  it('refuses an org outside the network, naming --org', () => {
    const { env } = runFolder();

    expect(() => resolveMemberConnection({ org: 'org9' }, env)).to.throw(
      MemberConnectionError,
      /--org: got "org9"/,
    );
  });

  it('refuses a user with no credentials in the run folder, naming --user and how to add one', () => {
    const { env } = runFolder();

    expect(() => resolveMemberConnection({ user: 'alice' }, env)).to.throw(
      MemberConnectionError,
      /--user: no file .*alice.*ledger users add --org org1 --name alice/,
    );
  });

  it('refuses a user name that is not a plain name (no paths)', () => {
    const { env } = runFolder();

    expect(() => resolveMemberConnection({ user: '../org2/users/admin1' }, env)).to.throw(
      MemberConnectionError,
      /--user: got/,
    );
  });

  it('refuses a certificate without its key', () => {
    const { dir, env } = runFolder();
    const cert = path.join(dir, 'c.pem');
    fs.writeFileSync(cert, 'C');

    expect(() => resolveMemberConnection({ certFile: cert }, env)).to.throw(
      MemberConnectionError,
      /--cert: given without --key/,
    );
  });

  it('refuses a CA file that does not exist, naming --ca', () => {
    const { env } = runFolder();

    expect(() => resolveMemberConnection({ caFile: '/nonexistent/ca.pem' }, env)).to.throw(
      MemberConnectionError,
      /--ca: no file \/nonexistent\/ca.pem/,
    );
  });
});

describe('gateway endpoint files', () => {
  it('parses what gateway-up.sh writes', () => {
    expect(
      parseGatewayEndpoint(
        '{"org":"org1","mspId":"Org1MSP","address":"127.0.0.1:50051","tls":true,"caFile":"/c"}',
        'f',
      ),
    ).to.deep.equal({ org: 'org1', mspId: 'Org1MSP', address: '127.0.0.1:50051', tls: true, caFile: '/c' });
  });

  it('refuses a file without a boolean tls, naming the file', () => {
    expect(() =>
      parseGatewayEndpoint('{"org":"org1","mspId":"Org1MSP","address":"a","tls":"yes"}', 'the-file'),
    ).to.throw(MemberConnectionError, /the-file: tls must be true or false/);
  });

  it('refuses a file that is not JSON', () => {
    expect(() => parseGatewayEndpoint('{', 'f')).to.throw(MemberConnectionError, /f: not JSON/);
  });
});

describe('ledger connection flags', () => {
  const flagsOf = (given: Record<string, string>): ReturnType<typeof connectionFlags> =>
    connectionFlags(
      (name) => given[name],
      (name) => name in given,
    );

  it('maps --org --user --ca --cert --key --address and --dev onto the identity options', () => {
    expect(
      flagsOf({ org: 'org2', user: 'u', ca: 'a', cert: 'c', key: 'k', address: 'h:1', dev: 'true' }),
    ).to.deep.equal({
      org: 'org2',
      user: 'u',
      caFile: 'a',
      certFile: 'c',
      keyFile: 'k',
      address: 'h:1',
      plaintext: true,
    });
  });

  it('takes --tls-ca and --insecure as the older names of --ca and --dev', () => {
    expect(flagsOf({ 'tls-ca': 'a', insecure: 'true' })).to.deep.equal({ caFile: 'a', plaintext: true });
  });

  it('leaves out every flag not given', () => {
    expect(flagsOf({})).to.deep.equal({});
  });

  it("adds how to call as a member's user to an UNAUTHENTICATED refusal only", () => {
    const refusal = Object.assign(new Error('16 UNAUTHENTICATED: no client certificate'), { code: 16 });
    const other = Object.assign(new Error('7 PERMISSION_DENIED: role'), { code: 7 });

    expect(describeError(refusal)).to.match(/--org ORG --user NAME/);
    expect(describeError(other)).to.equal('7 PERMISSION_DENIED: role');
  });
});

describe('ledger env variables', () => {
  it('lists address, CA, certificate, key and grpcurl for a TLS gateway', () => {
    const vars = connectionVariables(
      { address: 'h:1', plaintext: false, org: 'org1', user: 'u', caFile: 'ca', certFile: 'c', keyFile: 'k' },
      '/g',
    );

    expect(vars).to.deep.equal([
      ['LEDGER_ORG', 'org1'],
      ['LEDGER_USER', 'u'],
      ['LEDGER_GATEWAY_ADDRESS', 'h:1'],
      ['LEDGER_GATEWAY_TLS_CA', 'ca'],
      ['LEDGER_CLIENT_CERT', 'c'],
      ['LEDGER_CLIENT_KEY', 'k'],
      ['GRPCURL', '/g'],
    ]);
  });

  it('says plaintext and names no files for a development gateway', () => {
    const vars = connectionVariables({ address: 'h:1', plaintext: true, org: 'org1' }, '/g');

    expect(vars).to.deep.equal([
      ['LEDGER_ORG', 'org1'],
      ['LEDGER_GATEWAY_ADDRESS', 'h:1'],
      ['LEDGER_GATEWAY_PLAINTEXT', '1'],
      ['GRPCURL', '/g'],
    ]);
  });
});
