/**
 * The consortium's VEPS keys as the chaincode has them (`Governance:GetVepsKeys`), kept by the gateway
 * so that its front door refuses what `Journal:SubmitEvents` would refuse: one badly signed event must
 * not fail a whole batch of other clients' events. Read at start, again when the chaincode refuses a
 * batch for a `vepsSignature` reason, and when a `Governance:RecordExecution` is sealed (which may have
 * changed the keys).
 */
import type { VepsKeyEntry } from '@fabric-ledger/chaincode/shared';
import type { SealRecord } from '../core/sealRecord';
import type { Logger } from '../logger';
import { vepsKeyFromPem, type VepsKey } from './vepsSignature';

/** The keys the consortium set; empty while it set none (the chaincode then checks nothing). */
export interface ConsortiumVepsKeys {
  /** The keys of the last successful read. */
  current(): readonly VepsKey[];
  /**
   * Reads the keys again; concurrent calls share one read. A failed read keeps the previous keys
   * (logged), so it never throws.
   */
  refresh(): Promise<void>;
}

/**
 * Parses the JSON of `Governance:GetVepsKeys`.
 *
 * @param text - `{keys: [{id, publicKeyPem}], …}`.
 * @returns the keys.
 * @throws Error when the text is not such a record or a key is not a valid VEPS key.
 */
export function parseVepsKeysRecord(text: string): VepsKey[] {
  const parsed = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(parsed.keys)) throw new Error('Governance:GetVepsKeys: the answer has no keys array');
  return (parsed.keys as VepsKeyEntry[]).map((entry) => vepsKeyFromPem(entry.id, entry.publicKeyPem));
}

/**
 * Tells whether a seal is the journal entry of a `Governance:RecordExecution` (which may have set new
 * VEPS keys).
 *
 * @param seal - any seal.
 * @returns true for a governance write entry of that action.
 */
export function isGovernanceExecution(seal: Pick<SealRecord, 'entryType' | 'payload'>): boolean {
  if (seal.entryType !== 'governance') return false;
  try {
    const entry = JSON.parse(Buffer.from(seal.payload).toString('utf8')) as { action?: unknown };
    return entry.action === 'Governance:RecordExecution';
  } catch {
    return false;
  }
}

/**
 * Keeps the consortium's VEPS keys.
 *
 * @param read - evaluates `Governance:GetVepsKeys`.
 * @param logger - where reads and failed reads are logged.
 * @returns the keeper, with no keys until its first {@link ConsortiumVepsKeys.refresh}.
 */
export function newConsortiumVepsKeys(read: () => Promise<Uint8Array>, logger: Logger): ConsortiumVepsKeys {
  let keys: readonly VepsKey[] = [];
  let reading: Promise<void> | undefined;
  const load = async (): Promise<void> => {
    try {
      const next = parseVepsKeysRecord(Buffer.from(await read()).toString('utf8'));
      const changed = next.map((k) => k.id).join(',') !== keys.map((k) => k.id).join(',');
      keys = next;
      const fields = {
        vepsKeys: next.length === 0 ? 'none (the chaincode checks no signature)' : next.map((k) => k.id),
      };
      if (changed) logger.info('consortium VEPS keys changed', fields);
      else logger.debug('consortium VEPS keys read', fields);
    } catch (err) {
      logger.warn('cannot read the consortium VEPS keys; keeping the previous ones', {
        err: err instanceof Error ? err.message : String(err),
        kept: keys.map((k) => k.id),
      });
    }
  };
  return {
    current: () => keys,
    refresh: () => {
      reading ??= load().finally(() => {
        reading = undefined;
      });
      return reading;
    },
  };
}
