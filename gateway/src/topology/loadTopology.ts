import * as fs from 'node:fs';
import * as path from 'node:path';
import { hostsModeOf, netnsPlan, withNetnsHosts, type NetnsPlan } from './netnsHosts';
import { TopologyError } from './parseTopology';
import { shiftTopologyPorts } from './shiftPorts';
import { parseTopologyWithFragments, type TopologyFragment } from './topologyFragments';
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

/** The run folder of the network: NETWORK_RUN_DIR, else network/.run of the repository (as network/env.sh). */
export function runDirOf(env: NodeJS.ProcessEnv = process.env, repo = repoDir()): string {
  const chosen = env.NETWORK_RUN_DIR;
  return chosen !== undefined && chosen !== '' ? path.resolve(chosen) : path.join(repo, 'network', '.run');
}

/**
 * The folder of the topology fragments of the network in use: `<run folder>/state/topology.d`. Each
 * `<name>.json` there is one member org added at run time by `ledger org prepare` (the shape of one
 * `orgs[]` item of the topology file, ports written for the file's port bases).
 */
export function topologyFragmentsDir(env: NodeJS.ProcessEnv = process.env, repo = repoDir()): string {
  return path.join(runDirOf(env, repo), 'state', 'topology.d');
}

/**
 * The topology file (see {@link topologyFile}) with the fragments of {@link topologyFragmentsDir}
 * appended to its orgs (sorted by file name), validated against the topology schema (./topologySchema), with
 * the file's own ports (not moved to the environment's port bases).
 *
 * @throws TopologyError naming the file (or fragment) and field of the first problem.
 */
export function loadTopologyFile(env: NodeJS.ProcessEnv = process.env, repo = repoDir()): Topology {
  const file = topologyFile(env, repo);
  return parseTopologyWithFragments(readJson(file), readFragments(env, repo), file);
}

/**
 * Reads and validates the topology file (see {@link topologyFile}) and its fragments (see
 * {@link loadTopologyFile}) against the topology schema, then moves its ports to the bases of
 * the environment: NETWORK_PORT_BASE, GATEWAY_PORT and LEDGER_GATEWAY_METRICS_PORT (0 keeps the file's
 * metrics ports; the gateway scripts read 0 as "off"). With NETWORK_HOSTS=netns every node's host is the
 * address of its network namespace (./netnsHosts).
 *
 * @throws TopologyError naming the file and field of the first problem.
 */
export function loadTopology(env: NodeJS.ProcessEnv = process.env, repo = repoDir()): Topology {
  const file = topologyFile(env, repo);
  const shifted = loadShiftedTopology(env, repo, file);
  return hostsModeOf(env, file) === 'netns' ? withNetnsHosts(shifted, netnsPlan(shifted, file)) : shifted;
}

/**
 * The netns plan of the network in use (namespaces, bridge, addresses; ./netnsHosts), or undefined
 * when NETWORK_HOSTS is not `netns`.
 *
 * @throws TopologyError naming the file and field of the first problem.
 */
export function loadNetnsPlan(env: NodeJS.ProcessEnv = process.env, repo = repoDir()): NetnsPlan | undefined {
  const file = topologyFile(env, repo);
  if (hostsModeOf(env, file) !== 'netns') return undefined;
  return netnsPlan(loadShiftedTopology(env, repo, file), file);
}

function loadShiftedTopology(env: NodeJS.ProcessEnv, repo: string, file: string): Topology {
  const topology = loadTopologyFile(env, repo);
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

/** The fragments of {@link topologyFragmentsDir}, sorted by file name; none when the folder is absent. */
function readFragments(env: NodeJS.ProcessEnv, repo: string): TopologyFragment[] {
  const dir = topologyFragmentsDir(env, repo);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TopologyError(dir, '', `cannot read it: ${(err as Error).message}`);
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => {
      const source = path.join(dir, n);
      return { source, name: n.slice(0, -'.json'.length), value: readJson(source) };
    });
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
