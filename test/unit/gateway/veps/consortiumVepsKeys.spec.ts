import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { silentLogger } from '@gateway/logger';
import {
  isGovernanceExecution,
  newConsortiumVepsKeys,
  parseVepsKeysRecord,
} from '@gateway/veps/consortiumVepsKeys';

const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');
const ED25519 = fs.readFileSync(path.join(VEPS_DIR, 'keys', 'veps-ed25519.pem'), 'utf8');
const RECORD = JSON.stringify({
  keys: [{ id: 'veps-ed25519', publicKeyPem: ED25519 }],
  proposalId: 'p',
  updatedAt: '2025-01-01T00:00:00.000Z',
});
const NONE = JSON.stringify({ keys: [], proposalId: null, updatedAt: null });
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

describe('consortiumVepsKeys', () => {
  describe('#parseVepsKeysRecord', () => {
    it('reads the keys of a Governance:GetVepsKeys answer', () => {
      expect(parseVepsKeysRecord(RECORD).map((k) => [k.id, k.algorithm])).to.deep.equal([
        ['veps-ed25519', 'ed25519'],
      ]);
      expect(parseVepsKeysRecord(NONE)).to.deep.equal([]);
    });

    it('refuses an answer without a keys array', () => {
      expect(() => parseVepsKeysRecord('{}')).to.throw(/no keys array/);
    });
  });

  describe('#newConsortiumVepsKeys', () => {
    it('has no keys before its first read, then the keys read, then none after they are turned off', async () => {
      const answers = [RECORD, NONE];
      const keys = newConsortiumVepsKeys(() => Promise.resolve(bytes(answers.shift() ?? NONE)), silentLogger);
      expect(keys.current()).to.deep.equal([]);
      await keys.refresh();
      expect(keys.current().map((k) => k.id)).to.deep.equal(['veps-ed25519']);
      await keys.refresh();
      expect(keys.current()).to.deep.equal([]);
    });

    it('keeps the previous keys when a read fails', async () => {
      let fail = false;
      const keys = newConsortiumVepsKeys(
        () => (fail ? Promise.reject(new Error('peer down')) : Promise.resolve(bytes(RECORD))),
        silentLogger,
      );
      await keys.refresh();
      fail = true;
      await keys.refresh();
      expect(keys.current().map((k) => k.id)).to.deep.equal(['veps-ed25519']);
    });

    it('shares one read between concurrent refreshes', async () => {
      let reads = 0;
      const keys = newConsortiumVepsKeys(() => {
        reads += 1;
        return Promise.resolve(bytes(RECORD));
      }, silentLogger);
      await Promise.all([keys.refresh(), keys.refresh(), keys.refresh()]);
      expect(reads).to.equal(1);
      await keys.refresh();
      expect(reads).to.equal(2);
    });
  });

  describe('#isGovernanceExecution', () => {
    const entry = (action: string): Uint8Array => canonicalBytes({ type: 'governance', action, writes: [] });

    it('finds the seal of a Governance:RecordExecution entry', () => {
      expect(
        isGovernanceExecution({ entryType: 'governance', payload: entry('Governance:RecordExecution') }),
      ).to.equal(true);
    });

    it('ignores other governance actions, other entry types and payloads that are not JSON', () => {
      expect(
        isGovernanceExecution({ entryType: 'governance', payload: entry('Governance:VoteOnProposal') }),
      ).to.equal(false);
      expect(
        isGovernanceExecution({ entryType: 'event', payload: entry('Governance:RecordExecution') }),
      ).to.equal(false);
      expect(isGovernanceExecution({ entryType: 'governance', payload: bytes('not json') })).to.equal(false);
    });
  });
});
