import { expect } from 'chai';
import type { ChaincodeEvent, CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import { encodeJournalRecord, JOURNAL_EVENT_NAME, type JournalEntry } from '@fabric-ledger/chaincode/shared';
import { isGovernanceEvent, watchGovernanceEvents } from '@gateway/governance/governanceEvents';
import { newLogger } from '@gateway/logger';

const HASH = 'ab'.repeat(32);

function journalEvent(
  entries: readonly JournalEntry[],
  blockNumber = 5n,
  txId = 'cd'.repeat(32),
): ChaincodeEvent {
  return {
    blockNumber,
    transactionId: txId,
    chaincodeName: 'ledger',
    eventName: JOURNAL_EVENT_NAME,
    payload: encodeJournalRecord({
      version: 1,
      txId,
      timestamp: '2026-01-01T00:00:00.000Z',
      actor: { msp: 'Org1MSP', id: 'admin1', role: 'admin' },
      entries,
    }),
  };
}

const write = (type: 'governance' | 'account', action: string): JournalEntry => ({
  type,
  action,
  writes: [{ key: 'k', valueHash: HASH, deleted: false }],
});

describe('governanceEvents: what wakes ledger gov watch', () => {
  it('wakes on a journal record with a governance write, and not on one with only an account write', () => {
    expect(isGovernanceEvent(journalEvent([write('governance', 'Governance:VoteOnProposal')]))).to.equal(
      true,
    );
    expect(isGovernanceEvent(journalEvent([write('account', 'Accounts:OpenAccount')]))).to.equal(false);
  });

  it('wakes on a journal event it cannot decode, and not on an event of another name', () => {
    const bytes = new TextEncoder().encode('not a journal record');
    expect(isGovernanceEvent({ eventName: JOURNAL_EVENT_NAME, payload: bytes })).to.equal(true);
    expect(isGovernanceEvent({ eventName: 'other.event', payload: bytes })).to.equal(false);
  });

  it('reopens a failed stream from the block and transaction after the last event it saw, and stops on abort', async () => {
    const opened: { block: bigint | undefined; tx: string | undefined }[] = [];
    const stop = new AbortController();
    let wakes = 0;
    const first = journalEvent([write('governance', 'Governance:CreateProposal')], 5n, 'ef'.repeat(32));
    const network: Pick<Network, 'getChaincodeEvents'> = {
      getChaincodeEvents: (_name, options) => {
        const checkpoint = options?.checkpoint;
        opened.push({ block: checkpoint?.getBlockNumber(), tx: checkpoint?.getTransactionId() });
        const round = opened.length;
        async function* events(): AsyncGenerator<ChaincodeEvent> {
          await Promise.resolve();
          if (round === 1) {
            yield first;
            throw new Error('stream broke');
          }
          stop.abort();
        }
        const iterable: CloseableAsyncIterable<ChaincodeEvent> = {
          close: () => undefined,
          [Symbol.dispose]: () => undefined,
          [Symbol.asyncIterator]: events,
        };
        return Promise.resolve(iterable);
      },
    };

    await watchGovernanceEvents({
      network,
      chaincodeName: 'ledger',
      onChange: () => wakes++,
      logger: newLogger({ write: () => undefined }),
      signal: stop.signal,
      backoffMs: { min: 1, max: 1 },
    });

    expect(wakes).to.equal(1);
    expect(opened).to.deep.equal([
      { block: undefined, tx: undefined },
      { block: 5n, tx: 'ef'.repeat(32) },
    ]);
  });
});
