import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parseConsortiumFile } from '@gateway/governance/consortiumFile';

const problemOf = (value: unknown): string => {
  try {
    parseConsortiumFile(JSON.stringify(value), 'c.json');
  } catch (err) {
    return (err as Error).message;
  }
  return 'parsed';
};

describe('consortiumFile', function () {
  describe('parseConsortiumFile', function () {
    it("reads the repository's consortium file: sorted founding members and the policy", function () {
      const file = path.join(__dirname, '..', '..', '..', '..', 'channel-config', 'consortium.json');
      const consortium = parseConsortiumFile(fs.readFileSync(file, 'utf8'), file);
      expect(consortium.foundingMembers).to.deep.equal(['Org1MSP', 'Org2MSP']);
      expect(consortium.policy).to.have.property('thresholdPercentage');
    });

    it('sorts the members and keeps a policy as written', function () {
      const consortium = parseConsortiumFile(
        JSON.stringify({ members: [{ mspId: 'B' }, { mspId: 'A', displayName: 'a' }], policy: { x: 1 } }),
        'c.json',
      );
      expect(consortium).to.deep.equal({ foundingMembers: ['A', 'B'], policy: { x: 1 } });
    });

    it('names the file and the field that is wrong', function () {
      expect(problemOf({ policy: {} })).to.equal('c.json: members: got nothing, want an array');
      expect(problemOf({ members: [] })).to.equal('c.json: members: got [], want at least one member');
      expect(problemOf({ members: [{ mspId: 'A' }, { mspId: 7 }] })).to.equal(
        'c.json: members[1].mspId: got 7, want a string',
      );
      expect(problemOf([])).to.equal('c.json: $: got [], want a JSON object');
    });

    it('names the file when it is not JSON', function () {
      expect(() => parseConsortiumFile('{', 'c.json')).to.throw(/^c\.json: .*JSON/);
    });
  });
});
