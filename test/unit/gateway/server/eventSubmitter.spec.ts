import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import * as sinon from 'sinon';
import { encodeJournalRecord, JOURNAL_EVENT_NAME, type CertifiedEvent } from '@chaincode/lib/journal';
import { openJournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import { newJournalSequencer, type JournalSequencer } from '@gateway/sequencer/journalSequencer';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import { newEventSubmitter } from '@gateway/server/eventSubmitter';
import type { JournalPort, SubmittedEvents } from '@gateway/fabric/journalPort';

function event(eventId: string, text = eventId): CertifiedEvent {
  return {
    eventId,
    payload: Buffer.from(text).toString('base64'),
    vepsSignature: '',
    vepsTimestamp: '1',
    metadata: {},
  };
}

/** A chaincode stand-in: dedups like Journal:SubmitEvents and commits blocks into the sequencer. */
class FakeLedger implements JournalPort {
  readonly calls: string[][] = [];
  readonly stored = new Map<string, string>();
  failNextWith: number | undefined;
  /** Validation codes of the next transactions, one each, after failNextWith. */
  readonly failQueue: number[] = [];
  /** When set, the next transaction is lost after the orderer accepted it: never committed, no status. */
  loseNext = false;
  /** While set, commit statuses wait for it (a transaction stays in flight). */
  hold: Promise<void> | undefined;
  /** How long after a transaction is sent its block reaches the sequencer. */
  sealDelayMs = 5;
  /** Event ids whose VEPS signature the chaincode refuses (the whole call fails, naming the first). */
  readonly badSignatures = new Set<string>();
  #block = 1;

  constructor(private readonly sequencer: JournalSequencer) {}

  submitEvents(events: readonly CertifiedEvent[]): Promise<SubmittedEvents> {
    this.calls.push(events.map((e) => e.eventId));
    const bad = events.findIndex((e) => this.badSignatures.has(e.eventId));
    if (bad >= 0) {
      // As an EndorseError carries it: the chaincode's message in the endorsement details.
      const refusal = Object.assign(new Error('10 ABORTED: failed to endorse transaction'), {
        details: [
          {
            address: 'peer0',
            mspId: 'Org1MSP',
            message: `chaincode response 500, [INVALID_ARGUMENT] events[${bad}].vepsSignature: does not verify over the event's signed bytes with key k1; want a signature by a consortium VEPS key (k1; Governance:GetVepsKeys) over the event's signed bytes`,
          },
        ],
      });
      return Promise.reject(refusal);
    }
    if (this.loseNext) {
      this.loseNext = false;
      const lost = { accepted: events.map((e) => e.eventId), duplicates: [], conflicts: [] };
      return Promise.resolve({ transactionId: 'lost', ...lost, status: () => new Promise(() => undefined) });
    }
    const txId = (this.calls.length * 7919).toString(16).padStart(64, '0');
    const result = { accepted: [] as string[], duplicates: [] as string[], conflicts: [] as string[] };
    const fresh: CertifiedEvent[] = [];
    for (const e of events) {
      const known = this.stored.get(e.eventId);
      if (known === undefined) {
        fresh.push(e);
        result.accepted.push(e.eventId);
      } else (known === e.payload ? result.duplicates : result.conflicts).push(e.eventId);
    }
    const code = this.failNextWith ?? this.failQueue.shift();
    this.failNextWith = undefined;
    if (code === undefined && fresh.length > 0) {
      for (const e of fresh) this.stored.set(e.eventId, e.payload);
      const payload = encodeJournalRecord({
        version: 1,
        txId,
        timestamp: '2026-01-01T00:00:00.000Z',
        actor: { msp: 'Org1MSP', id: 'gw', role: 'gateway' },
        entries: fresh.map((e) => ({ type: 'event' as const, ...e })),
      });
      setTimeout(
        () =>
          this.sequencer.apply({
            blockNumber: BigInt(this.#block++),
            transactionId: txId,
            eventName: JOURNAL_EVENT_NAME,
            payload,
          }),
        this.sealDelayMs,
      );
    }
    return Promise.resolve({
      transactionId: txId,
      ...result,
      status: async () => {
        await this.hold;
        return { successful: code === undefined, code: code ?? 0 };
      },
    });
  }
}

describe('EventSubmitter', function () {
  // Fake timers: the batching window, the regroup waits, the commit timeout and the fake ledger's seal
  // delay all run on one clock the tests move, so no outcome depends on how fast the machine is.
  let clock: sinon.SinonFakeTimers;
  beforeEach(function () {
    clock = sinon.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date', 'performance'],
    });
  });
  afterEach(function () {
    clock.restore();
  });

  /** Moves the fake clock 1 ms at a time until `promise` settles (at most 10 s of fake time). */
  async function drive<T>(promise: Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    void promise.then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    for (let step = 0; outcome === undefined && step < 10_000; step += 1) await clock.tickAsync(1);
    if (outcome === undefined) throw new Error('the promise did not settle within 10 s of fake time');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  function setup(
    maxInFlight?: number,
    windowMs = 5,
    regroup: { regroupWindowMs?: number; regroupBelowEvents?: number } = {},
    onVepsRefusal?: () => void,
  ): {
    ledger: FakeLedger;
    submitter: ReturnType<typeof newEventSubmitter>;
  } {
    const sequencer = newJournalSequencer({ index: openJournalIndex(':memory:'), logger: silentLogger });
    const ledger = new FakeLedger(sequencer);
    return {
      ledger,
      submitter: newEventSubmitter({
        port: ledger,
        sequencer,
        submitterMspId: 'Org1MSP',
        logger: silentLogger,
        windowMs,
        maxInFlight,
        ...regroup,
        onVepsRefusal,
      }),
    };
  }

  describe('#submit', function () {
    it('batches concurrent submits into one transaction and resolves each with its own seal', async function () {
      const { ledger, submitter } = setup();
      const seals = await drive(Promise.all(['a', 'b', 'c'].map((id) => submitter.submit(event(id)))));
      expect(ledger.calls).to.deep.equal([['a', 'b', 'c']]);
      expect(seals.map((s) => [s.eventId, s.sequenceNumber])).to.deep.equal([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]);
    });

    it('seals concurrent identical submissions once and refuses other content for a pending id', async function () {
      const { ledger, submitter } = setup();
      const first = submitter.submit(event('x'));
      const second = submitter.submit(event('x'));
      const other = submitter.submit(event('x', 'different'));
      await expect(other).to.be.rejectedWith(LedgerServiceError, /already used/);
      expect((await drive(first)).sequenceNumber).to.equal((await drive(second)).sequenceNumber);
      expect(ledger.calls).to.deep.equal([['x']]);
    });

    it('fails only the event whose VEPS signature the chaincode refused, with INVALID_ARGUMENT, and seals the others in a new transaction', async function () {
      const refusals: string[] = [];
      const { ledger, submitter } = setup(undefined, 5, {}, () => refusals.push('refresh'));
      ledger.badSignatures.add('b');
      const outcomes = await drive(
        Promise.allSettled(['a', 'b', 'c'].map((id) => submitter.submit(event(id)))),
      );
      expect(ledger.calls).to.deep.equal([
        ['a', 'b', 'c'],
        ['a', 'c'],
      ]);
      const [a, b, c] = outcomes;
      expect(a?.status).to.equal('fulfilled');
      expect(c?.status).to.equal('fulfilled');
      const reason = (b as PromiseRejectedResult).reason as LedgerServiceError;
      expect(reason).to.be.instanceOf(LedgerServiceError);
      expect(reason.code).to.equal(status.INVALID_ARGUMENT);
      expect(reason.message).to.match(
        /^veps_signature of event_id "b": does not verify over the event's signed bytes with key k1/,
      );
      expect(refusals).to.deep.equal(['refresh']);
      expect(submitter.pending).to.equal(0);
    });

    it('fails every event of a batch refused for another reason (the twin: no event is singled out)', async function () {
      const refusals: string[] = [];
      const calls: string[][] = [];
      const failing: JournalPort = {
        submitEvents: (events) => {
          calls.push(events.map((e) => e.eventId));
          return Promise.reject(
            new Error('chaincode response 500, [INVALID_ARGUMENT] events[1].payload: got "x"'),
          );
        },
      };
      const sequencer = newJournalSequencer({ index: openJournalIndex(':memory:'), logger: silentLogger });
      const submitter = newEventSubmitter({
        port: failing,
        sequencer,
        submitterMspId: 'Org1MSP',
        logger: silentLogger,
        onVepsRefusal: () => refusals.push('refresh'),
      });
      const outcomes = await drive(Promise.allSettled(['a', 'b'].map((id) => submitter.submit(event(id)))));
      expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected']);
      expect(calls).to.deep.equal([['a', 'b']]);
      expect(refusals).to.deep.equal([]);
      expect(submitter.pending).to.equal(0);
    });

    it('answers ALREADY_EXISTS when the chaincode reports a conflict', async function () {
      const { ledger, submitter } = setup();
      ledger.stored.set('y', 'stored elsewhere');
      const err = (await drive(submitter.submit(event('y'))).catch((e: unknown) => e)) as LedgerServiceError;
      expect(err).to.be.instanceOf(LedgerServiceError);
      expect(err.code).to.equal(status.ALREADY_EXISTS);
    });

    it('sends at once, without waiting for the window, when no transaction is in flight', async function () {
      const { ledger, submitter } = setup(4, 60_000);
      const seals = await drive(Promise.all(['i1', 'i2'].map((id) => submitter.submit(event(id)))));
      expect(seals.map((s) => s.sequenceNumber)).to.deep.equal([1, 2]);
      expect(ledger.calls).to.deep.equal([['i1', 'i2']]);
    });

    it('waits for the window before sending while another transaction is in flight', async function () {
      const { ledger, submitter } = setup(4, 40);
      let release: () => void = () => undefined;
      ledger.hold = new Promise((resolve) => {
        release = resolve;
      });
      const first = submitter.submit(event('w1'));
      await clock.tickAsync(0);
      expect(ledger.calls, 'w1 sent at once').to.deep.equal([['w1']]);
      const second = submitter.submit(event('w2'));
      await clock.tickAsync(39);
      expect(ledger.calls, 'w2 waits in the window').to.deep.equal([['w1']]);
      await clock.tickAsync(1);
      expect(ledger.calls, 'w2 sent when the window closed').to.deep.equal([['w1'], ['w2']]);
      ledger.hold = undefined;
      release();
      await drive(Promise.all([first, second]));
    });

    it('gathers events into one next batch while maxInFlight transactions await their commit', async function () {
      const { ledger, submitter } = setup(1);
      let release: () => void = () => undefined;
      ledger.hold = new Promise((resolve) => {
        release = resolve;
      });
      const first = submitter.submit(event('p1'));
      await clock.tickAsync(0);
      const later = ['p2', 'p3', 'p4'].map((id) => submitter.submit(event(id)));
      await clock.tickAsync(1_000);
      expect(ledger.calls).to.deep.equal([['p1']]);
      ledger.hold = undefined;
      release();
      await drive(Promise.all([first, ...later]));
      expect(ledger.calls).to.deep.equal([['p1'], ['p2', 'p3', 'p4']]);
    });

    /**
     * Sends `a`; while it is in flight queues `queued`; once `a` is sealed the client sends `again`
     * at once (a closed-loop client). Returns the transactions sent.
     */
    async function clientSendsAgain(
      regroup: { regroupWindowMs?: number; regroupBelowEvents?: number },
      queued: readonly string[],
      again: string,
    ): Promise<string[][]> {
      const { ledger, submitter } = setup(1, 5, regroup);
      // Sealed after the queued events below and within the regroup seal wait (REGROUP_SEAL_WAIT_MS = 20).
      ledger.sealDelayMs = 12;
      let release: () => void = () => undefined;
      ledger.hold = new Promise((resolve) => {
        release = resolve;
      });
      let resent: Promise<unknown> = Promise.resolve();
      const first = submitter.submit(event('a')).then(() => {
        resent = submitter.submit(event(again));
      });
      await clock.tickAsync(0);
      expect(ledger.calls, 'a is in flight').to.deep.equal([['a']]);
      const waiting = queued.map((id) => submitter.submit(event(id)));
      ledger.hold = undefined;
      release();
      await drive(Promise.all([first, ...waiting]));
      await drive(resent);
      return ledger.calls;
    }

    it('under light load sends the next transaction after the last one is sealed, so a client sending again at once joins it', async function () {
      expect(await clientSendsAgain({ regroupWindowMs: 30 }, ['b'], 'c')).to.deep.equal([['a'], ['b', 'c']]);
    });

    it('without regrouping sends the queued events as soon as the last transaction is committed', async function () {
      expect(await clientSendsAgain({ regroupWindowMs: 0 }, ['b'], 'c')).to.deep.equal([['a'], ['b'], ['c']]);
    });

    it('does not wait to regroup when the queue is long', async function () {
      expect(
        await clientSendsAgain({ regroupWindowMs: 30, regroupBelowEvents: 2 }, ['b', 'c'], 'd'),
      ).to.deep.equal([['a'], ['b', 'c'], ['d']]);
    });

    it('sends the events of a transaction whose commit status never comes again, and seals them once', async function () {
      const sequencer = newJournalSequencer({ index: openJournalIndex(':memory:'), logger: silentLogger });
      const ledger = new FakeLedger(sequencer);
      const submitter = newEventSubmitter({
        port: ledger,
        sequencer,
        submitterMspId: 'Org1MSP',
        logger: silentLogger,
        windowMs: 1,
        commitTimeoutMs: 30,
      });
      ledger.loseNext = true;
      const seal = await drive(submitter.submit(event('lost')));
      expect(seal.sequenceNumber).to.equal(1);
      expect(ledger.calls).to.deep.equal([['lost'], ['lost']]);
    });

    it('fails the events of a transaction invalidated with a code a retry cannot fix, and sends them once', async function () {
      const { ledger, submitter } = setup();
      const ENDORSEMENT_POLICY_FAILURE = 10;
      ledger.failNextWith = ENDORSEMENT_POLICY_FAILURE;

      const err = await drive(submitter.submit(event('n'))).catch((e: unknown) => e);

      expect(err)
        .to.be.instanceOf(Error)
        .with.property('message')
        .that.matches(/^transaction [0-9a-f]{64} was invalidated with validation code 10$/);
      expect(ledger.calls).to.deep.equal([['n']]);
    });

    it('gives up after maxAttempts MVCC read conflicts and reports the last invalidation', async function () {
      const sequencer = newJournalSequencer({ index: openJournalIndex(':memory:'), logger: silentLogger });
      const ledger = new FakeLedger(sequencer);
      const submitter = newEventSubmitter({
        port: ledger,
        sequencer,
        submitterMspId: 'Org1MSP',
        logger: silentLogger,
        maxAttempts: 3,
      });
      const MVCC_READ_CONFLICT = 11;
      ledger.failQueue.push(MVCC_READ_CONFLICT, MVCC_READ_CONFLICT, MVCC_READ_CONFLICT, MVCC_READ_CONFLICT);

      const err = await drive(submitter.submit(event('m'))).catch((e: unknown) => e);

      expect(err)
        .to.be.instanceOf(Error)
        .with.property('message')
        .that.matches(/was invalidated with validation code 11$/);
      expect(ledger.calls).to.deep.equal([['m'], ['m'], ['m']]);
    });

    it('retries events of a transaction invalidated by an MVCC read conflict', async function () {
      const { ledger, submitter } = setup();
      ledger.failNextWith = 11;
      const seal = await drive(submitter.submit(event('z')));
      expect(seal.sequenceNumber).to.equal(1);
      expect(ledger.calls).to.deep.equal([['z'], ['z']]);
    });
  });
});
