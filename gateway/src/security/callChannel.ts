/**
 * The channel a call is about: its `ledger-channel` gRPC metadata, else the gateway's main channel.
 * Parsed once per call by the authorization interceptor (membership: PERMISSION_DENIED) and by the
 * service router (`server/channelRouter.ts`: which channel's journal answers, NOT_FOUND when none).
 * Pure: no I/O.
 */
import { status, type Metadata } from '@grpc/grpc-js';
import { CHANNEL_NAME_PATTERN } from '../core';

/** The gRPC metadata key that chooses the channel of a call; absent: the gateway's main channel. */
export const CHANNEL_METADATA_KEY = 'ledger-channel';

/** A call the channel choice refuses: a gRPC status and a message naming the channel or the key. */
export interface ChannelRefusal {
  readonly code: status;
  readonly details: string;
}

/** The channel a call chose, or why its choice is refused. */
export type CallChannel =
  { readonly ok: true; readonly channel: string | undefined } | ({ readonly ok: false } & ChannelRefusal);

/**
 * The channel a call's metadata names.
 *
 * @param metadata - the call's request metadata.
 * @returns `channel` undefined when the key is absent (the main channel); the name when it is one
 *   valid Fabric channel name; else INVALID_ARGUMENT naming the key.
 */
export function callChannelOf(metadata: Metadata): CallChannel {
  const values = metadata.get(CHANNEL_METADATA_KEY);
  if (values.length === 0) return { ok: true, channel: undefined };
  const value = values[0];
  if (values.length > 1 || typeof value !== 'string' || !CHANNEL_NAME_PATTERN.test(value)) {
    const got = values.length > 1 ? `${values.length} values` : JSON.stringify(String(value));
    return {
      ok: false,
      code: status.INVALID_ARGUMENT,
      details: `${CHANNEL_METADATA_KEY}: got ${got}, want one Fabric channel name (lowercase letter first, then a-z 0-9 . -)`,
    };
  }
  return { ok: true, channel: value };
}

/** The channels a gateway serves besides its main one, each with its current member MSP ids. */
export type ServedChannels = ReadonlyMap<string, () => ReadonlySet<string>>;

/**
 * Whether `mspId` may use the channel a call chose: the main channel (absent, or named) is checked by
 * client authentication already; another channel must be served (NOT_FOUND) and have `mspId` among its
 * members (PERMISSION_DENIED).
 *
 * @param choice - the call's channel ({@link callChannelOf}).
 * @param mspId - the caller's MSP id.
 * @param mainChannel - the gateway's main channel.
 * @param served - the other channels served and their members.
 * @returns undefined when allowed, else the refusal.
 */
export function channelRefusal(
  choice: CallChannel,
  mspId: string,
  mainChannel: string,
  served: ServedChannels,
): ChannelRefusal | undefined {
  if (!choice.ok) return choice;
  const channel = choice.channel;
  if (channel === undefined || channel === mainChannel) return undefined;
  const members = served.get(channel);
  if (members === undefined) return notServed(channel);
  if (!members().has(mspId)) {
    return {
      code: status.PERMISSION_DENIED,
      details: `${mspId} is not a member of channel ${channel} (${CHANNEL_METADATA_KEY})`,
    };
  }
  return undefined;
}

/**
 * The NOT_FOUND refusal of a channel this gateway does not serve.
 *
 * @param channel - the channel asked for.
 * @returns the refusal naming it.
 */
export function notServed(channel: string): ChannelRefusal {
  return {
    code: status.NOT_FOUND,
    details: `channel ${channel} is not served by this gateway (${CHANNEL_METADATA_KEY})`,
  };
}
