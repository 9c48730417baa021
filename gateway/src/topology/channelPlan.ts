/**
 * The plan of `ledger channel create <name> --members <MSP ids>`: a second (bilateral, multilateral)
 * channel for a subset of the main channel's member orgs. Pure: the caller gathers what exists.
 */

/** What the command asks for. */
export interface ChannelRequest {
  /** The new channel's name (`<name>` argument). */
  readonly name: string;
  /** `--members` as typed: MSP ids separated by commas. */
  readonly members: string;
}

/** An org of the main channel: its short name and MSP id. */
export interface ChannelMemberOrg {
  readonly name: string;
  readonly mspId: string;
}

/** What the network has now. */
export interface ChannelContext {
  /** The main channel (topology channels[0]). */
  readonly mainChannel: string;
  /** Every org of the topology (file and fragments), member of the main channel or not. */
  readonly topologyOrgs: readonly ChannelMemberOrg[];
  /** The short names of the main channel's member orgs (founders and orgs that joined by vote). */
  readonly memberOrgs: readonly string[];
  /** Channels that exist already (on the orderers or recorded as created). */
  readonly existingChannels: readonly string[];
}

/** The channel to create: its name and member orgs, sorted by MSP id. */
export interface ChannelPlan {
  readonly name: string;
  readonly orgs: readonly ChannelMemberOrg[];
}

/** A request that cannot be planned; `field` names the argument at fault (`name`, `--members`). */
export class ChannelRequestError extends Error {
  override readonly name = 'ChannelRequestError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Fabric's channel name rule: lower-case letters, digits, `.` and `-`, starting with a letter, < 250. */
export const CHANNEL_NAME = /^[a-z][a-z0-9.-]{0,248}$/;

/** Fewest members of a channel created by the command. */
export const MIN_MEMBERS = 2;

/**
 * Checks a request against the network and returns what to create.
 *
 * @throws ChannelRequestError naming `name` (not a Fabric channel name, the main channel, an existing
 *   channel) or `--members` (empty entries, a repeated or unknown MSP id, an org that is not a member
 *   of the main channel, fewer than {@link MIN_MEMBERS}).
 */
export function planChannel(
  request: Readonly<ChannelRequest>,
  context: Readonly<ChannelContext>,
): ChannelPlan {
  const { name } = request;
  if (!CHANNEL_NAME.test(name)) {
    throw new ChannelRequestError(
      'name',
      `got ${JSON.stringify(name)}, want lower-case letters, digits, '.' and '-', starting with a letter, at most 249 characters`,
    );
  }
  if (name === context.mainChannel) {
    throw new ChannelRequestError('name', `${name} is the main channel, which exists from the start`);
  }
  if (context.existingChannels.includes(name)) {
    throw new ChannelRequestError('name', `channel ${name} already exists`);
  }
  const mspIds = request.members.split(',').map((m) => m.trim());
  if (mspIds.some((m) => m === '')) {
    throw new ChannelRequestError(
      '--members',
      `got ${JSON.stringify(request.members)}, want MSP ids separated by commas`,
    );
  }
  const seen = new Set<string>();
  const orgs = mspIds.map((mspId) => {
    if (seen.has(mspId)) throw new ChannelRequestError('--members', `${mspId} is listed twice`);
    seen.add(mspId);
    const org = context.topologyOrgs.find((o) => o.mspId === mspId);
    if (org === undefined) {
      const known = context.topologyOrgs.map((o) => o.mspId).join(', ');
      throw new ChannelRequestError('--members', `unknown MSP id ${mspId} (the network knows ${known})`);
    }
    if (!context.memberOrgs.includes(org.name)) {
      throw new ChannelRequestError(
        '--members',
        `${mspId} is not a member of channel ${context.mainChannel}`,
      );
    }
    return { name: org.name, mspId: org.mspId };
  });
  if (orgs.length < MIN_MEMBERS) {
    throw new ChannelRequestError('--members', `got ${orgs.length} member(s), want at least ${MIN_MEMBERS}`);
  }
  return { name, orgs: [...orgs].sort((a, b) => (a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0)) };
}

/**
 * The record `RUN/channels/<name>.json` of a created channel, read by the gateways:
 * `{"name":"<name>","members":["Org1MSP","Org2MSP"]}` (MSP ids sorted), with a final newline.
 */
export function channelRecord(plan: Readonly<ChannelPlan>): string {
  return `${JSON.stringify({ name: plan.name, members: plan.orgs.map((o) => o.mspId) })}\n`;
}
