/**
 * The channels of the network besides its main one, as `ledger channel create` records them:
 * `$NETWORK_RUN_DIR/channels/<name>.json` = `{"name": "<name>", "members": ["Org1MSP", …]}`. A gateway
 * serves those of them whose members include its org's MSP id (the `channels` setting's default).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHANNEL_NAME_PATTERN } from '../core';

/** One channel file. */
export interface ChannelEntry {
  readonly name: string;
  readonly members: readonly string[];
}

/**
 * Parses one channel file's JSON.
 *
 * @param value - the parsed JSON.
 * @param file - the file name (`<name>.json`), for messages and the name check.
 * @returns the entry.
 * @throws Error naming the file and the field that is wrong.
 */
export function parseChannelEntry(value: unknown, file: string): ChannelEntry {
  const entry = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { name, members } = entry;
  if (typeof name !== 'string' || !CHANNEL_NAME_PATTERN.test(name)) {
    throw new Error(`${file}: name: got ${JSON.stringify(name)}, want a Fabric channel name`);
  }
  if (path.basename(file) !== `${name}.json`) {
    throw new Error(`${file}: name: got ${JSON.stringify(name)}, want the file's name without .json`);
  }
  if (!Array.isArray(members) || !members.every((m): m is string => typeof m === 'string' && m !== '')) {
    throw new Error(`${file}: members: got ${JSON.stringify(members)}, want an array of MSP ids`);
  }
  return { name, members };
}

/**
 * The channels of `entries` that `mspId` is a member of, by name, without the main channel.
 *
 * @param entries - the channel files.
 * @param mspId - the gateway org's MSP id.
 * @param mainChannel - the main channel (never listed).
 * @returns the names, sorted.
 */
export function channelsOfMember(
  entries: readonly ChannelEntry[],
  mspId: string,
  mainChannel: string,
): string[] {
  return entries
    .filter((e) => e.name !== mainChannel && e.members.includes(mspId))
    .map((e) => e.name)
    .sort();
}

/**
 * Reads every `*.json` of the channels folder.
 *
 * @param dir - `$NETWORK_RUN_DIR/channels`; a missing folder has no channels.
 * @returns the entries, by file name.
 * @throws Error naming a file that does not read or parse.
 */
export function readChannelsFolder(dir: string): ChannelEntry[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return files.sort().map((f) => {
    const file = path.join(dir, f);
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return parseChannelEntry(value, file);
  });
}
