/**
 * The JSON documents of a channel configuration update besides the edit itself
 * (`channelConfigEdit.ts`), in configtxlator's JSON form: the configuration inside a fetched config
 * block and that block's number, the envelope that carries a computed `ConfigUpdate`, a new org's
 * anchor peer, and the invitation of an org with the channel MSP built only from its certificates.
 * Pure: JSON in, JSON out; used by ./channelUpdateRun and, for an invitation's documents,
 * `cli/editChannelConfig.ts`.
 */
import { z } from 'zod';
import { JsonSchemaError, parseJson } from '../jsonSchema';
import { ChannelConfigEditError, objectAt, type JsonObject } from './channelConfigEdit';

/** `common.HeaderType.CONFIG_UPDATE`. */
const CONFIG_UPDATE = 2;

/**
 * The channel configuration (`common.Config`) inside a decoded config block.
 *
 * @param block - `configtxlator proto_decode --type common.Block` of a config block.
 * @returns `data.data[0].payload.data.config`.
 * @throws ChannelConfigEditError when the block holds no configuration.
 */
export function configOfBlock(block: JsonObject): JsonObject {
  const data = objectAt(block, ['data']).data;
  const first: unknown = Array.isArray(data) ? data[0] : undefined;
  if (typeof first !== 'object' || first === null) {
    throw new ChannelConfigEditError('config block has no data.data[0]');
  }
  return objectAt(first as JsonObject, ['payload', 'data', 'config']);
}

/**
 * The number of a decoded block (configtxlator prints it as a decimal string; absent for block 0).
 *
 * @returns the number as decimal text.
 * @throws ChannelConfigEditError when it is neither absent nor a whole number.
 */
export function blockNumberOf(block: JsonObject): string {
  const value: unknown = objectAt(block, ['header']).number ?? '0';
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) {
    throw new ChannelConfigEditError(
      `block header.number: got ${JSON.stringify(value)}, want a whole number`,
    );
  }
  return text;
}

/**
 * The unsigned envelope (`common.Envelope`) that submits a computed configuration update.
 *
 * @param update - `configtxlator compute_update` output, decoded (`common.ConfigUpdate`).
 * @param channelId - the channel.
 * @returns the envelope, to encode, sign (`peer channel signconfigtx`) and submit.
 */
export function configUpdateEnvelope(update: JsonObject, channelId: string): JsonObject {
  return {
    payload: {
      header: { channel_header: { channel_id: channelId, type: CONFIG_UPDATE } },
      data: { config_update: update },
    },
  };
}

/**
 * An org group (`configtxgen -printOrg`) with its anchor peer set. `-printOrg` leaves anchor peers
 * out; without one, the peers of two orgs that both joined later never learn of each other.
 *
 * @param orgGroup - the org's application group.
 * @param host - the anchor peer's host.
 * @param port - its port (1..65535).
 * @returns a copy with `values.AnchorPeers`.
 * @throws ChannelConfigEditError for a port out of range or an empty host.
 */
export function withAnchorPeer(orgGroup: JsonObject, host: string, port: number): JsonObject {
  if (host === '') throw new ChannelConfigEditError('anchor peer host: got "", want a host');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ChannelConfigEditError(`anchor peer port: got ${String(port)}, want 1..65535`);
  }
  const values = typeof orgGroup.values === 'object' && orgGroup.values !== null ? orgGroup.values : {};
  return {
    ...orgGroup,
    values: {
      ...values,
      AnchorPeers: { mod_policy: 'Admins', value: { anchor_peers: [{ host, port }] }, version: '0' },
    },
  };
}

/** What a new org sends with its invitation (`ledger org prepare`, `channel-org.sh prepare`). */
export interface InvitationFile {
  readonly mspId: string;
  readonly orgName: string;
  readonly rootCerts: readonly string[];
  readonly tlsRootCerts?: readonly string[];
  readonly adminCert: string;
}

/**
 * The invitation of a prepared org.
 *
 * @returns `{mspId, orgName, rootCerts: [rootCertPem], adminCert}`.
 */
export function invitationOf(
  mspId: string,
  orgName: string,
  rootCertPem: string,
  adminCertPem: string,
): InvitationFile {
  return { mspId, orgName, rootCerts: [rootCertPem], adminCert: adminCertPem };
}

/** The certificates of a channel MSP built from an invitation: CA roots and TLS CA roots. */
export interface InvitationMsp {
  readonly cacerts: readonly string[];
  readonly tlscacerts: readonly string[];
}

const pem = z.string({ error: 'a PEM certificate' }).includes('-----BEGIN', { error: 'a PEM certificate' });

/** The part of an invitation the channel MSP is built from; other fields are left as they are. */
const invitationSchema = (wantMspId: string): z.ZodType<InvitationMspFields> =>
  z.object(
    {
      mspId: z.literal(wantMspId, { error: wantMspId }),
      rootCerts: z
        .array(pem, { error: 'one or more PEM certificates' })
        .min(1, { error: 'one or more PEM certificates' }),
      tlsRootCerts: z.array(pem, { error: 'PEM certificates' }).optional(),
    },
    { error: 'a JSON object' },
  );

interface InvitationMspFields {
  readonly mspId: string;
  readonly rootCerts: readonly string[];
  readonly tlsRootCerts?: readonly string[] | undefined;
}

/**
 * The channel MSP of an invited org, built only from what its invitation carries (never from files
 * the executor happens to have): the root CA certificates, and the TLS roots (the root CAs when the
 * invitation has none).
 *
 * @param invitation - the parsed invitation file.
 * @param wantMspId - the MSP id of the org being added.
 * @returns the certificates.
 * @throws ChannelConfigEditError naming the field: another MSP id, no root certificates, not PEM.
 */
export function invitationMsp(invitation: unknown, wantMspId: string): InvitationMsp {
  let fields: InvitationMspFields;
  try {
    fields = parseJson(invitationSchema(wantMspId), invitation);
  } catch (err) {
    if (!(err instanceof JsonSchemaError)) throw err;
    throw new ChannelConfigEditError(`invitation${err.field === '$' ? '' : ` ${err.field}`}: ${err.problem}`);
  }
  const { rootCerts, tlsRootCerts } = fields;
  const tls = tlsRootCerts !== undefined && tlsRootCerts.length > 0 ? tlsRootCerts : rootCerts;
  return { cacerts: rootCerts, tlscacerts: tls };
}
