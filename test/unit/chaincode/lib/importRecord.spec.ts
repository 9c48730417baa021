import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { importedRecordKeys } from '@chaincode/lib/importRecord';

const bytes = (value: unknown): Uint8Array => canonicalBytes(value);

describe('importedRecordKeys', () => {
  it('lists a QLDB revision under its marker and its document, qldb/<table>/<documentId>', () => {
    expect(
      importedRecordKeys(
        'qldb-revision',
        'Org1MSP',
        'qldb/L/S:1/0',
        bytes({ table: 'Vehicle', documentId: 'D1' }),
      ),
    ).to.deep.equal(['import/Org1MSP/qldb/L/S:1/0', 'qldb/Vehicle/D1']);
  });

  it('lists a QLDB revision without a table or document id (a hash-only revision) under its marker only', () => {
    expect(
      importedRecordKeys('qldb-revision', 'Org1MSP', 'r', bytes({ table: null, documentId: null })),
    ).to.deep.equal(['import/Org1MSP/r']);
  });

  it('lists a Fabric transaction under every key it wrote, sorted and unique', () => {
    const record = {
      channel: 'old',
      writes: [
        { namespace: 'cc', key: 'b' },
        { namespace: 'cc', key: 'a' },
        { namespace: 'cc', key: 'a' },
      ],
    };
    expect(importedRecordKeys('fabric-transaction', 'Org1MSP', 't', bytes(record))).to.deep.equal([
      'import/Org1MSP/t',
      'fabric/old/cc/a',
      'fabric/old/cc/b',
    ]);
  });

  it('lists an anchor, and a payload that is not a JSON object, under the marker only', () => {
    expect(
      importedRecordKeys('qldb-anchor', 'Org1MSP', 'a', bytes({ table: 'T', documentId: 'D' })),
    ).to.deep.equal(['import/Org1MSP/a']);
    expect(importedRecordKeys('qldb-revision', 'Org1MSP', 'a', Buffer.from('[1]'))).to.deep.equal([
      'import/Org1MSP/a',
    ]);
    expect(importedRecordKeys('qldb-revision', 'Org1MSP', 'a', Buffer.from('{'))).to.deep.equal([
      'import/Org1MSP/a',
    ]);
  });
});
