/**
 * Where a channel's journal index lives: the main channel's is the `indexFile` setting itself (so an
 * existing gateway keeps its index); another channel's sits next to it, its name before the
 * extension (`index.sqlite` → `index-<channel>.sqlite`). Pure: no I/O.
 */
import * as path from 'node:path';

/**
 * The index file of a channel.
 *
 * @param indexFile - the `indexFile` setting (the main channel's index).
 * @param channel - the channel.
 * @param main - true for the gateway's main channel.
 * @returns the file's path.
 */
export function channelIndexFile(indexFile: string, channel: string, main: boolean): string {
  if (main) return indexFile;
  const ext = path.extname(indexFile);
  const base = path.basename(indexFile, ext);
  return path.join(path.dirname(indexFile), `${base}-${channel}${ext}`);
}
