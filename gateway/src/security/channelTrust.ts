/**
 * Who the channel says its members are: the trust anchors of every application org in a channel
 * configuration block (Block → Envelope → Payload → ConfigEnvelope → Config →
 * channel_group.groups.Application.groups.<org>.values.MSP → MSPConfig → FabricMSPConfig). The
 * gateway trusts client certificates of exactly these orgs, so an org prepared but not voted in, or
 * voted out, has no access. Pure: bytes in, trust out; no I/O.
 */
import { common, msp } from '@hyperledger/fabric-protos';

/** One member org of the channel, as its MSP definition in the channel configuration says. */
export interface ChannelMember {
  /** The MSP id (`FabricMSPConfig.name`). */
  readonly mspId: string;
  /** PEM root CA certificates. */
  readonly rootCerts: readonly string[];
  /** PEM intermediate CA certificates. */
  readonly intermediateCerts: readonly string[];
  /** PEM CRLs (`revocation_list`). */
  readonly crls: readonly string[];
}

/** The client trust a gateway applies: the members, and the config block they come from. */
export interface ChannelTrust {
  /** Number of the configuration block; undefined for trust that does not come from a channel. */
  readonly configBlock: bigint | undefined;
  readonly members: readonly ChannelMember[];
}

/** Thrown for bytes that are not a channel configuration block. */
export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';
}

/** The `type` of an MSPConfig that holds a FabricMSPConfig. */
const FABRIC_MSP_TYPE = 0;

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

function decode<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new ChannelConfigError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The Config inside a configuration block.
 *
 * @param blockBytes - a serialized common.Block whose only transaction is a CONFIG envelope.
 * @returns the config and the block number.
 * @throws ChannelConfigError naming what is missing or does not decode.
 */
export function configOfBlock(blockBytes: Uint8Array): { config: common.Config; blockNumber: bigint } {
  const block = decode('block', () => common.Block.deserializeBinary(blockBytes));
  const header = block.getHeader();
  const first = block.getData()?.getDataList_asU8()[0];
  if (header === undefined || first === undefined) {
    throw new ChannelConfigError('block: got no header or no transaction, want a configuration block');
  }
  const payload = decode('block envelope', () =>
    common.Payload.deserializeBinary(common.Envelope.deserializeBinary(first).getPayload_asU8()),
  );
  const channelHeaderBytes = payload.getHeader()?.getChannelHeader_asU8();
  const type =
    channelHeaderBytes === undefined
      ? undefined
      : decode('channel header', () => common.ChannelHeader.deserializeBinary(channelHeaderBytes).getType());
  if (type !== common.HeaderType.CONFIG) {
    throw new ChannelConfigError(
      `block ${header.getNumber()}: got a transaction of header type ${String(type)}, want CONFIG (${common.HeaderType.CONFIG})`,
    );
  }
  const config = decode('config envelope', () =>
    common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig(),
  );
  if (config === undefined) throw new ChannelConfigError('config envelope: got no config');
  return { config, blockNumber: BigInt(header.getNumber()) };
}

/**
 * The application members of a channel configuration.
 *
 * @param config - the channel configuration.
 * @returns each application org's MSP id and anchors, sorted by MSP id.
 * @throws ChannelConfigError when an org's MSP value does not decode or is not a Fabric MSP.
 */
export function membersOfConfig(config: common.Config): ChannelMember[] {
  const application = config.getChannelGroup()?.getGroupsMap().get('Application');
  if (application === undefined) return [];
  const members: ChannelMember[] = [];
  application.getGroupsMap().forEach((group, orgName) => {
    const value = group.getValuesMap().get('MSP');
    if (value === undefined) throw new ChannelConfigError(`Application.${orgName}: got no MSP value`);
    const mspConfig = decode(`Application.${orgName}.MSP`, () =>
      msp.MSPConfig.deserializeBinary(value.getValue_asU8()),
    );
    if (mspConfig.getType() !== FABRIC_MSP_TYPE) {
      throw new ChannelConfigError(
        `Application.${orgName}.MSP: got MSP type ${mspConfig.getType()}, want ${FABRIC_MSP_TYPE} (FABRIC)`,
      );
    }
    const fabric = decode(`Application.${orgName}.MSP`, () =>
      msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8()),
    );
    if (fabric.getName() === '') {
      throw new ChannelConfigError(`Application.${orgName}.MSP: got no name, want the MSP id`);
    }
    members.push({
      mspId: fabric.getName(),
      rootCerts: fabric.getRootCertsList_asU8().map(text),
      intermediateCerts: fabric.getIntermediateCertsList_asU8().map(text),
      crls: fabric.getRevocationListList_asU8().map(text),
    });
  });
  return members.sort((a, b) => (a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0));
}

/**
 * The client trust of a configuration block.
 *
 * @param blockBytes - a serialized configuration block (cscc GetConfigBlock, or a fetched config block).
 * @returns the members and the block number.
 * @throws ChannelConfigError when the bytes are not a configuration block.
 */
export function channelTrustOfConfigBlock(blockBytes: Uint8Array): ChannelTrust {
  const { config, blockNumber } = configOfBlock(blockBytes);
  return { configBlock: blockNumber, members: membersOfConfig(config) };
}

/**
 * Whether a block (as a peer's filtered block events report it) holds a valid configuration
 * transaction, so the channel's trust may have changed.
 *
 * @param transactions - header type and validation code of each transaction.
 * @returns true when one is a valid CONFIG transaction.
 */
export function changesConfig(
  transactions: readonly Readonly<{ type: number; validationCode: number }>[],
): boolean {
  return transactions.some((tx) => tx.type === common.HeaderType.CONFIG && tx.validationCode === 0);
}
