// Rewrites network/topology.schema.json from gateway/src/topology/topologySchema.ts
// (`npm run docs:topology-schema`); test/unit/gateway/topology/topologySchema.spec.ts fails while they differ.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { topologyJsonSchema } from '../topology/topologySchema';

const file = path.resolve(__dirname, '..', '..', '..', 'network', 'topology.schema.json');
fs.writeFileSync(file, `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`);
console.log(JSON.stringify({ msg: 'topology schema written', file }));
