/**
 * Which orgs a journal transaction asks to endorse when none are configured: the smallest majority of
 * the channel's current application orgs, the gateway's own org first. That is what the channel's
 * `MAJORITY Endorsement` policy (the chaincode's endorsement policy) needs, so it follows the
 * consortium as orgs join and leave: with two or three members it is two orgs, with four or five three.
 * Pure: the members are an argument.
 */

/**
 * The endorsing orgs for a channel of `channelMembers`.
 *
 * @param ownMspId - The gateway's own org, asked first (its peer is the closest).
 * @param channelMembers - MSP ids of the channel's application orgs (any order, duplicates ignored).
 * @returns `floor(n / 2) + 1` MSP ids: the own org (when a member), then the others in MSP id order;
 *   empty when the channel has no members (the peer then chooses).
 */
export function majorityEndorsers(ownMspId: string, channelMembers: readonly string[]): string[] {
  const members = [...new Set(channelMembers)].sort();
  if (members.length === 0) return [];
  const needed = Math.floor(members.length / 2) + 1;
  const ordered = members.includes(ownMspId)
    ? [ownMspId, ...members.filter((mspId) => mspId !== ownMspId)]
    : members;
  return ordered.slice(0, needed);
}
