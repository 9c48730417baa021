import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { vepsKeyFromPem } from '@chaincode/lib/vepsSignature';
import { vepsKeysChangeOf } from '@gateway/governance/vepsKeysArgs';

const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');

describe('vepsKeysArgs', () => {
  describe('#vepsKeysChangeOf', () => {
    it('reads a folder and a file as keys named by their files, in PEM SPKI form', () => {
      const change = vepsKeysChangeOf(
        `${path.join(VEPS_DIR, 'keys')},${path.join(VEPS_DIR, 'other', 'other-ed25519.pem')}`,
      );
      expect(change.keys.map((k) => k.id)).to.deep.equal(['veps-ed25519', 'veps-p256', 'other-ed25519']);
      for (const key of change.keys) {
        expect(key.publicKeyPem).to.match(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
        expect(() => vepsKeyFromPem(key.id, key.publicKeyPem)).not.to.throw();
      }
      const original = fs.readFileSync(path.join(VEPS_DIR, 'keys', 'veps-ed25519.pem'), 'utf8');
      expect(change.keys[0]?.publicKeyPem.trim()).to.equal(original.trim());
    });

    it('proposes an empty list for none', () => {
      expect(vepsKeysChangeOf('none')).to.deep.equal({ keys: [] });
    });

    it('refuses an empty value naming the flag, and a private key naming the file', () => {
      expect(() => vepsKeysChangeOf(',')).to.throw(/^--veps-keys: got ",", want FILE_OR_DIR/);
      expect(() => vepsKeysChangeOf(path.join(VEPS_DIR, 'private', 'veps-ed25519.key.pem'))).to.throw(
        /^--veps-keys: VEPS key file .*veps-ed25519\.key\.pem: got a PEM PRIVATE KEY block, want PUBLIC KEY$/,
      );
      expect(() => vepsKeysChangeOf('/nonexistent/veps.pem')).to.throw(
        /^--veps-keys: ENOENT.*\/nonexistent\/veps\.pem/,
      );
    });

    it('refuses more keys than the chaincode allows', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veps-keys-'));
      const pem = fs.readFileSync(path.join(VEPS_DIR, 'keys', 'veps-ed25519.pem'), 'utf8');
      try {
        for (let i = 0; i < 17; i++) fs.writeFileSync(path.join(dir, `k${i}.pem`), pem);
        expect(() => vepsKeysChangeOf(dir)).to.throw(/^--veps-keys: got 17 keys, want at most 16$/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
