import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { channelsOfMember, parseChannelEntry, readChannelsFolder } from '@gateway/fabric/channelsFolder';

describe('channelsFolder', function () {
  describe('channelsOfMember', function () {
    const entries = [
      { name: 'two', members: ['Org1MSP', 'Org2MSP'] },
      { name: 'alpha', members: ['Org1MSP'] },
      { name: 'ledger', members: ['Org1MSP'] },
    ];

    it("lists the channels naming the org's MSP id, sorted, without the main channel", function () {
      expect(channelsOfMember(entries, 'Org1MSP', 'ledger')).to.deep.equal(['alpha', 'two']);
      expect(channelsOfMember(entries, 'Org2MSP', 'ledger')).to.deep.equal(['two']);
    });

    it('lists nothing for an org that is in none of them', function () {
      expect(channelsOfMember(entries, 'Org3MSP', 'ledger')).to.deep.equal([]);
    });
  });

  describe('parseChannelEntry', function () {
    it('reads the name and the members of a channel file', function () {
      expect(parseChannelEntry({ name: 'two', members: ['Org1MSP'] }, '/x/two.json')).to.deep.equal({
        name: 'two',
        members: ['Org1MSP'],
      });
    });

    it('refuses a file whose name is not its file name, naming the field', function () {
      expect(() => parseChannelEntry({ name: 'two', members: [] }, '/x/three.json')).to.throw(
        /three\.json: name: got "two"/,
      );
    });

    it('refuses members that are not an array of MSP ids, naming the field', function () {
      expect(() => parseChannelEntry({ name: 'two', members: 'Org1MSP' }, '/x/two.json')).to.throw(
        /two\.json: members: got "Org1MSP"/,
      );
      expect(() => parseChannelEntry({ name: 'Two', members: [] }, '/x/Two.json')).to.throw(
        /name: got "Two"/,
      );
    });
  });

  describe('readChannelsFolder', function () {
    let dir: string;
    beforeEach(function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channels-'));
    });
    afterEach(function () {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('has no channels when the folder does not exist', function () {
      expect(readChannelsFolder(path.join(dir, 'missing'))).to.deep.equal([]);
    });

    it('reads every .json file and nothing else', function () {
      fs.writeFileSync(path.join(dir, 'two.json'), '{"name":"two","members":["Org1MSP","Org2MSP"]}');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
      expect(readChannelsFolder(dir)).to.deep.equal([{ name: 'two', members: ['Org1MSP', 'Org2MSP'] }]);
    });

    it('fails naming a file that is not JSON', function () {
      fs.writeFileSync(path.join(dir, 'two.json'), '{');
      expect(() => readChannelsFolder(dir)).to.throw(/two\.json: /);
    });
  });
});
