/**
 * The MSPs of a channel configuration that an archive's signatures are checked against: every
 * application org (peers, clients, admins) and every orderer org (ordering nodes), each with its root
 * and intermediate CA certificates, read from `channel_group.groups.{Application,Orderer}.groups.<org>
 * .values.MSP` of a configuration block. Pure.
 */
import { X509Certificate } from 'node:crypto';
import { common, msp } from '@hyperledger/fabric-protos';

/** One org's MSP as the configuration defines it. */
export interface ConfigMsp {
  readonly mspId: string;
  readonly rootCerts: readonly X509Certificate[];
  readonly intermediateCerts: readonly X509Certificate[];
}

/** The configuration in force from one configuration block on. */
export interface ConfigInForce {
  /** Number of the configuration block that set it. */
  readonly blockNumber: number;
  /** Application org MSPs by MSP id. */
  readonly application: ReadonlyMap<string, ConfigMsp>;
  /** Orderer org MSPs by MSP id. */
  readonly orderer: ReadonlyMap<string, ConfigMsp>;
}

/** Thrown when a configuration's MSP definitions do not decode. */
export class ChannelMspError extends Error {
  override readonly name = 'ChannelMspError';
}

const FABRIC_MSP_TYPE = 0;

function certificates(where: string, pems: readonly Uint8Array[]): X509Certificate[] {
  return pems.map((pem, i) => {
    try {
      return new X509Certificate(Buffer.from(pem));
    } catch {
      throw new ChannelMspError(`${where}[${i}]: not an X.509 certificate`);
    }
  });
}

function mspsOfGroup(config: common.Config, groupName: string): Map<string, ConfigMsp> {
  const out = new Map<string, ConfigMsp>();
  const group = config.getChannelGroup()?.getGroupsMap().get(groupName);
  if (group === undefined) return out;
  group.getGroupsMap().forEach((org, orgName) => {
    const where = `${groupName}.${orgName}.MSP`;
    const value = org.getValuesMap().get('MSP');
    if (value === undefined) throw new ChannelMspError(`${where}: missing`);
    let fabric: msp.FabricMSPConfig;
    try {
      const mspConfig = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
      if (mspConfig.getType() !== FABRIC_MSP_TYPE) {
        throw new ChannelMspError(`${where}: got MSP type ${mspConfig.getType()}, want 0 (FABRIC)`);
      }
      fabric = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
    } catch (err) {
      if (err instanceof ChannelMspError) throw err;
      throw new ChannelMspError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
    out.set(fabric.getName(), {
      mspId: fabric.getName(),
      rootCerts: certificates(`${where}.root_certs`, fabric.getRootCertsList_asU8()),
      intermediateCerts: certificates(`${where}.intermediate_certs`, fabric.getIntermediateCertsList_asU8()),
    });
  });
  return out;
}

/**
 * The MSPs of a channel configuration.
 *
 * @param config - the configuration of a configuration block.
 * @param blockNumber - the number of that block.
 * @returns the application and orderer MSPs.
 * @throws ChannelMspError naming the org whose MSP does not decode.
 */
export function configInForce(config: common.Config, blockNumber: number): ConfigInForce {
  return {
    blockNumber,
    application: mspsOfGroup(config, 'Application'),
    orderer: mspsOfGroup(config, 'Orderer'),
  };
}
