import {
  CommitError,
  StatusCode,
  type Network,
  type SubmittedTransaction,
} from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import {
  awaitCommitted,
  CommitWaitError,
  parseCommitRef,
  statusName,
  submitCommitted,
  type FilteredBlockView,
} from '@gateway/fabric/awaitCommitted';

const block = (n: number, txs: readonly [string, number][]): FilteredBlockView => ({
  getNumber: () => n,
  getFilteredTransactionsList: () =>
    txs.map(([id, code]) => ({ getTxid: () => id, getTxValidationCode: () => code })),
});

interface PeerSeen {
  startBlock: bigint | undefined;
  deadline: unknown;
  closed: boolean;
}

/** A peer whose block stream yields `blocks`, then fails with `end` (or ends when `end` is undefined). */
function fakePeer(
  blocks: readonly FilteredBlockView[],
  end?: Error,
): { network: Pick<Network, 'newFilteredBlockEventsRequest'>; seen: PeerSeen } {
  const seen: PeerSeen = { startBlock: undefined, deadline: undefined, closed: false };
  const network = {
    newFilteredBlockEventsRequest: (options: { startBlock?: bigint }) => {
      seen.startBlock = options.startBlock;
      return {
        getEvents: (call: { deadline?: unknown }) => {
          seen.deadline = call.deadline;
          async function* stream(): AsyncGenerator<FilteredBlockView> {
            await Promise.resolve();
            yield* blocks;
            if (end !== undefined) throw end;
          }
          return Promise.resolve(Object.assign(stream(), { close: () => void (seen.closed = true) }));
        },
      };
    },
  } as unknown as Pick<Network, 'newFilteredBlockEventsRequest'>;
  return { network, seen };
}

const grpcError = (code: number, message: string): Error => Object.assign(new Error(message), { code });
const commit = { transactionId: 'tx-b', blockNumber: 7n };

describe('waiting for a peer to commit a transaction', () => {
  it('resolves when the peer shows the transaction valid in its block, reading from that block', async () => {
    const { network, seen } = fakePeer([
      block(7, [
        ['tx-a', 0],
        ['tx-b', StatusCode.VALID],
      ]),
    ]);

    await awaitCommitted(network, commit);

    expect(seen.startBlock).to.equal(7n);
    expect(seen.deadline).to.be.a('number');
    expect(seen.closed).to.equal(true);
  });

  it('names the validation code when the peer committed the transaction as invalid', async () => {
    const { network, seen } = fakePeer([block(7, [['tx-b', StatusCode.MVCC_READ_CONFLICT]])]);

    await expect(awaitCommitted(network, commit)).to.be.rejectedWith(
      CommitWaitError,
      /tx-b \(block 7\) as invalid: 11 \(MVCC_READ_CONFLICT\)/,
    );
    expect(seen.closed).to.equal(true);
  });

  it('refuses a block of that number without the transaction instead of waiting for ever', async () => {
    const { network } = fakePeer([block(7, [['tx-a', 0]]), block(8, [['tx-b', 0]])]);

    await expect(awaitCommitted(network, commit)).to.be.rejectedWith(
      CommitWaitError,
      /block 7 does not hold/,
    );
  });

  it('reports the deadline in a clear error when the peer does not commit in time', async () => {
    const { network, seen } = fakePeer([], grpcError(4, '4 DEADLINE_EXCEEDED: Deadline exceeded'));

    await expect(awaitCommitted(network, commit, { timeoutMs: 1234 })).to.be.rejectedWith(
      CommitWaitError,
      /the peer did not commit transaction tx-b \(block 7\) within 1234 ms/,
    );
    expect(seen.closed).to.equal(true);
  });

  it('passes on any other stream failure with its message', async () => {
    const { network } = fakePeer([], grpcError(14, '14 UNAVAILABLE: No connection established'));

    await expect(awaitCommitted(network, commit)).to.be.rejectedWith(
      CommitWaitError,
      /failed: 14 UNAVAILABLE/,
    );
  });

  it('says so when the stream ends before the transaction', async () => {
    const { network } = fakePeer([]);

    await expect(awaitCommitted(network, commit)).to.be.rejectedWith(CommitWaitError, /stream ended before/);
  });

  it('names validation codes, and says when a code is unknown', () => {
    expect(statusName(StatusCode.ENDORSEMENT_POLICY_FAILURE)).to.equal('ENDORSEMENT_POLICY_FAILURE');
    expect(statusName(99)).to.equal('unknown code');
  });
});

describe('submitting and learning where the transaction was committed', () => {
  const submitted = (code: number, successful: boolean): SubmittedTransaction =>
    ({
      getResult: () => Uint8Array.of(1, 2),
      getStatus: () => Promise.resolve({ code, successful, transactionId: 'tx9', blockNumber: 12n }),
    }) as unknown as SubmittedTransaction;

  it('returns the result with the transaction id and block number', async () => {
    const calls: unknown[] = [];
    const contract = {
      submitAsync: (name: string, options: unknown) => {
        calls.push([name, options]);
        return Promise.resolve(submitted(StatusCode.VALID, true));
      },
    };

    const out = await submitCommitted(contract, 'Accounts:OpenAccount', { arguments: ['a'] });

    expect(out).to.deep.equal({
      result: Uint8Array.of(1, 2),
      commit: { transactionId: 'tx9', blockNumber: 12n },
    });
    expect(calls).to.deep.equal([['Accounts:OpenAccount', { arguments: ['a'] }]]);
  });

  it('throws the CommitError submitTransaction would, naming the code, when committed invalid', async () => {
    const contract = {
      submitAsync: () => Promise.resolve(submitted(StatusCode.MVCC_READ_CONFLICT, false)),
    };

    const err = await submitCommitted(contract, 'X:Y').then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(err).to.be.instanceOf(CommitError);
    expect((err as CommitError).code).to.equal(StatusCode.MVCC_READ_CONFLICT);
    expect((err as CommitError).message).to.contain('MVCC_READ_CONFLICT');
  });
});

describe('reading a committed transaction written as TXID@BLOCK', () => {
  const txId = 'ab'.repeat(32);

  it('reads the transaction id and the block number', () => {
    expect(parseCommitRef(`${txId}@42`)).to.deep.equal({ transactionId: txId, blockNumber: 42n });
    expect(parseCommitRef(`${txId}@0`)).to.deep.equal({ transactionId: txId, blockNumber: 0n });
  });

  it('refuses any other form', () => {
    for (const bad of [
      txId,
      `${txId}@`,
      `${txId}@-1`,
      `${txId}@01`,
      `${txId.toUpperCase()}@1`,
      `ab@1`,
      `${txId}@1x`,
    ]) {
      expect(parseCommitRef(bad), bad).to.equal(undefined);
    }
  });
});
