import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parseTopology } from '@gateway/topology/parseTopology';
import { shiftTopologyPorts } from '@gateway/topology/shiftPorts';

const NETWORK = path.resolve(__dirname, '..', '..', '..', '..', 'network');
const topology = parseTopology(
  JSON.parse(fs.readFileSync(path.join(NETWORK, 'topology.json'), 'utf8')),
  'topology.json',
);

describe('shiftTopologyPorts', () => {
  it('moves every network port by the new network base and every gateway port by the new gateway base', () => {
    const moved = shiftTopologyPorts(topology, {
      networkBase: 9000,
      gatewayBase: 9551,
      gatewayMetricsBase: 9600,
    });
    const org1 = moved.orgs[0];
    expect(moved.ordererOrg.orderers[0]).to.include({ port: 9050, adminPort: 9051, operationsPort: 9052 });
    expect(moved.ordererOrg.ca).to.include({ port: 9400, operationsPort: 9401 });
    expect(org1?.peers.map((p) => [p.port, p.chaincodePort, p.operationsPort])).to.deep.equal([
      [9100, 9101, 9102],
      [9103, 9104, 9105],
    ]);
    expect(org1?.gateway).to.include({ port: 9551, metricsPort: 9600 });
    expect(moved.orgs[1]?.gateway).to.include({ port: 9552, metricsPort: 9601 });
    expect(moved.chaincode.port).to.equal(9500);
    expect(moved.ports).to.deep.equal({ networkBase: 9000, gatewayBase: 9551, gatewayMetricsBase: 9600 });
  });

  it('keeps the file ports when no base is given, and hosts and names always', () => {
    const same = shiftTopologyPorts(topology, {});
    expect(same).to.deep.equal(topology);
  });

  it('refuses a base that pushes a port past 65535, saying what to change', () => {
    expect(() => shiftTopologyPorts(topology, { gatewayBase: 65535 })).to.throw(
      RangeError,
      /port 50052 shifted by 15484 is 65536, outside 1\.\.65535: choose another port base/,
    );
  });
});
