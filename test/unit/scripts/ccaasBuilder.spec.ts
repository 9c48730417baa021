import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';

// network/builders/ccaas/bin/{build,release}, run as the peer runs them: the package's connection.json
// says only where and how to dial; release adds the peer's own TLS client credentials from
// LEDGER_CHAINCODE_CLIENT_TLS_DIR, and build refuses a package that carries a private key.

const bin = path.join(__dirname, '..', '..', '..', 'network', 'builders', 'ccaas', 'bin');
const DIAL = {
  address: '127.0.0.1:7500',
  dial_timeout: '10s',
  tls_required: true,
  client_auth_required: true,
};
const KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

let root: string;

function run(step: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(path.join(bin, step), args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
}

/** A build-output folder holding `connection`, and an empty release folder. */
function built(connection: object): { bld: string; rel: string } {
  const bld = fs.mkdtempSync(path.join(root, 'bld-'));
  fs.writeFileSync(path.join(bld, 'connection.json'), JSON.stringify(connection));
  return { bld, rel: fs.mkdtempSync(path.join(root, 'rel-')) };
}

/** A peer's chaincode-client folder: cert.pem, key.pem, ca.pem. */
function peerTlsDir(): string {
  const dir = fs.mkdtempSync(path.join(root, 'tls-'));
  fs.writeFileSync(path.join(dir, 'cert.pem'), 'PEER CERT');
  fs.writeFileSync(path.join(dir, 'key.pem'), KEY, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'ca.pem'), 'CHAINCODE TLS CA');
  return dir;
}

describe('ccaas external builder', () => {
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ccaas-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("release merges the peer's own TLS client credentials into connection.json, written 0600", () => {
    const { bld, rel } = built(DIAL);

    const result = run('release', [bld, rel], { LEDGER_CHAINCODE_CLIENT_TLS_DIR: peerTlsDir() });

    expect(result.stderr).to.equal('');
    expect(result.status).to.equal(0);
    const out = path.join(rel, 'chaincode', 'server', 'connection.json');
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).to.deep.equal({
      ...DIAL,
      root_cert: 'CHAINCODE TLS CA',
      client_cert: 'PEER CERT',
      client_key: KEY,
    });
    expect(fs.statSync(out).mode & 0o777).to.equal(0o600);
  });

  it('release fails, naming the variable, when the peer has no chaincode TLS folder', () => {
    const { bld, rel } = built(DIAL);

    const result = run('release', [bld, rel]);

    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/LEDGER_CHAINCODE_CLIENT_TLS_DIR is not set/);
  });

  it('release passes a plaintext connection through without credentials', () => {
    const plain = { address: '127.0.0.1:7500', tls_required: false };
    const { bld, rel } = built(plain);

    expect(run('release', [bld, rel]).status).to.equal(0);
    expect(
      JSON.parse(fs.readFileSync(path.join(rel, 'chaincode', 'server', 'connection.json'), 'utf8')),
    ).to.deep.equal(plain);
  });

  it('build copies a credential-free connection.json and refuses one that carries a private key', () => {
    const src = fs.mkdtempSync(path.join(root, 'src-'));
    const out = fs.mkdtempSync(path.join(root, 'out-'));
    fs.writeFileSync(path.join(src, 'connection.json'), JSON.stringify(DIAL));

    expect(run('build', [src, root, out]).status).to.equal(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'connection.json'), 'utf8'))).to.deep.equal(DIAL);

    fs.writeFileSync(path.join(src, 'connection.json'), JSON.stringify({ ...DIAL, client_key: KEY }));
    const refused = run('build', [src, root, fs.mkdtempSync(path.join(root, 'out-'))]);

    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.match(/carries a private key/);
  });
});
