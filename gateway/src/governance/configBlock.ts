/**
 * Reading channel configuration blocks, as fetched from a peer (`qscc GetBlockByNumber`), and checking
 * a recorded governance execution against one. Pure: bytes in, facts out.
 */
import { common, msp } from '@hyperledger/fabric-protos';
import { sameAdminsRule } from '../fabric/channelConfigEdit';

/** What a block says about the channel configuration. */
export interface ConfigBlockSummary {
  readonly blockNumber: number;
  /** True when the block holds a channel configuration (header type CONFIG). */
  readonly isConfig: boolean;
  /** MSP ids of the Application groups, sorted; empty for a block that is not a config block. */
  readonly orgs: readonly string[];
  /** The Application Admins policy as `OutOf(n, 'A.admin', …)`; `null` when absent or of another form. */
  readonly adminsRule: string | null;
  /** The last config block the orderer names in this block's metadata (for any block). */
  readonly lastConfigBlockNumber: number | null;
}

/** Thrown for bytes that are not a block. */
export class ConfigBlockError extends Error {
  override readonly name = 'ConfigBlockError';
}

const CONFIG_HEADER_TYPE = common.HeaderType.CONFIG;
const SIGNATURE_POLICY_TYPE = common.Policy.PolicyType.SIGNATURE;
const ROLE_NAMES: Readonly<Record<number, string>> = { 0: 'member', 1: 'admin', 2: 'client', 3: 'peer' };

/**
 * Decodes a block.
 *
 * @param bytes - A serialized `common.Block`.
 * @returns What it says about the channel configuration.
 * @throws ConfigBlockError when the bytes are not a block.
 */
export function readConfigBlock(bytes: Uint8Array): ConfigBlockSummary {
  const block = decodeBlock(bytes);
  const blockNumber = block.getHeader()?.getNumber() ?? 0;
  const lastConfigBlockNumber = lastConfigOf(block);
  const empty = { blockNumber, isConfig: false, orgs: [], adminsRule: null, lastConfigBlockNumber };
  const config = configOf(block);
  if (config === undefined) return empty;
  const application = config.getChannelGroup()?.getGroupsMap().get('Application');
  if (application === undefined) return { ...empty, isConfig: true };
  const orgs: string[] = [];
  application.getGroupsMap().forEach((group, name) => {
    orgs.push(mspIdOf(group) ?? name);
  });
  return {
    blockNumber,
    isConfig: true,
    orgs: orgs.sort(),
    adminsRule: adminsRuleOf(application),
    lastConfigBlockNumber,
  };
}

function decodeBlock(bytes: Uint8Array): common.Block {
  let block: common.Block;
  try {
    block = common.Block.deserializeBinary(bytes);
  } catch (err) {
    throw new ConfigBlockError(`not a block: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (block.getHeader() === undefined) throw new ConfigBlockError('not a block: no header');
  return block;
}

/** The channel configuration a block carries, undefined when it is not a config block. */
function configOf(block: common.Block): common.Config | undefined {
  const first = block.getData()?.getDataList_asU8()[0];
  if (first === undefined) return undefined;
  const payload = common.Payload.deserializeBinary(
    common.Envelope.deserializeBinary(first).getPayload_asU8(),
  );
  const channelHeaderBytes = payload.getHeader()?.getChannelHeader_asU8();
  if (channelHeaderBytes === undefined) return undefined;
  if (common.ChannelHeader.deserializeBinary(channelHeaderBytes).getType() !== CONFIG_HEADER_TYPE) {
    return undefined;
  }
  return common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
}

/** The MSP id of an org group (its MSP value's name), or undefined when it has none. */
function mspIdOf(group: common.ConfigGroup): string | undefined {
  const value = group.getValuesMap().get('MSP');
  if (value === undefined) return undefined;
  const config = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
  return msp.FabricMSPConfig.deserializeBinary(config.getConfig_asU8()).getName();
}

function adminsRuleOf(application: common.ConfigGroup): string | null {
  const policy = application.getPoliciesMap().get('Admins')?.getPolicy();
  if (policy?.getType() !== SIGNATURE_POLICY_TYPE) return null;
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(policy.getValue_asU8());
  const outOf = envelope.getRule()?.getNOutOf();
  if (outOf === undefined) return null;
  const identities = envelope.getIdentitiesList();
  const principals = outOf.getRulesList().map((rule) => {
    const principal = identities[rule.getSignedBy()];
    if (principal === undefined) return '?';
    const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
    return `'${role.getMspIdentifier()}.${ROLE_NAMES[role.getRole()] ?? '?'}'`;
  });
  return `OutOf(${outOf.getN()}, ${principals.join(', ')})`;
}

/** The last config block index the orderer signed into the block's SIGNATURES metadata. */
function lastConfigOf(block: common.Block): number | null {
  const signatures = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.SIGNATURES];
  if (signatures === undefined || signatures.length === 0) return null;
  try {
    const metadata = common.Metadata.deserializeBinary(signatures);
    const orderer = common.OrdererBlockMetadata.deserializeBinary(metadata.getValue_asU8());
    return orderer.getLastConfig()?.getIndex() ?? null;
  } catch {
    return null;
  }
}

/** The parts of an EXECUTED proposal the check reads. */
export interface ExecutedProposal {
  readonly proposalId: string;
  readonly status: string;
  readonly actions: {
    readonly invitations: readonly { readonly mspId: string }[];
    readonly removals: readonly { readonly mspId: string }[];
    readonly policyChange: unknown;
  };
  readonly execution?: {
    readonly configBlockNumber?: number | null;
    readonly channelOrgs?: readonly string[];
  } | null;
}

/** The policy a proposal's policy change makes the default, if it changes the default. */
type Policy = { readonly policy?: unknown } | null;

/**
 * Checks an EXECUTED record against the configuration block it names: the block is a config block (made
 * after the proposal was created, when the proposal invites or removes orgs), its Application orgs are exactly the recorded `channelOrgs`, they
 * include every invited org and none of the removed ones, and, when the proposal set a new default
 * policy, the Admins rule is the one derived from it for those orgs.
 *
 * @param proposal - The proposal as `Governance:GetProposal` returns it.
 * @param block - The block at `execution.configBlockNumber`.
 * @param proposalBlockNumber - The block that holds the proposal's creation (its transaction id).
 * @param expectedAdminsRule - The Admins rule the proposal's new default policy requires for the block's
 *   orgs, or `null` when the proposal does not change the default policy.
 * @returns Every problem found, as sentences; empty when the record holds.
 */
export function executionProblems(
  proposal: ExecutedProposal,
  block: ConfigBlockSummary | null,
  proposalBlockNumber: number | null,
  expectedAdminsRule: string | null,
): string[] {
  const id = proposal.proposalId;
  if (proposal.status !== 'EXECUTED') return [`proposal ${id} is ${proposal.status}, not EXECUTED`];
  const { configBlockNumber: blockNumber, channelOrgs } = proposal.execution ?? {};
  if (typeof blockNumber !== 'number' || channelOrgs === undefined) {
    return [
      `the execution of proposal ${id} names no configuration block and org set, so it cannot be checked`,
    ];
  }
  if (block === null) return [`block ${blockNumber} does not exist on this peer`];
  if (!block.isConfig) return [`block ${blockNumber} is not a channel configuration block`];
  return [
    ...orderProblems(proposal, block, proposalBlockNumber),
    ...orgProblems(proposal, block, channelOrgs),
    ...adminsProblems(block, expectedAdminsRule),
  ];
}

function adminsProblems(block: ConfigBlockSummary, expected: string | null): string[] {
  if (expected === null || sameAdminsRule(block.adminsRule, expected)) return [];
  return [
    `config block ${block.blockNumber} has the Admins rule ${block.adminsRule ?? 'of another form'}, the new default policy needs ${expected}`,
  ];
}

/** Every join or removal is a configuration update of its own, so its block follows the proposal. */
function orderProblems(
  proposal: ExecutedProposal,
  block: ConfigBlockSummary,
  proposalBlockNumber: number | null,
): string[] {
  const changesMembers = proposal.actions.invitations.length + proposal.actions.removals.length > 0;
  if (!changesMembers || proposalBlockNumber === null || block.blockNumber > proposalBlockNumber) return [];
  return [
    `config block ${block.blockNumber} is not after block ${proposalBlockNumber}, which holds the proposal: no channel change was made for it`,
  ];
}

function orgProblems(
  proposal: ExecutedProposal,
  block: ConfigBlockSummary,
  channelOrgs: readonly string[],
): string[] {
  const n = block.blockNumber;
  const problems: string[] = [];
  const recordedOrgs = [...channelOrgs].sort();
  if (recordedOrgs.join(',') !== block.orgs.join(',')) {
    problems.push(
      `config block ${n} has the orgs [${block.orgs.join(', ')}], the record says [${recordedOrgs.join(', ')}]`,
    );
  }
  for (const { mspId } of proposal.actions.invitations) {
    if (!block.orgs.includes(mspId)) problems.push(`config block ${n} lacks the invited org ${mspId}`);
  }
  for (const { mspId } of proposal.actions.removals) {
    if (block.orgs.includes(mspId)) problems.push(`config block ${n} still has the removed org ${mspId}`);
  }
  return problems;
}

/** The new default policy of a proposal's policy change, or undefined when it keeps the default. */
export function newDefaultPolicyOf(proposal: ExecutedProposal): unknown {
  const change = proposal.actions.policyChange as Policy;
  return change?.policy ?? undefined;
}
