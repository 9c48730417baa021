// The multi-host mode (NETWORK_HOSTS=netns): every orderer, peer, org (CA and gateway) and the chaincode
// server runs in a network namespace of its own, with an address of the network's /24 and no default
// route; the gateways and clients reach the nodes only through those addresses, and the TLS
// certificates carry them.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { expect } from 'chai';
import { loadTopology } from '@gateway/topology/loadTopology';
import type { NetnsPlan } from '@gateway/topology/netnsHosts';
import { networkGateway, type NetworkGateway } from '@test-support/hosts/partitionScenario';
import { netnsPlanOfTest } from '@test-support/hosts/partition';
import { layout, uniqueId } from '@test-support/testNetwork';
import { sealBytes } from '@test-support/faults/journalCheck';
import { operationsRequest } from '@test-support/operationsEndpoint';
import { waitFor } from '@test-support/waitFor';

/** Resolves true when something accepts a TCP connection at host:port within 2 s. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
    socket.once('timeout', () => {
      done(false);
    });
  });
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });

describe('multi-host mode: each organization on its own host', function () {
  this.timeout(120_000);
  let plan: NetnsPlan;
  let org1: NetworkGateway;
  let org2: NetworkGateway;

  before(function () {
    plan = netnsPlanOfTest();
    org1 = networkGateway('org1');
    org2 = networkGateway('org2');
  });

  after(function () {
    org1.close();
    org2.close();
  });

  it('gives every node the address of its own namespace, in the network range', function () {
    const topology = loadTopology();
    const hosts = [
      ...topology.ordererOrg.orderers.map((o) => o.host),
      ...topology.orgs.flatMap((o) => o.peers.map((p) => p.host)),
      topology.chaincode.host,
    ];
    expect(new Set(hosts).size, 'one address per orderer, peer and chaincode server').to.equal(hosts.length);
    const prefix = plan.subnet.replace(/0\/24$/, '');
    for (const host of hosts) expect(host.startsWith(prefix), host).to.equal(true);
    expect(hosts).to.not.include('127.0.0.1');
  });

  it('runs each network process inside its host namespace', function () {
    for (const host of plan.hosts) {
      const nsInode = fs.statSync(`/run/netns/${host.namespace}`).ino;
      for (const name of host.processes) {
        const pidFile = path.join(layout.runDir, 'pids', `${name}.pid`);
        if (!fs.existsSync(pidFile)) continue; // gov-watch and orgs that are not members run nothing
        const pid = fs.readFileSync(pidFile, 'utf8').trim();
        expect(fs.statSync(`/proc/${pid}/ns/net`).ino, `${name} in ${host.namespace}`).to.equal(nsInode);
      }
    }
  });

  it('gives no namespace a default route, so nothing leaves the machine', function () {
    for (const host of plan.hosts) {
      expect(ip('-n', host.namespace, 'route', 'show', 'default').trim(), host.namespace).to.equal('');
      expect(
        () => execFileSync('ip', ['-n', host.namespace, 'route', 'get', '192.0.2.1'], { stdio: 'pipe' }),
        host.namespace,
      ).to.throw(/unreachable/i);
    }
  });

  it('serves each node on its host address only, not on the root namespace loopback', async function () {
    const peer = loadTopology().orgs.find((o) => o.name === 'org2')?.peers[0];
    if (peer === undefined) throw new Error('org2 has no peer in the topology');
    expect(await accepts(peer.host, peer.port), 'peer0-org2 at its address').to.equal(true);
    expect(await accepts('127.0.0.1', peer.port), 'peer0-org2 on 127.0.0.1').to.equal(false);
  });

  it('answers the operations endpoints at the orderers’ addresses with certificates that name them', async function () {
    for (const o of loadTopology().ordererOrg.orderers) {
      const answer = await operationsRequest({ host: o.host, port: o.operationsPort }, '/healthz');
      expect(answer.status, o.name).to.equal(200);
    }
  });

  it('seals through Org1’s gateway at its address over mutual TLS, and Org2’s gateway returns the same seal', async function () {
    expect(org1.address.startsWith(plan.subnet.replace(/0\/24$/, '')), org1.address).to.equal(true);
    const eventId = uniqueId('hosts');
    const seal = await org1.client.submitEvent({
      eventId,
      payload: Buffer.from('{"suite":"hosts"}'),
      vepsSignature: 'hosts-sig',
      vepsTimestamp: String(Date.now()),
      metadata: { suite: 'hosts' },
    });
    let theirs = '';
    await waitFor(
      'Org2’s gateway has the seal',
      async () => {
        const found = await org2.client.getEvent(seal.sequenceNumber).catch(() => undefined);
        theirs = found === undefined ? '' : sealBytes(found);
        return theirs !== '';
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(theirs).to.equal(sealBytes(seal));
  });
});
