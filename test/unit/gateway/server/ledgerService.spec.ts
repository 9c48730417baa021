import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { status, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import type { GetEventByIdRequest__Output } from '@gateway/generated/ledger/GetEventByIdRequest';
import { encodeJournalRecord, JOURNAL_EVENT_NAME, type CertifiedEvent } from '@chaincode/lib/journal';
import type { CertifiedEvent__Output } from '@gateway/generated/ledger/CertifiedEvent';
import type { SealedEvent } from '@gateway/generated/ledger/SealedEvent';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import type { SealRecord } from '@gateway/core/sealRecord';
import { silentLogger } from '@gateway/logger';
import { newJournalSequencer } from '@gateway/sequencer/journalSequencer';
import type { EventSubmitter } from '@gateway/server/eventSubmitter';
import { newGatewayMetrics, type GatewayMetrics } from '@gateway/metrics/gatewayMetrics';
import { newLedgerService } from '@gateway/server/ledgerService';
import { loadVepsKeys } from '@gateway/veps/vepsKeys';
import { signVepsEvent, type VepsKey } from '@gateway/veps/vepsSignature';
import { sealOfEvent } from '@test-support/sealFixtures';

const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');
const ED25519_PRIVATE = fs.readFileSync(path.join(VEPS_DIR, 'private', 'veps-ed25519.key.pem'), 'utf8');

/** Records what reaches Fabric and seals it at once. */
class RecordingSubmitter implements EventSubmitter {
  readonly submitted: CertifiedEvent[] = [];
  readonly pending = 0;

  submit(event: CertifiedEvent): Promise<SealRecord> {
    this.submitted.push(event);
    return Promise.resolve(sealOfEvent(event, { sequenceNumber: this.submitted.length }));
  }
}

function request(vepsSignature: string): CertifiedEvent__Output {
  return {
    eventId: 'svc-001',
    payload: Buffer.from('payload'),
    vepsSignature,
    vepsTimestamp: '1702234567890',
    metadata: { source: 'spec' },
  };
}

function signed(): CertifiedEvent__Output {
  const { eventId, payload, metadata } = request('');
  return request(
    signVepsEvent(ED25519_PRIVATE, { eventId, payload, metadata, vepsTimestamp: 1702234567890 }),
  );
}

describe('ledgerService', function () {
  let index: JournalIndex;
  let submitter: RecordingSubmitter;
  let metrics: GatewayMetrics;

  beforeEach(function () {
    index = openJournalIndex(':memory:');
    submitter = new RecordingSubmitter();
    metrics = newGatewayMetrics({ lastSequenceNumber: () => index.size, checkpointBlock: () => undefined });
  });

  afterEach(function () {
    index.close();
  });

  function submit(
    keys: readonly VepsKey[],
    req: CertifiedEvent__Output,
    tls: { readonly gatewayPem?: string; readonly peerDer?: Uint8Array } = {},
    consortiumKeys: readonly VepsKey[] = [],
  ): Promise<SealedEvent> {
    const service = newLedgerService({
      index,
      submitter,
      identity: { mspId: 'Org1MSP', certificatePem: tls.gatewayPem ?? '', privateKeyPem: '' },
      status: { healthy: () => true, describe: () => 'SERVING' },
      logger: silentLogger,
      sealTimeoutMs: 1000,
      vepsKeys: keys,
      consortiumVepsKeys: { current: () => consortiumKeys },
      metrics,
    });
    const auth = { sslPeerCertificate: tls.peerDer === undefined ? undefined : { raw: tls.peerDer } };
    const call = {
      request: req,
      getDeadline: () => Infinity,
      getAuthContext: () => auth,
    } as unknown as ServerUnaryCall<CertifiedEvent__Output, SealedEvent>;
    return new Promise((resolve, reject) => {
      service.SubmitEvent(call, (err: Partial<ServiceError> | null, sealed?: SealedEvent | null) => {
        if (err === null && sealed !== undefined && sealed !== null) resolve(sealed);
        else
          reject(
            Object.assign(new Error(err?.details ?? 'no answer'), { code: err?.code, details: err?.details }),
          );
      });
    });
  }

  describe('#SubmitEvent with VEPS keys configured', function () {
    const keys = loadVepsKeys([path.join(VEPS_DIR, 'keys')]);

    it('seals an event whose signature verifies, storing the signature as given', async function () {
      const req = signed();
      const sealed = await submit(keys, req);
      expect(sealed.vepsSignature).to.equal(req.vepsSignature);
      expect(submitter.submitted.map((e) => e.eventId)).to.deep.equal(['svc-001']);
      expect(await metrics.render()).to.include('ledger_gateway_submit_events_total{code="OK"} 1\n');
    });

    it('answers UNAUTHENTICATED without a stack and sends nothing to Fabric for a bad signature', async function () {
      const req = { ...signed(), payload: Buffer.from('tampered') };
      const err = (await submit(keys, req).then(
        () => undefined,
        (e: unknown) => e,
      )) as Partial<ServiceError>;
      expect(err.code).to.equal(status.UNAUTHENTICATED);
      expect(err.details).to.match(/^veps_signature of event_id "svc-001": does not verify/);
      expect(err.details).not.to.match(/\bat \S+:\d+/);
      expect(submitter.submitted).to.deep.equal([]);
      const text = await metrics.render();
      expect(text).to.include('ledger_gateway_submit_events_total{code="UNAUTHENTICATED"} 1\n');
      expect(text).to.include('ledger_gateway_errors_total{code="UNAUTHENTICATED",method="SubmitEvent"} 1\n');
    });

    it('answers UNAUTHENTICATED for a missing signature', async function () {
      await expect(submit(keys, request(''))).to.be.rejected.then((err: Partial<ServiceError>) => {
        expect(err.code).to.equal(status.UNAUTHENTICATED);
        expect(err.details).to.include('missing');
      });
      expect(submitter.submitted).to.deep.equal([]);
    });

    it('checks the input first: a malformed event is INVALID_ARGUMENT', async function () {
      await expect(submit(keys, { ...signed(), eventId: '' })).to.be.rejected.then(
        (err: Partial<ServiceError>) => {
          expect(err.code).to.equal(status.INVALID_ARGUMENT);
        },
      );
    });
  });

  describe('#SubmitEvent with consortium VEPS keys (Governance:GetVepsKeys)', function () {
    const keys = loadVepsKeys([path.join(VEPS_DIR, 'keys')]);
    const other = loadVepsKeys([path.join(VEPS_DIR, 'other')]);

    it('seals an event signed by a consortium key, though this gateway has no keys of its own', async function () {
      const sealed = await submit([], signed(), {}, keys);
      expect(sealed.eventId).to.equal('svc-001');
      expect(submitter.submitted).to.have.length(1);
    });

    it('answers INVALID_ARGUMENT, as the chaincode would refuse it, and sends nothing for a bad signature', async function () {
      const req = { ...signed(), payload: Buffer.from('tampered') };
      const err = (await submit([], req, {}, keys).then(
        () => undefined,
        (e: unknown) => e,
      )) as Partial<ServiceError>;
      expect(err.code).to.equal(status.INVALID_ARGUMENT);
      expect(err.details).to.match(/^veps_signature of event_id "svc-001": does not verify/);
      expect(submitter.submitted).to.deep.equal([]);
    });

    it('answers INVALID_ARGUMENT for a missing signature, naming the consortium', async function () {
      await expect(submit([], request(''), {}, keys)).to.be.rejected.then((err: Partial<ServiceError>) => {
        expect(err.code).to.equal(status.INVALID_ARGUMENT);
        expect(err.details).to.include('missing; the consortium requires a signature');
      });
      expect(submitter.submitted).to.deep.equal([]);
    });

    it('checks against the consortium keys, not the local ones, while the consortium has keys', async function () {
      // Signed by veps-ed25519: a local key here, not a consortium one.
      await expect(submit(keys, signed(), {}, other)).to.be.rejected.then((err: Partial<ServiceError>) => {
        expect(err.code).to.equal(status.INVALID_ARGUMENT);
      });
      expect(submitter.submitted).to.deep.equal([]);
    });
  });

  describe('#SubmitEvent names the submitting client in the journal entry', function () {
    const CLIENT_PEM = fs.readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'vectors', 'receipt', 'private', 'signer.cert.pem'),
      'utf8',
    );
    const GATEWAY_PEM = fs.readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'vectors', 'receipt', 'private', 'org-ca.cert.pem'),
      'utf8',
    );
    const fingerprint = (pem: string): string =>
      new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();

    it('sends the mutual-TLS caller certificate hash and subject with the event', async function () {
      const der = new Uint8Array(new X509Certificate(CLIENT_PEM).raw);
      await submit([], request('sig'), { gatewayPem: GATEWAY_PEM, peerDer: der });
      expect(submitter.submitted[0]).to.deep.include({
        client: {
          cert: fingerprint(CLIENT_PEM),
          subject: 'O=Org1, OU=client, CN=ledger-vectors-digest-signer',
        },
      });
    });

    it("sends the gateway's own certificate when the caller presented none", async function () {
      await submit([], request('sig'), { gatewayPem: GATEWAY_PEM });
      expect(submitter.submitted[0]).to.deep.include({
        client: { cert: fingerprint(GATEWAY_PEM), subject: 'O=Org1, CN=ledger-vectors-org-ca' },
      });
    });
  });

  describe('#SubmitEvent without VEPS keys', function () {
    it('stores any signature as given', async function () {
      const sealed = await submit([], request('test-sig'));
      expect(sealed.vepsSignature).to.equal('test-sig');
      expect(submitter.submitted).to.have.length(1);
    });
  });

  describe('#SubmitEvent of an event id the index has sealed', function () {
    const SIG = 'test-sig';

    /** Seals `request(sig)` into the index as the sequencer would from a committed block of `msp`. */
    function sealInIndex(sig: string, msp = 'Org1MSP'): void {
      const { eventId, payload, vepsTimestamp, metadata } = request(sig);
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      sequencer.apply({
        blockNumber: 3n,
        transactionId: 'ab'.repeat(32),
        eventName: JOURNAL_EVENT_NAME,
        payload: encodeJournalRecord({
          version: 1,
          txId: 'ab'.repeat(32),
          timestamp: '2026-01-01T00:00:00.000Z',
          actor: { msp, id: 'gw', role: 'gateway' },
          entries: [
            {
              type: 'event',
              eventId,
              payload: Buffer.from(payload).toString('base64'),
              // The journal holds the signature's UTF-8 bytes in base64 (validation.ts, toJournalEvent).
              vepsSignature: Buffer.from(sig, 'utf8').toString('base64'),
              vepsTimestamp,
              metadata,
            },
          ],
        }),
      });
    }

    it('answers an identical resubmission with the original seal from the index, sending nothing to Fabric', async function () {
      sealInIndex(SIG);
      const original = index.findById('svc-001', 'Org1MSP');

      const sealed = await submit([], request(SIG));

      expect(submitter.submitted).to.deep.equal([]);
      expect(sealed.sequenceNumber).to.equal('1');
      expect(sealed.eventHash).to.equal(Buffer.from(original?.eventHash ?? []).toString('hex'));
    });

    it('answers ALREADY_EXISTS naming the id for other content under a sealed id, sending nothing to Fabric', async function () {
      sealInIndex(SIG);

      const other = { ...request(SIG), payload: Buffer.from('other payload') };
      const err = (await submit([], other).catch((e: unknown) => e)) as Partial<ServiceError>;

      expect(err.code).to.equal(status.ALREADY_EXISTS);
      expect(err.details).to.equal(
        'event_id "svc-001" is already used by an event with different content (sequence number 1)',
      );
      expect(submitter.submitted).to.deep.equal([]);
    });

    it("submits an event whose id another org's entry already has: that entry is not this org's", async function () {
      sealInIndex(SIG, 'Org2MSP');

      const sealed = await submit([], { ...request(SIG), payload: Buffer.from('org1 payload') });

      expect(submitter.submitted.map((e) => e.eventId)).to.deep.equal(['svc-001']);
      expect(Buffer.from(sealed.payload ?? '').toString()).to.equal('org1 payload');
    });
  });

  describe('#GetEventById', function () {
    /** Seals one event `id` of `msp` with `payload`. */
    function sealOf(msp: string, id: string, payload: string, tx: number): void {
      newJournalSequencer({ index, logger: silentLogger }).apply({
        blockNumber: BigInt(tx),
        transactionId: tx.toString(16).padStart(64, '0'),
        eventName: JOURNAL_EVENT_NAME,
        payload: encodeJournalRecord({
          version: 1,
          txId: tx.toString(16).padStart(64, '0'),
          timestamp: '2026-01-01T00:00:00.000Z',
          actor: { msp, id: 'gw', role: 'gateway' },
          entries: [
            {
              type: 'event',
              eventId: id,
              payload: Buffer.from(payload).toString('base64'),
              vepsSignature: '',
              vepsTimestamp: '1702234567890',
              metadata: {},
            },
          ],
        }),
      });
    }

    function getById(eventId: string, submitterMspId = ''): Promise<SealedEvent> {
      const service = newLedgerService({
        index,
        submitter,
        identity: { mspId: 'Org1MSP', certificatePem: '', privateKeyPem: '' },
        status: { healthy: () => true, describe: () => 'SERVING' },
        logger: silentLogger,
        sealTimeoutMs: 1000,
      });
      const call = { request: { eventId, submitterMspId } } as unknown as ServerUnaryCall<
        GetEventByIdRequest__Output,
        SealedEvent
      >;
      return new Promise((resolve, reject) => {
        service.GetEventById(call, (err: Partial<ServiceError> | null, sealed?: SealedEvent | null) => {
          if (err === null && sealed !== undefined && sealed !== null) resolve(sealed);
          else reject(Object.assign(new Error(err?.details ?? 'no answer'), { code: err?.code }));
        });
      });
    }

    it("answers an id with the gateway's own org's event, and another org's with submitter_msp_id", async function () {
      sealOf('Org2MSP', 'ACC-1001', 'org2', 1);
      sealOf('Org1MSP', 'ACC-1001', 'org1', 2);

      const own = await getById('ACC-1001');
      const other = await getById('ACC-1001', 'Org2MSP');

      expect([
        own.sequenceNumber,
        own.submitterMspId,
        Buffer.from(own.payload ?? '').toString(),
      ]).to.deep.equal(['2', 'Org1MSP', 'org1']);
      expect([other.sequenceNumber, other.submitterMspId]).to.deep.equal(['1', 'Org2MSP']);
    });

    it('answers NOT_FOUND for an id only another org used, naming the org it looked in', async function () {
      sealOf('Org2MSP', 'squat-1', 'org2', 1);

      const err = (await getById('squat-1').catch((e: unknown) => e)) as Partial<ServiceError>;

      expect(err.code).to.equal(status.NOT_FOUND);
      expect(err.message).to.equal('event_id "squat-1" of Org1MSP is not sealed');
    });

    it('answers INVALID_ARGUMENT naming submitter_msp_id for a malformed MSP id', async function () {
      const err = (await getById('x', 'Org 2').catch((e: unknown) => e)) as Partial<ServiceError>;

      expect(err.code).to.equal(status.INVALID_ARGUMENT);
      expect(err.message).to.match(/^submitter_msp_id: got "Org 2", want an MSP id/);
    });
  });
});
