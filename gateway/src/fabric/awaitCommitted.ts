// Read-your-writes across peers. A submit returns once the submitting org's peer has committed the
// transaction; every other peer commits the same block a little later, each on its own schedule. A read
// (evaluate) or an endorsement on another org's peer right after a write may therefore still see the
// state before it. The cure is not a sleep or a retry of the read but a wait on the reading peer
// itself: its block stream, from the write's block, until the write's transaction is in it.
import {
  CommitError,
  StatusCode,
  type Contract,
  type Network,
  type ProposalOptions,
} from '@hyperledger/fabric-gateway';

/** Where a submitted transaction was committed: what a reader needs to wait for it on its own peer. */
export interface CommittedTransaction {
  readonly transactionId: string;
  /** The block that holds the transaction on every peer of the channel. */
  readonly blockNumber: bigint;
}

/** A successful submit's result and where it was committed. */
export interface SubmitResult {
  readonly result: Uint8Array;
  readonly commit: CommittedTransaction;
}

/** Options of {@link awaitCommitted}. */
export interface AwaitCommittedOptions {
  /** How long to wait for the peer, in ms (default 30 000). */
  readonly timeoutMs?: number;
}

/** The parts of a peer's filtered block (`peer.FilteredBlock`) that tell which transactions it holds. */
export interface FilteredBlockView {
  getNumber(): number;
  getFilteredTransactionsList(): readonly { getTxid(): string; getTxValidationCode(): number }[];
}

/** Default of {@link AwaitCommittedOptions.timeoutMs}: peers commit a block within tens of ms of each other. */
export const DEFAULT_COMMIT_WAIT_MS = 30_000;

/** Thrown when a peer does not show a transaction committed as valid within the deadline. */
export class CommitWaitError extends Error {
  override readonly name = 'CommitWaitError';
}

/**
 * Submits a transaction like `contract.submitTransaction` does (and throws the same `CommitError` when
 * it is committed invalid), but also returns where it was committed, so that a read on another peer
 * can wait for it with {@link awaitCommitted}.
 *
 * @param contract - The contract to submit to.
 * @param transactionName - `Contract:Function`.
 * @param options - Arguments and endorsement options, as `contract.submitAsync` takes them.
 * @returns The result and the committed transaction.
 * @throws CommitError when the transaction was committed with a validation code other than VALID.
 */
export async function submitCommitted(
  contract: Pick<Contract, 'submitAsync'>,
  transactionName: string,
  options: Readonly<ProposalOptions> = {},
): Promise<SubmitResult> {
  const submitted = await contract.submitAsync(transactionName, options);
  const status = await submitted.getStatus();
  if (!status.successful) {
    throw new CommitError({
      code: status.code,
      transactionId: status.transactionId,
      message: `Transaction ${status.transactionId} failed to commit with status code ${String(status.code)} (${statusName(status.code)})`,
    });
  }
  return {
    result: submitted.getResult(),
    commit: { transactionId: status.transactionId, blockNumber: status.blockNumber },
  };
}

/**
 * Resolves once the peer behind `network` (the reader's own org's peer) has committed `commit` as a
 * valid transaction. It reads that peer's filtered block stream from the transaction's block, so it
 * returns as soon as the block is there (at once when it already is) and never polls. Blocks are
 * committed in order: once a peer has block N, it has every earlier write too, so a reader waits for the
 * last write it depends on only.
 *
 * Filtered blocks list every transaction with its validation code, whether or not it emitted a
 * chaincode event, so this works for any transaction of the channel.
 *
 * @param network - The reader's network (its gateway dials the peer that will answer the reads).
 * @param commit - The write to wait for (from {@link submitCommitted} or a `Commit`'s status).
 * @param options - The deadline.
 * @throws CommitWaitError when the deadline passes first, when the peer committed the transaction as
 *   invalid, when its block does not hold the transaction, or when the peer's stream fails.
 */
export async function awaitCommitted(
  network: Pick<Network, 'newFilteredBlockEventsRequest'>,
  commit: CommittedTransaction,
  options: Readonly<AwaitCommittedOptions> = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMIT_WAIT_MS;
  const what = `transaction ${commit.transactionId} (block ${commit.blockNumber.toString()})`;
  const request = network.newFilteredBlockEventsRequest({ startBlock: commit.blockNumber });
  let blocks: AsyncIterable<FilteredBlockView> & { close(): void };
  try {
    blocks = await request.getEvents({ deadline: Date.now() + timeoutMs });
  } catch (err) {
    throw new CommitWaitError(`cannot read the peer's blocks to wait for ${what}: ${messageOf(err)}`, {
      cause: err,
    });
  }
  try {
    await untilFound(blocks, commit, what);
  } catch (err) {
    throw asWaitError(err, what, timeoutMs);
  } finally {
    blocks.close();
  }
}

async function untilFound(
  blocks: AsyncIterable<FilteredBlockView>,
  commit: CommittedTransaction,
  what: string,
): Promise<void> {
  for await (const block of blocks) {
    const found = findTransaction(block, commit.transactionId);
    if (found === 'absent') {
      if (BigInt(block.getNumber()) < commit.blockNumber) continue;
      throw new CommitWaitError(`the peer's block ${String(block.getNumber())} does not hold ${what}`);
    }
    if (found !== VALID) {
      throw new CommitWaitError(
        `the peer committed ${what} as invalid: ${String(found)} (${statusName(found)})`,
      );
    }
    return;
  }
  throw new CommitWaitError(`the peer's block stream ended before ${what}`);
}

function asWaitError(err: unknown, what: string, timeoutMs: number): CommitWaitError {
  if (err instanceof CommitWaitError) return err;
  if ((err as { code?: unknown }).code === DEADLINE_EXCEEDED) {
    return new CommitWaitError(`the peer did not commit ${what} within ${String(timeoutMs)} ms`, {
      cause: err,
    });
  }
  return new CommitWaitError(`waiting for ${what} failed: ${messageOf(err)}`, { cause: err });
}

const VALID: number = StatusCode.VALID;

/** gRPC status DEADLINE_EXCEEDED. */
const DEADLINE_EXCEEDED = 4;

/**
 * The validation code of `transactionId` in a filtered block, or `'absent'`.
 *
 * @param block - A filtered block as the peer's deliver service sends it.
 * @param transactionId - The transaction looked for.
 * @returns Its `TxValidationCode` (0 is VALID), or `'absent'`.
 */
export function findTransaction(block: FilteredBlockView, transactionId: string): number | 'absent' {
  const tx = block.getFilteredTransactionsList().find((t) => t.getTxid() === transactionId);
  return tx === undefined ? 'absent' : tx.getTxValidationCode();
}

/**
 * The name of a transaction validation code.
 *
 * @param code - A `TxValidationCode`.
 * @returns Its name (`MVCC_READ_CONFLICT`…), or `unknown code` for a number Fabric does not define.
 */
export function statusName(code: number): string {
  const entry = Object.entries(StatusCode).find(([, value]) => value === code);
  return entry === undefined ? 'unknown code' : entry[0];
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads a committed transaction written as `TXID@BLOCK` (how `ledger gov execute --after` takes it).
 *
 * @param text - 64 lowercase hex digits, `@`, a block number.
 * @returns The transaction, or undefined when `text` has another form.
 */
export function parseCommitRef(text: string): CommittedTransaction | undefined {
  const match = /^([0-9a-f]{64})@(0|[1-9][0-9]{0,19})$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { transactionId: match[1], blockNumber: BigInt(match[2]) };
}
