// The gateway with VEPS verification keys configured (test/vectors/veps/keys) and its Prometheus
// endpoint, against the real network: one gateway process on free ports, stopped in after().
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { newLedgerClient, verifySealHash, type LedgerClient } from '@gateway/client/ledgerClient';
import type { CertifiedEvent } from '@gateway/generated/ledger/CertifiedEvent';
import { signVepsEvent } from '@gateway/veps/vepsSignature';
import { freePort, startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { uniqueId } from '@test-support/testNetwork';

const VEPS_DIR = path.resolve(__dirname, '..', 'vectors', 'veps');
const privateKey = (name: string): string =>
  fs.readFileSync(path.join(VEPS_DIR, 'private', `${name}.key.pem`), 'utf8');

/** A SubmitEvent request whose fields are all set. */
type FullEvent = Required<Pick<CertifiedEvent, 'eventId' | 'vepsSignature'>> & CertifiedEvent;

/** A fresh event signed by `keyName` (naming the key when `withKeyId`). */
function signedEvent(keyName: string, withKeyId: boolean): FullEvent {
  const fields = {
    eventId: uniqueId('veps'),
    payload: Buffer.from(`signed payload ${Date.now()}`),
    vepsTimestamp: Date.now(),
    metadata: { source: 'gatewayVeps.spec', key: keyName },
  };
  const signature = signVepsEvent(privateKey(keyName), fields, withKeyId ? keyName : undefined);
  return { ...fields, vepsSignature: signature };
}

async function grpcError(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error('expected the call to fail');
}

function scrape(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode === 200) resolve(Buffer.concat(chunks).toString('utf8'));
          else reject(new Error(`GET /metrics answered ${String(res.statusCode)}`));
        });
      })
      .on('error', reject);
  });
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('gateway with VEPS keys and metrics', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-gateway-veps-'));
  let gateway: GatewayProcess | undefined;
  let client: LedgerClient | undefined;
  let metricsPort = 0;
  const gw = (): LedgerClient => {
    if (client === undefined) throw new Error('gateway not started');
    return client;
  };

  before(async function () {
    metricsPort = await freePort();
    gateway = await startGatewayProcess(
      ['--insecure', '--org', 'org1', '--index', path.join(dir, 'veps.sqlite')],
      {
        ...process.env,
        LEDGER_GATEWAY_VEPS_KEYS: path.join(VEPS_DIR, 'keys'),
        LEDGER_GATEWAY_METRICS_PORT: String(metricsPort),
      },
    );
    client = newLedgerClient(gateway.address, { insecure: true });
  });

  after(async function () {
    client?.close();
    await gateway?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('#SubmitEvent', function () {
    it('answers UNAUTHENTICATED for a signature over other content and seals nothing', async function () {
      const event = signedEvent('veps-ed25519', true);
      const err = await grpcError(gw().submitEvent({ ...event, payload: Buffer.from('tampered') }));
      expect(err.code).to.equal(status.UNAUTHENTICATED);
      expect(err.details).to.match(/^veps_signature of event_id ".+": does not verify/);
      expect(err.details).not.to.include('\n');
      const missing = await grpcError(
        gw().submitEvent({ ...signedEvent('veps-p256', true), vepsSignature: '' }),
      );
      expect(missing.code).to.equal(status.UNAUTHENTICATED);

      await gw().submitEvent(signedEvent('veps-ed25519', false));
      const lookup = await grpcError(gw().getEventById(event.eventId));
      expect(lookup.code).to.equal(status.NOT_FOUND);
    });

    it('seals events signed with the Ed25519 and the P-256 key, storing the signature as given', async function () {
      for (const event of [signedEvent('veps-ed25519', true), signedEvent('veps-p256', false)]) {
        const seal = await gw().submitEvent(event);
        expect(seal.eventId).to.equal(event.eventId);
        expect(seal.vepsSignature).to.equal(event.vepsSignature);
        expect(verifySealHash(seal)).to.equal(true);
        const found = await gw().getEventById(event.eventId);
        expect(found.sequenceNumber).to.equal(seal.sequenceNumber);
      }
    });

    it('seals metadata keys __proto__, constructor, prototype and hasOwnProperty as ordinary signed keys and returns them exactly', async function () {
      const metadata = JSON.parse(
        '{"__proto__":"p","constructor":"c","prototype":"q","hasOwnProperty":"h"}',
      ) as Record<string, string>;
      const fields = {
        eventId: uniqueId('veps-proto'),
        payload: Buffer.from('proto keys'),
        vepsTimestamp: Date.now(),
      };
      const vepsSignature = signVepsEvent(
        privateKey('veps-ed25519'),
        { ...fields, metadata },
        'veps-ed25519',
      );
      const withoutProto = Object.fromEntries(Object.entries(metadata).filter(([k]) => k !== '__proto__'));
      const unsigned = signVepsEvent(
        privateKey('veps-ed25519'),
        { ...fields, metadata: withoutProto },
        'veps-ed25519',
      );
      const before = (await gw().healthCheck()).lastSequenceNumber;

      const twin = await grpcError(gw().submitEvent({ ...fields, vepsSignature: unsigned, metadata }));
      expect(twin.code, 'a signature that leaves __proto__ out does not verify').to.equal(
        status.UNAUTHENTICATED,
      );
      expect((await gw().healthCheck()).lastSequenceNumber).to.equal(before);

      const seal = await gw().submitEvent({ ...fields, vepsSignature, metadata });
      const found = await gw().getEventById(fields.eventId);

      const expected = ['__proto__=p', 'constructor=c', 'hasOwnProperty=h', 'prototype=q'];
      for (const s of [seal, found]) {
        expect(
          Object.entries(s.metadata)
            .map(([k, v]) => `${k}=${v}`)
            .sort(),
        ).to.deep.equal(expected);
        expect(s.vepsSignature).to.equal(vepsSignature);
      }
    });

    it('refuses a signature by a key that is not configured', async function () {
      const event = signedEvent('other-ed25519', false);
      const err = await grpcError(gw().submitEvent(event));
      expect(err.code).to.equal(status.UNAUTHENTICATED);
    });
  });

  describe('GET /metrics', function () {
    it('reports the submits by code, seal latency, batch sizes, errors and the index position', async function () {
      const text = await scrape(metricsPort);
      const health = await gw().healthCheck();
      expect(sample(text, 'ledger_gateway_submit_events_total{code="OK"}')).to.be.at.least(3);
      expect(sample(text, 'ledger_gateway_submit_events_total{code="UNAUTHENTICATED"}')).to.be.at.least(3);
      expect(
        sample(text, 'ledger_gateway_errors_total{code="UNAUTHENTICATED",method="SubmitEvent"}'),
      ).to.be.at.least(3);
      expect(sample(text, 'ledger_gateway_errors_total{code="NOT_FOUND",method="GetEventById"}')).to.equal(1);
      expect(sample(text, 'ledger_gateway_seal_latency_ms_count')).to.be.at.least(3);
      expect(sample(text, 'ledger_gateway_batch_size_count')).to.be.at.least(1);
      expect(sample(text, 'ledger_gateway_last_sequence_number')).to.be.at.least(3);
      expect(sample(text, 'ledger_gateway_last_sequence_number')).to.be.at.most(
        Number(health.lastSequenceNumber),
      );
      expect(sample(text, 'ledger_gateway_checkpoint_block')).to.be.greaterThan(0);
    });
  });
});
