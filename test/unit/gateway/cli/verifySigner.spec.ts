// The real `ledger verify-export`, `ledger verify-receipt` and `ledger trust` (add, from-channel) processes on real
// files, no gateway and no network: a forged export or receipt is refused unless its digest signer is
// a gateway identity of a trusted member. Certificates: test/unit/gateway/export/fixtures/generate.sh
// and test/vectors/receipt/private/generate.sh. Every run passes --at, so the outcome does not
// depend on the machine's clock (the fixtures are valid 2026-12-01..2126-12-01).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { configBlock } from '@test-support/configBlock';
import { writeForgedExport } from '@test-support/forgedExport';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const BIN = path.join(ROOT, 'gateway', 'bin', 'ledger.js');
const FIXTURES = path.join(ROOT, 'test', 'unit', 'gateway', 'export', 'fixtures');
const VECTORS = path.join(ROOT, 'test', 'vectors', 'receipt');
const fixture = (name: string): string => path.join(FIXTURES, name);
const AT = ['--at', '2027-01-01T00:00:00Z'];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function ledger(...args: string[]): Run {
  // The command from its TypeScript source (LEDGER_CLI_SOURCE): unit tests need no build.
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LEDGER_CLI_SOURCE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Writes a complete export of a fabricated 3-entry journal whose digest `signer` signs; its folder. */
function forgedExport(signer: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `forged-${signer}-`));
  writeForgedExport(dir, {
    certificatePem: fs.readFileSync(fixture(`${signer}.cert.pem`), 'utf8'),
    privateKeyPem: fs.readFileSync(fixture(`${signer}.key.pem`), 'utf8'),
  });
  return dir;
}

/** Writes the receipt of a receipt vector to a file; its path. */
function vectorReceipt(kind: 'verify' | 'verify-twins', name: string): string {
  const vector = JSON.parse(fs.readFileSync(path.join(VECTORS, kind, `${name}.json`), 'utf8')) as {
    receipt: unknown;
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'receipt-')), `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(vector.receipt));
  return file;
}

describe('ledger verify-export, verify-receipt and trust: who may sign a digest', function () {
  this.timeout(60_000);
  const made: string[] = [];
  const exportOf = (signer: string): string => {
    const dir = forgedExport(signer);
    made.push(dir);
    return dir;
  };
  after(function () {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('ledger verify-export', function () {
    it('refuses a forged 3-entry export signed by a teller certificate of the trusted CA, naming the role', function () {
      const run = ledger('verify-export', exportOf('teller'), '--org-ca', fixture('ca.cert.pem'), ...AT);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain(
        'the digest signer "O=Org1MSP, OU=client, CN=export-test-teller" has ledger.role "teller", want "gateway"',
      );
      expect(JSON.parse(run.stdout)).to.include({ ok: false });
    });

    it('accepts the same 3 entries signed by a gateway certificate of the trusted CA', function () {
      const run = ledger('verify-export', exportOf('signer'), '--org-ca', fixture('ca.cert.pem'), ...AT);
      expect(run.stderr).to.equal('');
      expect(run.status).to.equal(0);
      expect(JSON.parse(run.stdout)).to.include({ ok: true, entriesVerified: 3 });
    });

    it('refuses an export signed by an expired gateway certificate, naming the expiry', function () {
      const run = ledger('verify-export', exportOf('expired'), '--org-ca', fixture('ca.cert.pem'), ...AT);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('expired on 2026-01-01T00:00:00Z');
    });

    it("refuses an export signed by a revoked gateway certificate when the CA's CRL is given", function () {
      const dir = exportOf('revoked');
      const ca = ['--org-ca', fixture('ca.cert.pem'), ...AT];
      expect(ledger('verify-export', dir, ...ca).status).to.equal(0);
      const run = ledger('verify-export', dir, ...ca, '--crl', fixture('ca.crl.pem'));
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('is revoked (serial 14)');
    });

    it('warns on stderr that the signer was not checked when neither --org-ca nor --trust is given', function () {
      const run = ledger('verify-export', exportOf('teller'));
      expect(run.status).to.equal(0);
      expect(run.stderr).to.contain('NOT checked against any trust anchor');
    });

    it('refuses --crl without a trust anchor as a usage error', function () {
      const run = ledger('verify-export', exportOf('signer'), '--crl', fixture('ca.crl.pem'));
      expect(run.status).to.equal(2);
      expect(run.stderr).to.contain('--crl and --at need --org-ca FILE or --trust FILE');
    });
  });

  describe('ledger trust add and --trust', function () {
    it('writes a trust file that pins the gateway signer, and verify-export accepts its export', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
      made.push(dir);
      const trust = path.join(dir, 'trust.json');
      const add = ledger(
        'trust',
        'add',
        '--msp',
        'Org1MSP',
        '--org-ca',
        fixture('ca.cert.pem'),
        '--crl',
        fixture('ca.crl.pem'),
        '--pin-cert',
        fixture('signer.cert.pem'),
        '--out',
        trust,
      );
      expect(add.stderr).to.equal('');
      expect(add.status).to.equal(0);
      expect(JSON.parse(add.stdout)).to.deep.include({ mspId: 'Org1MSP', caCerts: 1, crls: 1, signers: 1 });
      expect(fs.statSync(trust).mode & 0o777).to.equal(0o644);
      expect(ledger('verify-export', exportOf('signer'), '--trust', trust, ...AT).status).to.equal(0);
      const revoked = ledger('verify-export', exportOf('revoked'), '--trust', trust, ...AT);
      expect(revoked.status).to.equal(1);
      expect(revoked.stderr).to.contain('is revoked');
    });

    it('refuses a gateway certificate the trust file does not pin', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
      made.push(dir);
      const trust = path.join(dir, 'trust.json');
      const ca = fs.readFileSync(fixture('ca.cert.pem'), 'utf8');
      const members = [
        { mspId: 'Org1MSP', caCerts: [ca], signers: [{ subject: 'O=Org1MSP, OU=client, CN=gateway9' }] },
      ];
      fs.writeFileSync(trust, JSON.stringify({ format: 'ledger-trust-v1', members }));
      const run = ledger('verify-export', exportOf('signer'), '--trust', trust, ...AT);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('matches none of the 1 signers pinned for Org1MSP');
    });

    it('names the bad field of a malformed trust file', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
      made.push(dir);
      const trust = path.join(dir, 'trust.json');
      fs.writeFileSync(
        trust,
        JSON.stringify({ format: 'ledger-trust-v1', members: [{ mspId: 'Org1MSP', caCerts: ['x'] }] }),
      );
      const run = ledger('verify-export', exportOf('signer'), '--trust', trust);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('trust file members[0].caCerts[0]: got "x", want a PEM certificate');
    });

    it('refuses to pin a teller certificate, naming its role', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
      made.push(dir);
      const out = path.join(dir, 'trust.json');
      const run = ledger(
        'trust',
        'add',
        '--msp',
        'Org1MSP',
        '--org-ca',
        fixture('ca.cert.pem'),
        '--pin-cert',
        fixture('teller.cert.pem'),
        '--out',
        out,
      );
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain(
        '--pin-cert: the digest signer "O=Org1MSP, OU=client, CN=export-test-teller" has ledger.role "teller"',
      );
      expect(fs.existsSync(out)).to.equal(false);
    });
  });

  describe('ledger trust from-channel', function () {
    it('writes the trust file offline from a configuration block: its CA and CRL decide who may sign', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
      made.push(dir);
      const block = path.join(dir, 'config.block');
      const org1 = {
        group: 'Org1MSP',
        name: 'Org1MSP',
        roots: [fs.readFileSync(fixture('ca.cert.pem'), 'utf8')],
        crls: [fs.readFileSync(fixture('ca.crl.pem'), 'utf8')],
      };
      fs.writeFileSync(block, configBlock(7, [org1]));
      const trust = path.join(dir, 'trust.json');

      const run = ledger('trust', 'from-channel', '--config-block', block, '--out', trust);

      expect(run.status, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal({
        out: trust,
        configBlock: '7',
        members: [{ mspId: 'Org1MSP', caCerts: 1, crls: 1, signers: 0 }],
        dropped: [],
      });
      expect(ledger('verify-export', exportOf('signer'), '--trust', trust, ...AT).status).to.equal(0);
      const revoked = ledger('verify-export', exportOf('revoked'), '--trust', trust, ...AT);
      expect(revoked.status).to.equal(1);
      expect(revoked.stderr).to.contain('is revoked (serial 14)');
    });

    it('refuses a file that is not a configuration block, writing nothing', function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
      made.push(dir);
      const block = path.join(dir, 'not.block');
      fs.writeFileSync(block, 'not a block');
      const trust = path.join(dir, 'trust.json');

      const run = ledger('trust', 'from-channel', '--config-block', block, '--out', trust);

      expect(run.status).to.equal(1);
      expect(run.stderr).to.not.equal('');
      expect(fs.existsSync(trust)).to.equal(false);
    });
  });

  describe('ledger verify-receipt', function () {
    const orgCa = ['--org-ca', path.join(VECTORS, 'private', 'org-ca.cert.pem'), ...AT];

    it('accepts a receipt whose digest a gateway identity of the org CA signed', function () {
      const run = ledger('verify-receipt', vectorReceipt('verify', 'seq-2-of-5'), ...orgCa);
      expect(run.stderr).to.equal('');
      expect(run.status).to.equal(0);
      expect(run.stdout).to.contain('is a gateway identity (ledger.role gateway)');
    });

    it('refuses the same receipt signed under a teller certificate of the org CA, naming the role', function () {
      const run = ledger('verify-receipt', vectorReceipt('verify-twins', 'signer-teller-role'), ...orgCa);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('has ledger.role "teller", want "gateway"');
    });

    it('refuses a receipt signed under an expired gateway certificate, naming the expiry, and accepts it at a time it was valid', function () {
      const receipt = vectorReceipt('verify-twins', 'signer-expired');
      const run = ledger('verify-receipt', receipt, ...orgCa);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('expired on 2026-01-01T00:00:00Z');
      const then = ledger(
        'verify-receipt',
        receipt,
        '--org-ca',
        path.join(VECTORS, 'private', 'org-ca.cert.pem'),
        '--at',
        '2025-06-01T00:00:00Z',
      );
      expect(then.status).to.equal(0);
    });

    it("refuses a receipt signed under a revoked gateway certificate when the CA's CRL is given", function () {
      const crl = ['--crl', path.join(VECTORS, 'private', 'org-ca.crl.pem')];
      const run = ledger('verify-receipt', vectorReceipt('verify-twins', 'signer-revoked'), ...orgCa, ...crl);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('is revoked (serial 06)');
    });

    it('needs --org-ca or --trust (usage error)', function () {
      const run = ledger('verify-receipt', vectorReceipt('verify', 'seq-2-of-5'));
      expect(run.status).to.equal(2);
      expect(run.stderr).to.contain('--org-ca CA.pem | --trust trust.json');
    });
  });
});
