import { status } from '@grpc/grpc-js';
import { CommitError, EndorseError, StatusCode } from '@hyperledger/fabric-gateway';

/**
 * The Fabric gateway's answer when its own peer endorsed but no other combination of peers produced a
 * matching endorsement, which is what a peer that has not yet committed the previous block causes.
 */
const REMOTE_ENDORSEMENT_FAILED = 'failed to collect enough transaction endorsements';
const ABORTED_CODE: number = status.ABORTED;

/** Validation codes of a transaction that read a key another transaction had changed first. */
const READ_CONFLICT_CODES: ReadonlySet<number> = new Set<number>([
  StatusCode.MVCC_READ_CONFLICT,
  StatusCode.PHANTOM_READ_CONFLICT,
]);

/**
 * Tells whether a submit failed only because peers disagreed about the latest block, so that the same
 * call, made again once the peers have caught up, can succeed. Neither case changed the ledger: an
 * endorsement failure never reached the orderers, and a read conflict is committed as invalid.
 *
 * @param err - What a `submitTransaction` threw.
 * @returns true for a remote endorsement failure after a good local endorsement, or a read conflict.
 */
export function isPeerLag(err: unknown): boolean {
  if (err instanceof EndorseError) {
    return err.code === ABORTED_CODE && err.message.includes(REMOTE_ENDORSEMENT_FAILED);
  }
  if (err instanceof CommitError) return READ_CONFLICT_CODES.has(err.code);
  return false;
}

/** How often, and how far apart, {@link retryOnPeerLag} tries. */
export interface PeerLagRetryOptions {
  /** Calls in all, the first included (default 20). */
  readonly attempts?: number;
  /** Wait between calls in ms (default 250): peers commit a block within tens of ms of each other. */
  readonly delayMs?: number;
  /** Replaceable in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Runs a submit, and runs it again while it fails only because the peers have not all committed the
 * previous block yet (see {@link isPeerLag}). Any other failure, and the last lag failure, is rethrown
 * unchanged.
 *
 * @param submit - One whole submit: a fresh proposal every call.
 * @param options - Attempts and spacing.
 * @returns What the first successful call returned.
 */
export async function retryOnPeerLag<T>(
  submit: () => Promise<T>,
  options: Readonly<PeerLagRetryOptions> = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 20);
  const delayMs = options.delayMs ?? 250;
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await submit();
    } catch (err) {
      if (attempt >= attempts || !isPeerLag(err)) throw err;
      await sleep(delayMs);
    }
  }
}
