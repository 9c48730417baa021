/**
 * `node gateway/dist/cli/topologyEnv.js [--check | --configtx DIR]` (`gateway_cli topologyEnv` in the scripts):
 * validates the topology file (NETWORK_TOPOLOGY, default network/topology.json) and prints it as bash
 * declarations for network/env.sh, ports moved to NETWORK_PORT_BASE / GATEWAY_PORT /
 * LEDGER_GATEWAY_METRICS_PORT, hosts set by NETWORK_HOSTS (netns: one network namespace per host).
 * `--check` prints only "ok" and the file; `--configtx CRYPTO_DIR` prints
 * the channel's configtx.yaml rendered from channel-config/configtx.yaml (`--orgs org1,org2`: of a
 * channel of those orgs, for `ledger channel create`). Exit 1 with the file and
 * field named when it is invalid.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adminsSignatureRule, parseApprovalThresholdPolicy } from '@fabric-ledger/chaincode/shared';
import { parseConsortiumFile } from '../governance/consortiumFile';
import { foundingOrgs, renderConfigtx } from '../topology/configtxYaml';
import { loadNetnsPlan, topologyFile, loadTopology } from '../topology/loadTopology';
import type { MemberOrgTopology, Topology } from '../topology/topologyModel';
import { TopologyError } from '../topology/parseTopology';
import { topologyShell } from '../topology/topologyShell';

function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'Usage: topologyEnv.ts [--check]\n' +
        'Validates the topology file (NETWORK_TOPOLOGY, default network/topology.json) and prints it as\n' +
        'bash declarations for network/env.sh; --check only validates. docs/topology.md describes the file.\n',
    );
    return;
  }
  try {
    const topology = loadTopology();
    const configtxAt = argv.indexOf('--configtx');
    if (configtxAt >= 0) {
      const cryptoDir = argv[configtxAt + 1];
      if (cryptoDir === undefined) throw new TopologyError('--configtx', '', 'give the crypto folder');
      const orgsAt = argv.indexOf('--orgs');
      process.stdout.write(
        configtxOf(topology, cryptoDir, orgsAt >= 0 ? orgsOf(topology, argv[orgsAt + 1]) : undefined),
      );
      return;
    }
    process.stdout.write(
      argv.includes('--check') ? `ok ${topologyFile()}\n` : topologyShell(topology, loadNetnsPlan()),
    );
  } catch (err) {
    if (!(err instanceof TopologyError)) throw err;
    process.stderr.write(`invalid topology: ${err.message}\n`);
    process.exitCode = 1;
  }
}

/** The orgs `--orgs org1,org2` names, in that order. */
function orgsOf(topology: Topology, list: string | undefined): readonly MemberOrgTopology[] {
  if (list === undefined || list === '')
    throw new TopologyError('--orgs', '', 'give org names separated by commas');
  return list.split(',').map((name) => {
    const org = topology.orgs.find((o) => o.name === name);
    if (org === undefined) throw new TopologyError('--orgs', '', `${name} is not an org of the topology`);
    return org;
  });
}

/**
 * channel-config/configtx.yaml rendered for the topology (its founders, or `orgs`), the Admins rule
 * derived from channel-config/consortium.json's policy over the same orgs.
 */
function configtxOf(topology: Topology, cryptoDir: string, orgs?: readonly MemberOrgTopology[]): string {
  const channelConfig = path.resolve(__dirname, '..', '..', '..', 'channel-config');
  const file = path.join(channelConfig, 'consortium.json');
  const consortium = parseConsortiumFile(fs.readFileSync(file, 'utf8'), file);
  const policy = parseApprovalThresholdPolicy('consortium.json policy', consortium.policy);
  return renderConfigtx({
    template: fs.readFileSync(path.join(channelConfig, 'configtx.yaml'), 'utf8'),
    topology,
    cryptoDir,
    adminsRule: adminsSignatureRule(
      (orgs ?? foundingOrgs(topology)).map((o) => o.mspId),
      policy,
    ),
    ...(orgs === undefined ? {} : { orgs }),
  });
}

main(process.argv.slice(2));
