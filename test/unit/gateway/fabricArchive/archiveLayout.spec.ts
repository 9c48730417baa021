import { expect } from 'chai';
import {
  ArchiveFormatError,
  blockFileName,
  blockNumberOfFileName,
  parseIndex,
  parseManifest,
} from '@gateway/fabricArchive/archiveLayout';

const entry = (number: number): string =>
  JSON.stringify({
    number,
    headerHash: 'aa',
    dataHash: 'bb',
    previousHash: '',
    config: number === 0,
    lastConfig: 0,
    transactions: 1,
    validTransactions: null,
    ordererSigners: [],
  });

describe('archiveLayout', function () {
  it('names block files with ten digits and reads the number back, ignoring other names', function () {
    expect(blockFileName(7)).to.equal('0000000007.block');
    expect(blockNumberOfFileName('0000000007.block')).to.equal(7);
    expect(blockNumberOfFileName('0000000007.block.123.tmp')).to.equal(undefined);
    expect(blockNumberOfFileName('7.block')).to.equal(undefined);
  });

  it('reads the complete index lines and reports a torn last line', function () {
    const text = `${entry(0)}\n${entry(1)}\n{"number":2,"hea`;

    const index = parseIndex(text);

    expect(index.entries.map((e) => e.number)).to.deep.equal([0, 1]);
    expect(index.tornTail).to.equal(true);
    expect(index.completeBytes).to.equal(Buffer.byteLength(`${entry(0)}\n${entry(1)}\n`));
    expect(parseIndex(`${entry(0)}\n`).tornTail).to.equal(false);
  });

  it('refuses an index line with a field of the wrong kind, naming the line and the field', function () {
    const line = JSON.stringify({ ...(JSON.parse(entry(1)) as object), validTransactions: 'all' });
    expect(() => parseIndex(`${entry(0)}\n${line}\n`)).to.throw(
      ArchiveFormatError,
      /^index\.jsonl line 2: validTransactions: got "all", want a number$/,
    );
    expect(parseIndex(`${entry(0)}\n${entry(1)}\n`).entries).to.have.length(2);
  });

  it('refuses an index line out of order or not an entry, naming the line', function () {
    expect(() => parseIndex(`${entry(0)}\n${entry(2)}\n`)).to.throw(
      ArchiveFormatError,
      /line 2: got block 2, want block 1/,
    );
    expect(() => parseIndex(`${entry(0)}\n{"number":1}\n`)).to.throw(
      ArchiveFormatError,
      /^index\.jsonl line 2: headerHash: got nothing, want a string$/,
    );
    expect(() => parseIndex('nope\n')).to.throw(ArchiveFormatError, /line 1: not JSON/);
  });

  it('reads a manifest and refuses one of another format or without a channel, naming the field', function () {
    const good = { format: 'fabric-block-archive-v1', channel: 'ledger', source: 'orderer', height: 3 };

    expect(parseManifest(JSON.stringify(good))).to.include({ channel: 'ledger', height: 3 });
    expect(() => parseManifest(JSON.stringify({ ...good, format: 'x' }))).to.throw(
      ArchiveFormatError,
      /^manifest\.json: format: got "x", want fabric-block-archive-v1$/,
    );
    expect(() => parseManifest(JSON.stringify({ ...good, channel: '' }))).to.throw(
      ArchiveFormatError,
      /^manifest\.json: channel: got "", want a channel name$/,
    );
    expect(() => parseManifest(JSON.stringify({ ...good, source: 'cloud' }))).to.throw(
      ArchiveFormatError,
      /^manifest\.json: source: got "cloud", want one of "orderer", "peer"$/,
    );
    expect(() => parseManifest(JSON.stringify({ ...good, height: -1 }))).to.throw(
      ArchiveFormatError,
      /^manifest\.json: height: got -1, want at least 0$/,
    );
  });
});
