import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { topologyJsonSchema } from '@gateway/topology/topologySchema';

const FILE = path.resolve(__dirname, '..', '..', '..', '..', 'network', 'topology.schema.json');

describe('topologySchema', () => {
  it('is the schema committed in network/topology.schema.json (npm run docs:topology-schema rewrites it)', () => {
    expect(JSON.parse(fs.readFileSync(FILE, 'utf8'))).to.deep.equal(topologyJsonSchema());
  });

  it('gives editors the draft-07 schema with each shared definition once', () => {
    const schema = topologyJsonSchema();
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schema.definitions as object)).to.have.members([
      'port',
      'host',
      'orgName',
      'nodeName',
      'mspId',
      'domain',
      'channelName',
      'ca',
    ]);
  });
});
