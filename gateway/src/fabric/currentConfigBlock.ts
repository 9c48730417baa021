/**
 * Reads a channel's current configuration block from a member org's peer (cscc `GetConfigBlock`), as
 * one of the org's users: any member identity the channel's Readers policy admits may read it.
 */
import { connectAs } from './connect';
import type { OrgLayout } from './networkLayout';

/**
 * The serialized current configuration block of a channel.
 *
 * @param org - the org whose peer is asked.
 * @param user - the org's user (folder under its users/) who asks.
 * @param channelName - the channel.
 * @returns the block's bytes.
 * @throws Error when the user's credentials are missing or the peer refuses or cannot be reached.
 */
export async function currentConfigBlock(
  org: OrgLayout,
  user: string,
  channelName: string,
): Promise<Uint8Array> {
  const connection = connectAs({ org, user });
  try {
    const cscc = connection.gateway.getNetwork(channelName).getContract('cscc');
    return await cscc.evaluateTransaction('GetConfigBlock', channelName);
  } finally {
    connection.close();
  }
}
