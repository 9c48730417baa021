// Channel configuration blocks built with @hyperledger/fabric-protos, the same messages a peer's cscc
// GetConfigBlock returns: for unit tests of the gateway's channel trust.
import { common, msp } from '@hyperledger/fabric-protos';

/** One application org of a test configuration. */
export interface OrgSpec {
  readonly group: string;
  readonly name: string;
  readonly roots: readonly string[];
  readonly crls?: readonly string[];
  readonly mspType?: number;
}

function mspValue(org: OrgSpec): common.ConfigValue {
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(org.name);
  fabric.setRootCertsList(org.roots.map((p) => Buffer.from(p)));
  fabric.setRevocationListList((org.crls ?? []).map((p) => Buffer.from(p)));
  const config = new msp.MSPConfig();
  config.setType(org.mspType ?? 0);
  config.setConfig(fabric.serializeBinary());
  const value = new common.ConfigValue();
  value.setValue(config.serializeBinary());
  return value;
}

/**
 * A serialized config block number `number` whose Application group holds `orgs` (and an orderer
 * org with `ordererRoot` as CA).
 */
export function configBlock(
  number: number,
  orgs: readonly OrgSpec[],
  headerType: number = common.HeaderType.CONFIG,
  ordererRoot = '',
): Uint8Array {
  const application = new common.ConfigGroup();
  for (const org of orgs) {
    const group = new common.ConfigGroup();
    group.getValuesMap().set('MSP', mspValue(org));
    application.getGroupsMap().set(org.group, group);
  }
  // The orderer org is not a member: only Application orgs may use the gateway.
  const orderer = new common.ConfigGroup();
  const ordererOrg = new common.ConfigGroup();
  ordererOrg
    .getValuesMap()
    .set(
      'MSP',
      mspValue({ group: 'OrdererOrg', name: 'OrdererMSP', roots: ordererRoot === '' ? [] : [ordererRoot] }),
    );
  orderer.getGroupsMap().set('OrdererOrg', ordererOrg);
  const channelGroup = new common.ConfigGroup();
  channelGroup.getGroupsMap().set('Application', application);
  channelGroup.getGroupsMap().set('Orderer', orderer);
  const config = new common.Config();
  config.setChannelGroup(channelGroup);
  const envelopeData = new common.ConfigEnvelope();
  envelopeData.setConfig(config);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(headerType);
  channelHeader.setChannelId('ledger');
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(envelopeData.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const data = new common.BlockData();
  data.setDataList([envelope.serializeBinary()]);
  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(number);
  const block = new common.Block();
  block.setHeader(blockHeader);
  block.setData(data);
  return block.serializeBinary();
}
