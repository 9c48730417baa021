import * as path from 'node:path';
import { expect } from 'chai';
import {
  bool,
  channelList,
  clientCaList,
  endpoint,
  filePath,
  host,
  int,
  mspList,
  oneOf,
  optStr,
  pathList,
} from '@gateway/configParsers';

describe('configParsers', function () {
  it('int accepts integers in range from text or numbers and refuses others, naming the setting', function () {
    expect(int(1, 5)('5', 'n')).to.equal(5);
    expect(int(1, 5)(1, 'n')).to.equal(1);
    expect(() => int(1, 5)('6', 'n')).to.throw('n: got "6", want an integer from 1 to 5');
    expect(() => int(1, 5)('2.5', 'n')).to.throw('n: got "2.5"');
  });

  it('bool reads 1/0, true/false, yes/no and refuses anything else', function () {
    expect(['1', 'true', 'YES', true].map((v) => bool(v, 'b'))).to.deep.equal([true, true, true, true]);
    expect(['0', 'false', 'no', '', false].map((v) => bool(v, 'b'))).to.deep.equal([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(() => bool('on', 'b')).to.throw('b: got "on", want 1/0 or true/false');
  });

  it('oneOf accepts a listed word only', function () {
    expect(oneOf(['a', 'b'] as const)('b', 'w')).to.equal('b');
    expect(() => oneOf(['a', 'b'] as const)('c', 'w')).to.throw('w: got "c", want one of a, b');
  });

  it('endpoint accepts host:port with a name, IPv4 or bracketed IPv6 host', function () {
    for (const e of ['127.0.0.1:7100', 'peer0.org1.example.com:7051', '[::1]:443']) {
      expect(endpoint(e, 'e')).to.equal(e);
    }
  });

  it('endpoint refuses a missing or out-of-range port and a bare host', function () {
    for (const e of ['127.0.0.1', '127.0.0.1:', 'h:0', 'h:65536', 'grpcs://h:1', ':7051']) {
      expect(() => endpoint(e, 'e'), e).to.throw(`e: got ${JSON.stringify(e)}, want host:port`);
    }
  });

  it('host accepts names and addresses and refuses a host with a scheme or a space', function () {
    for (const h of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'peer0.org1.example.com']) {
      expect(host(h, 'h')).to.equal(h);
    }
    for (const h of ['', 'http://x', 'a b']) {
      expect(() => host(h, 'h'), h).to.throw(`h: got ${JSON.stringify(h)}, want a host name or address`);
    }
  });

  it('filePath and optStr: a path is kept; empty is refused, or none for an optional one', function () {
    expect(filePath('/a', 'p')).to.equal('/a');
    expect(() => filePath('', 'p')).to.throw('p: got "", want a path');
    expect(optStr('/a', 'p')).to.equal('/a');
    expect(optStr('', 'p')).to.equal(undefined);
  });

  it('pathList splits text at the path delimiter and takes an array of strings', function () {
    expect(pathList(['/a', '/b'].join(path.delimiter), 'l')).to.deep.equal(['/a', '/b']);
    expect(pathList(['/a', ''], 'l')).to.deep.equal(['/a']);
    expect(() => pathList([1], 'l')).to.throw('l: got [1], want a path');
  });

  it('mspList reads comma-separated ids, "-" for none, and refuses malformed ids', function () {
    expect(mspList('Org1MSP, Org2MSP', 'm')).to.deep.equal(['Org1MSP', 'Org2MSP']);
    expect(mspList('-', 'm')).to.deep.equal([]);
    expect(() => mspList('Org1MSP,,', 'm')).to.throw('m: got "Org1MSP,,", want comma-separated MSP ids');
  });

  it('channelList reads comma-separated channel names or an array, "-" for none', function () {
    expect(channelList('two, three', 'LEDGER_GATEWAY_CHANNELS')).to.deep.equal(['two', 'three']);
    expect(channelList(['two'], 'channels')).to.deep.equal(['two']);
    expect(channelList('-', 'channels')).to.deep.equal([]);
  });

  it('channelList refuses names Fabric does not allow and a name given twice, naming the setting', function () {
    for (const bad of ['Two', 'two,,', 'two,two', '9x']) {
      expect(() => channelList(bad, 'channels'), bad).to.throw(
        /^channels: got .*, want comma-separated distinct/,
      );
    }
    expect(() => channelList([1], 'channels')).to.throw(/^channels: got \[1\]/);
  });

  it('clientCaList reads MSP=file pairs or an object and refuses an MSP without a file', function () {
    expect(clientCaList('A=/a.pem, B=/b.pem', 'c')).to.deep.equal([
      { mspId: 'A', file: '/a.pem' },
      { mspId: 'B', file: '/b.pem' },
    ]);
    expect(clientCaList({ A: '/a.pem' }, 'c')).to.deep.equal([{ mspId: 'A', file: '/a.pem' }]);
    expect(() => clientCaList('A', 'c')).to.throw('c: got "A" without a CA file');
    expect(() => clientCaList(5, 'c')).to.throw('c: got 5, want');
  });
});
