import { parseTopology, TopologyError } from './parseTopology';
import type { Topology } from './topologyModel';

/**
 * One topology fragment: a member org added at run time (`ledger org prepare`), kept in
 * `$NETWORK_RUN_DIR/state/topology.d/<name>.json` with the shape of one `orgs[]` item of the topology
 * file, its ports written for the file's port bases (`ports` of the topology file).
 */
export interface TopologyFragment {
  /** The fragment's file, for messages. */
  readonly source: string;
  /** The org name its file name says (`<name>.json`). */
  readonly name: string;
  /** The parsed JSON. */
  readonly value: unknown;
}

/**
 * Validates a topology file together with its fragments: the fragments' orgs are appended to the
 * file's `orgs` (in the order given: sorted by name by the caller) and the whole is validated as one
 * topology, so an org name, MSP id, domain or listening address a fragment shares with the file or with
 * another fragment is refused. A problem inside a fragment is reported against that fragment's file
 * and the field within it (e.g. `acme.json: mspId: "Org1MSP" is also the MSP id of orgs[0]`).
 *
 * @param value - the parsed topology file.
 * @param fragments - the parsed fragments.
 * @param source - the topology file name, for messages.
 * @throws TopologyError naming the file (or fragment) and field of the first problem.
 */
export function parseTopologyWithFragments(
  value: unknown,
  fragments: readonly TopologyFragment[],
  source: string,
): Topology {
  const fileOrgs = orgsOf(value);
  if (fragments.length === 0 || fileOrgs === undefined) return parseTopology(value, source);
  fragments.forEach(checkFragmentName);
  const merged = { ...(value as object), orgs: [...fileOrgs, ...fragments.map((f) => f.value)] };
  try {
    return parseTopology(merged, source);
  } catch (err) {
    throw err instanceof TopologyError ? inFragment(err, fileOrgs.length, fragments) : err;
  }
}

/** A fragment's org is named as its file: `acme.json` holds `"name": "acme"`. */
function checkFragmentName(fragment: TopologyFragment): void {
  if (typeof fragment.value !== 'object' || fragment.value === null) return;
  const name = (fragment.value as { name?: unknown }).name;
  if (name !== fragment.name) {
    throw new TopologyError(
      fragment.source,
      'name',
      `is ${JSON.stringify(name)}, want "${fragment.name}" (the fragment's file name)`,
    );
  }
}

/** The error of the merged topology, reported against the fragment it is in (if any). */
function inFragment(
  err: TopologyError,
  fileOrgCount: number,
  fragments: readonly TopologyFragment[],
): TopologyError {
  const match = /^orgs\[(\d+)\](.*)$/.exec(err.field);
  if (match === null) return err;
  const fragment = fragments[Number(match[1]) - fileOrgCount];
  if (fragment === undefined) return err;
  return new TopologyError(fragment.source, (match[2] ?? '').replace(/^\./, ''), err.problem);
}

function orgsOf(value: unknown): readonly unknown[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const orgs = (value as { orgs?: unknown }).orgs;
  return Array.isArray(orgs) ? (orgs as unknown[]) : undefined;
}
