/**
 * `node -r ts-node/register/transpile-only gateway/src/cli/topologyEnv.ts [--check]`: validates the
 * topology file (NETWORK_TOPOLOGY, default network/topology.json) and prints it as bash declarations
 * for network/env.sh, ports moved to NETWORK_PORT_BASE / GATEWAY_PORT / LEDGER_GATEWAY_METRICS_PORT.
 * `--check` prints only "ok" and the file. Exit 1 with the file and field named when it is invalid.
 */
import { topologyFile, loadTopology } from '../topology/loadTopology';
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
    process.stdout.write(argv.includes('--check') ? `ok ${topologyFile()}\n` : topologyShell(topology));
  } catch (err) {
    if (!(err instanceof TopologyError)) throw err;
    process.stderr.write(`invalid topology: ${err.message}\n`);
    process.exitCode = 1;
  }
}

main(process.argv.slice(2));
