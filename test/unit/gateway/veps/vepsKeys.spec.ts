import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { loadVepsKeys } from '@gateway/veps/vepsKeys';

const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');
const pem = (...parts: string[]): string => fs.readFileSync(path.join(VEPS_DIR, ...parts), 'utf8');

describe('vepsKeys', function () {
  let dir: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veps-keys-'));
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('#loadVepsKeys', function () {
    it('reads every *.pem file of a folder with the file name as key id', function () {
      const keys = loadVepsKeys([path.join(VEPS_DIR, 'keys')]);
      expect(keys.map((k) => k.id)).to.deep.equal(['veps-ed25519', 'veps-p256']);
    });

    it('numbers the keys of a file that holds several', function () {
      const file = path.join(dir, 'bundle.pem');
      fs.writeFileSync(file, pem('keys', 'veps-p256.pem') + pem('other', 'other-ed25519.pem'));
      const keys = loadVepsKeys([file]);
      expect(keys.map((k) => [k.id, k.algorithm])).to.deep.equal([
        ['bundle#1', 'ecdsa-p256'],
        ['bundle#2', 'ed25519'],
      ]);
    });

    it('returns no keys when no path is configured', function () {
      expect(loadVepsKeys([])).to.deep.equal([]);
    });

    it('refuses a configured folder without keys, so verification is never silently off', function () {
      expect(() => loadVepsKeys([dir])).to.throw(`VEPS keys: no PEM public key in ${dir}`);
    });

    it('refuses a private key naming the file and the PEM type', function () {
      const file = path.join(VEPS_DIR, 'private', 'veps-ed25519.key.pem');
      expect(() => loadVepsKeys([file])).to.throw(
        `VEPS key file ${file}: got a PEM PRIVATE KEY block, want PUBLIC KEY`,
      );
    });

    it('refuses two keys with the same id', function () {
      fs.writeFileSync(path.join(dir, 'veps-p256.pem'), pem('keys', 'veps-p256.pem'));
      expect(() => loadVepsKeys([dir, path.join(VEPS_DIR, 'keys')])).to.throw(
        'VEPS keys: key id veps-p256 appears twice',
      );
    });

    it('refuses a path that does not exist', function () {
      expect(() => loadVepsKeys([path.join(dir, 'missing.pem')])).to.throw(/ENOENT/);
    });
  });
});
