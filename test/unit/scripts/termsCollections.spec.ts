import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'chai';

const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'scripts', 'terms-collections.sh');

interface Collection {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  readonly endorsementPolicy: { readonly signaturePolicy: string };
}

/**
 * Runs `terms_collections_json` of scripts/terms-collections.sh for orgs described inline: each
 * `name=msp:peers` (peers as a space-separated list), without a network or a topology.
 */
function collections(...orgs: string[]): { json: Collection[]; stderr: string } {
  const setup = orgs
    .map((spec) => {
      const [name, rest] = spec.split('=') as [string, string];
      const [msp, peers] = rest.split(':') as [string, string];
      return `ORG_MSP[${name}]='${msp}'; ORG_PEERS[${name}]='${peers}'`;
    })
    .join('; ');
  const names = orgs.map((spec) => spec.split('=')[0]).join(' ');
  const run = spawnSync(
    'bash',
    [
      '-c',
      `set -euo pipefail; declare -A ORG_MSP ORG_PEERS; ${setup}; . "$1"; terms_collections_json ${names}`,
      'x',
      SCRIPT,
    ],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).to.equal(0);
  return { json: JSON.parse(run.stdout) as Collection[], stderr: run.stderr };
}

describe('scripts/terms-collections.sh', () => {
  it('defines one collection per pair of orgs, MSP ids sorted, members and endorsers the two parties', () => {
    const { json } = collections('b=BankMSP:peer0-b peer1-b', 'a=AcmeMSP:peer0-a', 'c=CarrierMSP:peer0-c');

    expect(json).to.deep.equal([
      {
        name: 'terms-AcmeMSP-BankMSP',
        policy: "OR('AcmeMSP.member', 'BankMSP.member')",
        requiredPeerCount: 0,
        maxPeerCount: 2,
        blockToLive: 0,
        memberOnlyRead: true,
        memberOnlyWrite: true,
        endorsementPolicy: { signaturePolicy: "AND('AcmeMSP.member', 'BankMSP.member')" },
      },
      {
        name: 'terms-BankMSP-CarrierMSP',
        policy: "OR('BankMSP.member', 'CarrierMSP.member')",
        requiredPeerCount: 0,
        maxPeerCount: 2,
        blockToLive: 0,
        memberOnlyRead: true,
        memberOnlyWrite: true,
        endorsementPolicy: { signaturePolicy: "AND('BankMSP.member', 'CarrierMSP.member')" },
      },
      {
        name: 'terms-AcmeMSP-CarrierMSP',
        policy: "OR('AcmeMSP.member', 'CarrierMSP.member')",
        requiredPeerCount: 0,
        maxPeerCount: 1,
        blockToLive: 0,
        memberOnlyRead: true,
        memberOnlyWrite: true,
        endorsementPolicy: { signaturePolicy: "AND('AcmeMSP.member', 'CarrierMSP.member')" },
      },
    ]);
  });

  it('leaves out an org whose MSP id a collection name cannot carry, and says so on stderr', () => {
    const { json, stderr } = collections('a=AcmeMSP:peer0-a', 'd=dot.msp:peer0-d', 'c=CarrierMSP:peer0-c');

    expect(json.map((c) => c.name)).to.deep.equal(['terms-AcmeMSP-CarrierMSP']);
    expect(stderr).to.contain('d has MSP id dot.msp, which a collection name cannot carry');
  });

  it('defines none for a single org', () => {
    expect(collections('a=AcmeMSP:peer0-a').json).to.deep.equal([]);
  });
});
