import { expect } from 'chai';
import {
  completedManifestStrand,
  dataObjectRange,
  parseCompletedManifest,
  parseDataObject,
  parseStartedManifest,
} from '@gateway/qldb/exportObjects';
import { JournalFormatError } from '@gateway/qldb/journalBlock';
import { blockText, render, typicalStrand } from '@test-support/qldbExportBuilder';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('QLDB export objects', () => {
  it('reads the started manifest of the AWS documentation example', () => {
    const manifest = utf8(
      '{ ledgerName:"my-example-ledger", exportId:"8UyXulxccYLAsbN1aon7e4", inclusiveStartTime:2019-04-15T00:00:00.000Z, exclusiveEndTime:2019-04-15T22:00:00.000Z, bucket:"amzn-s3-demo-qldb-cloudtrail", prefix:"journalExport", objectEncryptionType:"NO_ENCRYPTION", outputFormat:"ION_TEXT" }',
    );
    expect(parseStartedManifest(manifest, 'm')).to.deep.equal({
      exportId: '8UyXulxccYLAsbN1aon7e4',
      ledgerName: 'my-example-ledger',
      outputFormat: 'ION_TEXT',
    });
  });

  it('reads a JSON started manifest, and refuses an unknown output format naming it', () => {
    expect(parseStartedManifest(utf8('{"exportId":"e","outputFormat":"JSON"}'), 'm').outputFormat).to.equal(
      'JSON',
    );
    expect(() => parseStartedManifest(utf8('{exportId:"e",outputFormat:"CSV"}'), 'm')).to.throw(
      JournalFormatError,
      'outputFormat CSV',
    );
    expect(() => parseStartedManifest(utf8('{ledgerName:"l"}'), 'm')).to.throw(
      JournalFormatError,
      'exportId is missing',
    );
  });

  it('reads the ordered keys of a completed manifest, in Ion binary too', () => {
    const text =
      '{keys:["2019/04/15/22/JdxjkR9bSYB5jMHWcI464T.1-4.ion","2019/04/15/22/JdxjkR9bSYB5jMHWcI464T.5-10.ion"]}';
    const keys = [
      '2019/04/15/22/JdxjkR9bSYB5jMHWcI464T.1-4.ion',
      '2019/04/15/22/JdxjkR9bSYB5jMHWcI464T.5-10.ion',
    ];
    expect(parseCompletedManifest(utf8(text), 'm')).to.deep.equal(keys);
    expect(parseCompletedManifest(render([text], 'ION_BINARY'), 'm')).to.deep.equal(keys);
    expect(() => parseCompletedManifest(utf8('{key:[]}'), 'm')).to.throw(
      JournalFormatError,
      'keys is missing',
    );
  });

  it('takes the strand from a completed manifest name of this export only', () => {
    expect(completedManifestStrand('e1.JdxjkR9bSYB5jMHWcI464T.completed.manifest', 'e1')).to.equal(
      'JdxjkR9bSYB5jMHWcI464T',
    );
    expect(completedManifestStrand('e2.JdxjkR9bSYB5jMHWcI464T.completed.manifest', 'e1')).to.equal(undefined);
    expect(completedManifestStrand('e1.started.manifest', 'e1')).to.equal(undefined);
  });

  it('reads the block range a data object name declares', () => {
    expect(dataObjectRange('journalExport/2019/04/15/22/JdxjkR9bSYB5jMHWcI464T.5-10.ion')).to.deep.equal({
      strandId: 'JdxjkR9bSYB5jMHWcI464T',
      first: 5,
      last: 10,
    });
    expect(dataObjectRange('journalExport/notes.txt')).to.equal(undefined);
  });

  it('reads JSON Lines blocks with hashes as base64 strings, marked as without Ion types', () => {
    const blocks = typicalStrand('StrandA', 2);
    const parsed = parseDataObject(render(blocks.map(blockText), 'JSON'), 'JSON', 'StrandA.0-1.json', 'f');
    expect(parsed.map((b) => [b.address.sequenceNo, b.ionTyped])).to.deep.equal([
      [0, false],
      [1, false],
    ]);
    expect(Buffer.from(parsed[1]!.blockHash).equals(blocks[1]!.blockHash)).to.equal(true);
  });

  it('refuses a JSON Lines line that is not JSON, naming the line', () => {
    expect(() => parseDataObject(utf8('{"a":1}\n{oops}\n'), 'JSON', 'k', 'f')).to.throw(
      JournalFormatError,
      'line 2 is not JSON',
    );
  });
});
