/**
 * The schema of the topology file (network/topology.json). network/topology.schema.json, the JSON
 * schema editors read, is generated from it ({@link topologyJsonSchema}; a unit test keeps the two
 * equal). The rules a schema cannot say (unique names, ports, founders) are in ./parseTopology.
 */
import { z } from 'zod';

const port = z.int().min(1).max(65535).meta({ id: 'port' });
const host = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/)
  .meta({
    id: 'host',
    description: 'An IPv4 address or a DNS name (lower case) the node listens on and is dialled at.',
  });
const orgName = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,30}$/)
  .meta({
    id: 'orgName',
    description:
      'Lower-case letters and digits, starting with a letter: names folders, processes and host names.',
  });
const nodeName = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,30}$/)
  .meta({ id: 'nodeName' });
const mspId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)
  .meta({ id: 'mspId' });
const domain = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/)
  .meta({ id: 'domain' });
const channelName = z
  .string()
  .regex(/^[a-z][a-z0-9.-]{0,48}$/)
  .meta({ id: 'channelName' });
const ca = z.strictObject({ host, port, operationsPort: port }).meta({ id: 'ca' });

const orderer = z.strictObject({ name: nodeName, host, port, adminPort: port, operationsPort: port });
const peer = z.strictObject({ name: nodeName, host, port, chaincodePort: port, operationsPort: port });

/** One member org: an `orgs[]` item of the file, or a topology fragment. */
const memberOrg = z.strictObject({
  name: orgName,
  mspId,
  domain,
  ca,
  peers: z.array(peer).min(1).max(16),
  gateway: z.strictObject({ host, port, metricsPort: port }),
  governanceWatch: z.boolean().optional().meta({
    description:
      "Optional (default false). When true, npm start (scripts/gateway-up.sh) also runs `ledger gov watch` as this org's admin: approved governance proposals are executed automatically.",
  }),
});

const founders = z
  .array(orgName)
  .min(1)
  .refine((names) => new Set(names).size === names.length, { message: 'must NOT have duplicate items' })
  .meta({ uniqueItems: true });

/** The topology file. */
export const topologySchema = z
  .strictObject({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    ports: z.strictObject({
      networkBase: port.meta({ description: 'The NETWORK_PORT_BASE the node ports below are written for.' }),
      gatewayBase: port.meta({ description: 'The GATEWAY_PORT the gateway ports below are written for.' }),
      gatewayMetricsBase: port.meta({
        description: 'The LEDGER_GATEWAY_METRICS_PORT the gateway metrics ports below are written for.',
      }),
    }),
    ordererOrg: z.strictObject({
      name: orgName,
      mspId,
      domain,
      ca,
      orderers: z.array(orderer).min(1).max(9),
    }),
    orgs: z.array(memberOrg).min(1).max(100),
    chaincode: z.strictObject({ name: channelName, host, port }),
    channels: z
      .array(z.strictObject({ name: channelName, founders }))
      .min(1)
      .max(1)
      .meta({
        description: 'The channel the network starts (one for now), and the orgs in its genesis block.',
      }),
  })
  .meta({
    title: 'Network topology',
    description:
      'The shape of the Fabric network: orderer org, member orgs (CA, peers, gateway), chaincode server, channels. Read by network/env.sh (through gateway/src/cli/topologyEnv.ts) and by the gateway (gateway/src/topology/).',
  });

/**
 * The JSON schema of the topology file, as committed in network/topology.schema.json.
 *
 * @returns the JSON schema (draft-07).
 */
export function topologyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(topologySchema, { target: 'draft-7', io: 'input' });
  const { $schema, ...rest } = schema;
  return { $schema, $id: 'https://fabric-ledger.invalid/network/topology.schema.json', ...rest };
}
