import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTopology, TopologyError } from './parseTopology';
import { shiftTopologyPorts } from './shiftPorts';
import type { Topology } from './topologyModel';

/** The repository folder (this file is gateway/src/topology/loadTopology.ts). */
function repoDir(): string {
  return path.resolve(__dirname, '..', '..', '..');
}

/** The topology file in use: NETWORK_TOPOLOGY, else network/topology.json of the repository. */
export function topologyFile(env: NodeJS.ProcessEnv = process.env, repo = repoDir()): string {
  const chosen = env.NETWORK_TOPOLOGY;
  return chosen !== undefined && chosen !== ''
    ? path.resolve(chosen)
    : path.join(repo, 'network', 'topology.json');
}

/**
 * Reads and validates the topology file (see {@link topologyFile}) against network/topology.schema.json,
 * then moves its ports to the bases of the environment: NETWORK_PORT_BASE, GATEWAY_PORT and
 * LEDGER_GATEWAY_METRICS_PORT (0 keeps the file's metrics ports; the gateway scripts read 0 as "off").
 *
 * @throws TopologyError naming the file and field of the first problem.
 */
export function loadTopology(env: NodeJS.ProcessEnv = process.env, repo = repoDir()): Topology {
  const file = topologyFile(env, repo);
  const schemaFile = path.join(repo, 'network', 'topology.schema.json');
  const schema = readJson(schemaFile);
  if (typeof schema !== 'object' || schema === null)
    throw new TopologyError(schemaFile, '', 'not a JSON schema');
  const topology = parseTopology(readJson(file), schema, file);
  try {
    return shiftTopologyPorts(topology, {
      networkBase: integerSetting(env, 'NETWORK_PORT_BASE', file),
      // The gateway's own settings: a bad value is the gateway configuration's to refuse, naming it.
      gatewayBase: portOrUndefined(env.GATEWAY_PORT) || undefined,
      gatewayMetricsBase: portOrUndefined(env.LEDGER_GATEWAY_METRICS_PORT) || undefined,
    });
  } catch (err) {
    if (err instanceof RangeError) throw new TopologyError(file, 'ports', err.message);
    throw err;
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TopologyError(file, '', `cannot read it: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new TopologyError(file, '', `not JSON: ${(err as Error).message}`);
  }
}

function portOrUndefined(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : undefined;
}

function integerSetting(env: NodeJS.ProcessEnv, name: string, file: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new TopologyError(file, 'ports', `environment ${name}=${raw} is not a port number (0 to 65535)`);
  }
  return Number(raw);
}
