import { status, type ServerUnaryCall, type ServerWritableStream, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import * as sinon from 'sinon';
import type { CertifiedEvent } from '@chaincode/lib/journal';
import type { CertifiedEvent__Output } from '@gateway/generated/ledger/CertifiedEvent';
import type { SealedEvent } from '@gateway/generated/ledger/SealedEvent';
import type { StreamEventsRequest__Output } from '@gateway/generated/ledger/StreamEventsRequest';
import type { StreamItem } from '@gateway/generated/ledger/StreamItem';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import type { SealRecord } from '@gateway/core/sealRecord';
import { silentLogger } from '@gateway/logger';
import type { EventSubmitter } from '@gateway/server/eventSubmitter';
import type { StreamEventsHandler } from '@gateway/server/streamEventsHandler';
import { newLedgerService } from '@gateway/server/ledgerService';
import { newAdmissionGate } from '@gateway/security/admissionGate';
import { sealOfEvent } from '@test-support/sealFixtures';

/** Holds every submit until the test releases it. */
class HeldSubmitter implements EventSubmitter {
  readonly held: { event: CertifiedEvent; seal: () => void }[] = [];
  readonly pending = 0;

  submit(event: CertifiedEvent): Promise<SealRecord> {
    return new Promise((resolve) => {
      this.held.push({
        event,
        seal: () => {
          resolve(sealOfEvent(event, { sequenceNumber: this.held.length }));
        },
      });
    });
  }
}

describe('ledgerService limits', function () {
  let index: JournalIndex;
  let submitter: HeldSubmitter;

  beforeEach(function () {
    index = openJournalIndex(':memory:');
    submitter = new HeldSubmitter();
  });

  afterEach(function () {
    index.close();
    sinon.restore();
  });

  const service = (streams?: StreamEventsHandler, maxBytes = 1 << 20): ReturnType<typeof newLedgerService> =>
    newLedgerService({
      index,
      submitter,
      identity: { mspId: 'Org1MSP', certificatePem: '', privateKeyPem: '' },
      status: { healthy: () => true, describe: () => 'SERVING' },
      logger: silentLogger,
      sealTimeoutMs: 60_000,
      submitGate: newAdmissionGate(2),
      submitBytesGate: newAdmissionGate(maxBytes),
      maxStreams: 3,
      ...(streams === undefined ? {} : { streams }),
    });

  const submit = (
    svc: ReturnType<typeof newLedgerService>,
    eventId: string,
    payload = Buffer.from('p'),
  ): Promise<Partial<ServiceError> | null> => {
    const request: CertifiedEvent__Output = {
      eventId,
      payload,
      vepsSignature: '',
      vepsTimestamp: '1702234567890',
      metadata: {},
    };
    const call = { request, getDeadline: () => Infinity } as unknown as ServerUnaryCall<
      CertifiedEvent__Output,
      SealedEvent
    >;
    return new Promise((resolve) => {
      svc.SubmitEvent(call, (err: Partial<ServiceError> | null) => {
        resolve(err);
      });
    });
  };

  describe('#SubmitEvent', function () {
    it('refuses a submit beyond the in-flight bound with RESOURCE_EXHAUSTED without sending it to Fabric', async function () {
      const svc = service();
      const first = submit(svc, 'a');
      const second = submit(svc, 'b');

      const third = await submit(svc, 'c');

      expect(third?.code).to.equal(status.RESOURCE_EXHAUSTED);
      expect(third?.details).to.equal(
        'gateway overloaded: 2 SubmitEvent calls in flight (the configured limit); retry later with backoff',
      );
      expect(submitter.held.map((h) => h.event.eventId)).to.deep.equal(['a', 'b']);
      submitter.held.forEach((h) => {
        h.seal();
      });
      expect(await first).to.equal(null);
      expect(await second).to.equal(null);
    });

    it('refuses a submit whose bytes would pass the in-flight byte bound, and admits it once the others are sealed', async function () {
      const svc = service(undefined, 1000);
      const first = submit(svc, 'a', Buffer.alloc(600));

      const second = await submit(svc, 'b', Buffer.alloc(600));

      expect(second?.code).to.equal(status.RESOURCE_EXHAUSTED);
      expect(second?.details).to.contain('request bytes held by SubmitEvent calls in flight');
      expect(submitter.held.map((h) => h.event.eventId)).to.deep.equal(['a']);
      submitter.held[0]?.seal();
      expect(await first).to.equal(null);
      const again = submit(svc, 'b', Buffer.alloc(600));
      submitter.held[1]?.seal();
      expect(await again).to.equal(null);
    });

    it('admits a submit again once an earlier one is sealed', async function () {
      const svc = service();
      const first = submit(svc, 'a');
      void submit(svc, 'b');
      submitter.held[0]?.seal();
      await first;

      const again = submit(svc, 'c');
      submitter.held[2]?.seal();

      expect(await again).to.equal(null);
    });
  });

  describe('#StreamEvents', function () {
    it('refuses a stream beyond the bound with RESOURCE_EXHAUSTED and passes the others to the stream handler', function () {
      const handler = sinon.spy();
      const streams = { handler, active: 3, closeAll: () => undefined } as unknown as StreamEventsHandler;
      const emit = sinon.spy();
      const call = { emit } as unknown as ServerWritableStream<StreamEventsRequest__Output, StreamItem>;

      service(streams).StreamEvents(call);

      expect(handler.called).to.equal(false);
      const error = emit.firstCall.args[1] as Partial<ServiceError>;
      expect(emit.firstCall.args[0]).to.equal('error');
      expect(error.code).to.equal(status.RESOURCE_EXHAUSTED);
    });

    it('passes a stream under the bound to the stream handler', function () {
      const handler = sinon.spy();
      const streams = { handler, active: 2, closeAll: () => undefined } as unknown as StreamEventsHandler;
      const call = { emit: sinon.spy() } as unknown as ServerWritableStream<
        StreamEventsRequest__Output,
        StreamItem
      >;

      service(streams).StreamEvents(call);

      expect(handler.calledOnceWith(call)).to.equal(true);
    });
  });
});
