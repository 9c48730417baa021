import { z } from 'zod';
import type { Topology } from './topologyModel';
import { topologySchema } from './topologySchema';

/** A topology that does not validate; `field` is the JSON path of the first problem (e.g. `orgs[1].peers[0].port`). */
export class TopologyError extends Error {
  override readonly name = 'TopologyError';
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}: ${field === '' ? '(top level)' : field}: ${problem}`);
  }
}

/**
 * Validates a parsed topology file: first against its schema (./topologySchema, of which
 * network/topology.schema.json is generated), then the rules a schema cannot say: names and MSP ids
 * unique, every node's host and port pair used once, channel founders that are member orgs.
 *
 * @param value - the parsed JSON.
 * @param source - the file name, for messages.
 * @throws TopologyError naming the field of the first problem found.
 */
export function parseTopology(value: unknown, source: string): Topology {
  const result = topologySchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const first = result.error.issues[0];
    throw new TopologyError(source, fieldOf(first), problemOf(first));
  }
  // The parsed value, not zod's copy: the caller gets the object it gave, as before.
  const topology = value as Topology;
  checkRules(topology, source);
  return topology;
}

function checkRules(topology: Topology, source: string): void {
  const fail = (field: string, problem: string): never => {
    throw new TopologyError(source, field, problem);
  };
  const orgNames = new Map<string, string>();
  const mspIds = new Map<string, string>();
  const domains = new Map<string, string>();
  const orgs = [
    { field: 'ordererOrg', org: topology.ordererOrg },
    ...topology.orgs.map((org, i) => ({ field: `orgs[${i}]`, org })),
  ];
  for (const { field, org } of orgs) {
    const sameName = orgNames.get(org.name);
    if (sameName !== undefined) fail(`${field}.name`, `"${org.name}" is also the name of ${sameName}`);
    orgNames.set(org.name, field);
    const sameMsp = mspIds.get(org.mspId);
    if (sameMsp !== undefined) fail(`${field}.mspId`, `"${org.mspId}" is also the MSP id of ${sameMsp}`);
    mspIds.set(org.mspId, field);
    const sameDomain = domains.get(org.domain);
    if (sameDomain !== undefined)
      fail(`${field}.domain`, `"${org.domain}" is also the domain of ${sameDomain}`);
    domains.set(org.domain, field);
  }
  const orderers = new Set<string>();
  topology.ordererOrg.orderers.forEach((o, i) => {
    if (orderers.has(o.name)) fail(`ordererOrg.orderers[${i}].name`, `"${o.name}" is used twice`);
    orderers.add(o.name);
  });
  topology.orgs.forEach((org, i) => {
    const peers = new Set<string>();
    org.peers.forEach((p, j) => {
      if (peers.has(p.name)) fail(`orgs[${i}].peers[${j}].name`, `"${p.name}" is used twice in ${org.name}`);
      peers.add(p.name);
    });
  });
  const endpoints = new Map<string, string>();
  for (const { field, host, port } of listenersOf(topology)) {
    const key = `${host}:${port}`;
    const other = endpoints.get(key);
    if (other !== undefined) fail(field, `${key} is also used by ${other}`);
    endpoints.set(key, field);
  }
  topology.channels.forEach((channel, i) => {
    channel.founders.forEach((founder, j) => {
      if (!topology.orgs.some((org) => org.name === founder)) {
        fail(
          `channels[${i}].founders[${j}]`,
          `"${founder}" is not a member org (orgs: ${topology.orgs.map((o) => o.name).join(', ')})`,
        );
      }
    });
  });
}

/** Every listening address of the topology, with the field that declares it. */
export function listenersOf(
  topology: Topology,
): readonly { readonly field: string; readonly host: string; readonly port: number }[] {
  const out: { field: string; host: string; port: number }[] = [];
  const ca = (field: string, c: Topology['ordererOrg']['ca']): void => {
    out.push({ field: `${field}.port`, host: c.host, port: c.port });
    out.push({ field: `${field}.operationsPort`, host: c.host, port: c.operationsPort });
  };
  ca('ordererOrg.ca', topology.ordererOrg.ca);
  topology.ordererOrg.orderers.forEach((o, i) => {
    const f = `ordererOrg.orderers[${i}]`;
    out.push({ field: `${f}.port`, host: o.host, port: o.port });
    out.push({ field: `${f}.adminPort`, host: o.host, port: o.adminPort });
    out.push({ field: `${f}.operationsPort`, host: o.host, port: o.operationsPort });
  });
  topology.orgs.forEach((org, i) => {
    ca(`orgs[${i}].ca`, org.ca);
    org.peers.forEach((p, j) => {
      const f = `orgs[${i}].peers[${j}]`;
      out.push({ field: `${f}.port`, host: p.host, port: p.port });
      out.push({ field: `${f}.chaincodePort`, host: p.host, port: p.chaincodePort });
      out.push({ field: `${f}.operationsPort`, host: p.host, port: p.operationsPort });
    });
    out.push({ field: `orgs[${i}].gateway.port`, host: org.gateway.host, port: org.gateway.port });
    out.push({
      field: `orgs[${i}].gateway.metricsPort`,
      host: org.gateway.host,
      port: org.gateway.metricsPort,
    });
  });
  out.push({ field: 'chaincode.port', host: topology.chaincode.host, port: topology.chaincode.port });
  return out;
}

/** The path of an issue (`orgs[1].peers[0].port`); an unknown key is named in the path. */
function fieldOf(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return '';
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return z.core.toDotPath(path);
}

/** `min`/`max` words for a number or an array length. */
const sizeProblem = (issue: { origin: string }, bound: string, items: string, value: string): string =>
  issue.origin === 'array' ? `must NOT have ${items} than ${value} items` : `must be ${bound} ${value}`;

/** The problem in the words the schema checks used before zod (`is required`, `must match …`). */
function problemOf(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'invalid';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${issue.expected}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_format':
      return `must match ${(issue.pattern ?? issue.format).replace(/^\/(.*)\/$/s, '$1')}`;
    case 'too_small':
      return sizeProblem(issue, '>=', 'fewer', String(issue.minimum));
    case 'too_big':
      return sizeProblem(issue, '<=', 'more', String(issue.maximum));
    default:
      return issue.message;
  }
}
