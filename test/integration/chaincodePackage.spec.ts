// The chaincode-as-a-service package and the chaincode TLS credentials on the real network: the package
// every installing org receives holds no private key, the chaincode server's certificate (and the peers'
// chaincode-client certificates) come from the chaincode TLS CA and are no Fabric identity of any org,
// and the chaincode server accepts only TLS clients from that CA.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { expect } from 'chai';
import { connect, hash, GatewayError } from '@hyperledger/fabric-gateway';
import { newNativeSigner, newPeerClient } from '@gateway/fabric/connect';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import { layout } from '@test-support/testNetwork';

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const CONNECTION_FIELDS = ['address', 'client_auth_required', 'dial_timeout', 'root_cert', 'tls_required'];
const FOUNDERS: readonly PeerOrg[] = ['org1', 'org2'];
/** The peer's refusal of a proposal whose creator certificate no MSP of the channel accepts. */
const REFUSED_CREATOR = new RegExp(
  `^refused: .*access denied: channel \\[${layout.channelName}\\] creator org unknown, creator is malformed`,
);
const chaincodePort = Number(
  process.env.CHAINCODE_PORT ?? Number(process.env.NETWORK_PORT_BASE ?? '7000') + 500,
);
const serverTlsDir = path.join(layout.cryptoDir, 'chaincode', 'tls');

/** Every regular file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/**
 * Unpacks a chaincode package and the code.tar.gz inside it into a fresh folder; returns the files of
 * both layers (package path → content) and removes the folder.
 */
function unpackPackage(pkg: string): Map<string, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccpkg-'));
  try {
    execFileSync('tar', ['-xzf', pkg, '-C', dir]);
    const code = path.join(dir, 'code.tar.gz');
    expect(fs.existsSync(code), `${pkg} has no code.tar.gz`).to.equal(true);
    const inner = path.join(dir, 'code');
    fs.mkdirSync(inner);
    execFileSync('tar', ['-xzf', code, '-C', inner]);
    return new Map(filesUnder(dir).map((f) => [path.relative(dir, f), fs.readFileSync(f)]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Names of the files in `files` whose content holds a PEM private key. */
function filesWithKeys(files: Map<string, Buffer>): string[] {
  return [...files].filter(([, content]) => PRIVATE_KEY.test(content.toString('latin1'))).map(([f]) => f);
}

/** The package deploy-chaincode.sh built for the chaincode it started (state/chaincode-<name>.package). */
function deployedPackage(): { id: string; file: string } {
  const id = fs
    .readFileSync(path.join(layout.runDir, 'state', `chaincode-${layout.chaincodeName}.package`), 'utf8')
    .trim();
  const label = id.split(':')[0]!;
  return { id, file: path.join(layout.runDir, 'artifacts', 'chaincode', label, `${label}.tar.gz`) };
}

/** The packages installed on the peers: the copies in each peer's lifecycle store. */
function installedPackages(): string[] {
  const data = path.join(layout.runDir, 'data');
  return fs
    .readdirSync(data)
    .filter((d) => d.startsWith('peer0-'))
    .flatMap((d) => {
      const store = path.join(data, d, 'lifecycle', 'chaincodes');
      return fs.existsSync(store)
        ? fs
            .readdirSync(store)
            .filter((f) => f.endsWith('.tar.gz'))
            .map((f) => path.join(store, f))
        : [];
    });
}

/** The chaincode TLS certificates: the server's, and each founding peer's chaincode-client one. */
function chaincodeTlsCerts(): { name: string; dir: string }[] {
  return [
    { name: 'chaincode server', dir: serverTlsDir },
    ...FOUNDERS.map((org) => ({
      name: `peer0-${org} chaincode client`,
      dir: path.join(layout.cryptoDir, org, 'peers', 'peer0', 'chaincode-client'),
    })),
  ];
}

/** The message of a Fabric gateway error with the peers' details, as a test log shows it. */
function describeError(err: unknown): string {
  if (err instanceof GatewayError) {
    const details = err.details.map((d) => `${d.mspId}@${d.address}: ${d.message}`).join('; ');
    return `${err.message}${details ? ` [${details}]` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Evaluates qscc GetBlockByNumber(channel, 0) on `org`'s peer as the identity (cert.pem, key.pem in
 * `dir`) claiming `org`'s MSP id; resolves to "allowed" or to the peer's refusal.
 */
async function qsccAs(org: PeerOrg, dir: string): Promise<string> {
  const client = newPeerClient(orgLayout(layout, org));
  const gateway = connect({
    client,
    identity: {
      mspId: orgLayout(layout, org).mspId,
      credentials: fs.readFileSync(path.join(dir, 'cert.pem')),
    },
    signer: newNativeSigner(crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'key.pem')))),
    hash: hash.none,
    evaluateOptions: () => ({ deadline: Date.now() + 15_000 }),
  });
  try {
    const qscc = gateway.getNetwork(layout.channelName).getContract('qscc');
    await qscc.evaluateTransaction('GetBlockByNumber', layout.channelName, '0');
    return 'allowed';
  } catch (err) {
    return `refused: ${describeError(err)}`;
  } finally {
    gateway.close();
    client.close();
  }
}

/**
 * A TLS (HTTP/2) handshake with the chaincode server presenting `certDir`'s cert.pem and key.pem:
 * "accepted" when the server starts its HTTP/2 session, otherwise "refused: <why>".
 */
function chaincodeServerHandshake(cert: Buffer, key: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: chaincodePort,
      ca: fs.readFileSync(path.join(serverTlsDir, 'ca.pem')),
      cert,
      key,
      ALPNProtocols: ['h2'],
    });
    const done = (result: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => {
      done('refused: no answer in 5 s');
    }, 5_000);
    socket.once('data', () => {
      done('accepted');
    });
    socket.once('error', (err: Error) => {
      done(`refused: ${err.message}`);
    });
    socket.once('close', () => {
      done('refused: closed');
    });
  });
}

describe('chaincode package and chaincode TLS credentials', function () {
  this.timeout(60_000);

  describe('package', () => {
    it('builds a package with no private key in it, nor in its code.tar.gz', () => {
      const { id, file } = deployedPackage();
      expect(
        `${id.split(':')[0]}:${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`,
      ).to.equal(id);

      const files = unpackPackage(file);

      expect([...files.keys()].sort()).to.deep.equal([
        'code.tar.gz',
        'code/connection.json',
        'metadata.json',
      ]);
      expect(filesWithKeys(files)).to.deep.equal([]);
      const connection = JSON.parse(files.get('code/connection.json')!.toString('utf8')) as Record<
        string,
        unknown
      >;
      expect(Object.keys(connection).filter((k) => !CONNECTION_FIELDS.includes(k))).to.deep.equal([]);
      expect(connection).to.include({ tls_required: true, client_auth_required: true });
    });

    it('installed on every peer a package with no private key in it', () => {
      const installed = installedPackages();

      expect(installed.length).to.be.at.least(FOUNDERS.length);
      for (const pkg of installed) {
        expect(filesWithKeys(unpackPackage(pkg)), pkg).to.deep.equal([]);
      }
    });
  });

  describe('chaincode TLS certificates', () => {
    it('issues the chaincode server and chaincode-client certificates from no org CA and with no Fabric role', () => {
      const orgCas = FOUNDERS.map((org) => new X509(orgLayout(layout, org).caCertPath));
      for (const { name, dir } of chaincodeTlsCerts()) {
        const cert = new crypto.X509Certificate(fs.readFileSync(path.join(dir, 'cert.pem')));

        expect(
          orgCas
            .filter((ca) => cert.checkIssued(ca.cert) && cert.verify(ca.cert.publicKey))
            .map((ca) => ca.file),
          `${name} issued by an org CA`,
        ).to.deep.equal([]);
        expect(cert.subject, `${name} subject`).not.to.match(/^OU=(client|peer|admin|orderer)$/m);
        expect(fs.statSync(path.join(dir, 'key.pem')).mode & 0o077, `${name} key mode`).to.equal(0);
      }
    });

    for (const org of FOUNDERS) {
      it(`refuses the chaincode server certificate as a ${orgLayout(layout, org).mspId} client identity (qscc GetBlockByNumber)`, async () => {
        const result = await qsccAs(org, serverTlsDir);
        console.log(`      chaincode server cert as ${orgLayout(layout, org).mspId}: ${result}`);

        expect(result).to.match(REFUSED_CREATOR);
      });
    }

    it('refuses each peer chaincode-client certificate as a Fabric client identity', async () => {
      for (const { name, dir } of chaincodeTlsCerts().slice(1)) {
        const org = FOUNDERS.find((o) => name.includes(o))!;

        expect(await qsccAs(org, dir), name).to.match(REFUSED_CREATOR);
      }
    });
  });

  describe('chaincode server', () => {
    it("refuses a TLS client with an org member's certificate", async () => {
      const msp = path.join(orgLayout(layout, 'org1').usersDir, 'teller1', 'msp');
      const result = await chaincodeServerHandshake(
        fs.readFileSync(path.join(msp, 'signcerts', 'cert.pem')),
        fs.readFileSync(path.join(msp, 'keystore', 'key.pem')),
      );
      console.log(`      Org1 teller1 as chaincode server client: ${result}`);

      expect(result).to.match(/^refused: /);
    });

    it("accepts a peer's chaincode-client certificate", async () => {
      const dir = path.join(layout.cryptoDir, 'org2', 'peers', 'peer0', 'chaincode-client');

      expect(
        await chaincodeServerHandshake(
          fs.readFileSync(path.join(dir, 'cert.pem')),
          fs.readFileSync(path.join(dir, 'key.pem')),
        ),
      ).to.equal('accepted');
    });
  });
});

/** An org CA certificate and the file it came from. */
class X509 {
  readonly cert: crypto.X509Certificate;
  constructor(readonly file: string) {
    this.cert = new crypto.X509Certificate(fs.readFileSync(file));
  }
}
