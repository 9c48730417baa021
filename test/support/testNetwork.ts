// Helpers for integration suites: the layout of the network that scripts/test-integration.sh started,
// connections as its users, and ids unique to one test run.
import * as crypto from 'node:crypto';
import { connectAs, type FabricConnection } from '../../gateway/src/fabric/connect';
import { networkLayout, type NetworkLayout, type PeerOrg } from '../../gateway/src/fabric/networkLayout';

export const layout: NetworkLayout = networkLayout();

/** A connection to `org`'s peer as `user`; the caller closes it. */
export function connectUser(org: PeerOrg, user: string): FabricConnection {
  return connectAs({ org: layout.orgs[org], user });
}

/** An id no other test run has used: `<prefix>-<random>`. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(6).toString('hex')}`;
}

/** UTF-8 text of a transaction result. */
export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Resolves once `read` succeeds. `submitTransaction` returns when the submitting org's peer has
 * committed; another org's peer may still be a block behind, so a test that next asks that peer
 * (to read, or to endorse) waits for it here. Gives up after about 10 s with the last error.
 */
export async function untilVisible(read: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await read();
      return;
    } catch (err) {
      if (attempt >= 100) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
