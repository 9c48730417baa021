/**
 * `ledger gov propose --veps-keys`: the consortium VEPS keys a proposal sets (action VEPS_KEYS), read
 * from PEM files or folders as the gateway's `vepsKeys` setting reads them (`loadVepsKeys`).
 */
import { MAX_VEPS_KEYS, type VepsKeysChange } from '@fabric-ledger/chaincode/shared';
import { loadVepsKeys } from '../veps/vepsKeys';

/** The `--veps-keys` value that proposes an empty key list (verification off). */
export const NO_VEPS_KEYS_FLAG = 'none';

/**
 * The `vepsKeys` action of a proposal from the `--veps-keys` flag.
 *
 * @param flag - `none`, or comma-separated PEM files / folders of `*.pem` files; a key's id is its file
 *   name without `.pem` (`<name>#<n>` for a file of several keys).
 * @returns `{keys: [{id, publicKeyPem}]}`, each key re-encoded as a PEM SPKI block.
 * @throws Error naming the flag when it is empty, or the path and problem when a key cannot be read,
 *   is neither Ed25519 nor P-256, an id repeats, or there are more than the chaincode allows.
 */
export function vepsKeysChangeOf(flag: string): VepsKeysChange {
  if (flag === NO_VEPS_KEYS_FLAG) return { keys: [] };
  const locations = flag.split(',').filter((location) => location !== '');
  if (locations.length === 0) {
    throw new Error(`--veps-keys: got ${JSON.stringify(flag)}, want FILE_OR_DIR[,…] or ${NO_VEPS_KEYS_FLAG}`);
  }
  let loaded: ReturnType<typeof loadVepsKeys>;
  try {
    loaded = loadVepsKeys(locations);
  } catch (err) {
    throw new Error(`--veps-keys: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const keys = loaded.map((key) => ({
    id: key.id,
    publicKeyPem: key.key.export({ type: 'spki', format: 'pem' }).toString(),
  }));
  if (keys.length > MAX_VEPS_KEYS) {
    throw new Error(`--veps-keys: got ${keys.length} keys, want at most ${MAX_VEPS_KEYS}`);
  }
  return { keys };
}
