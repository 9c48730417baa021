// Hostile requests against a real in-process gRPC server with the gateway's guarded service: the
// ledger service on an in-memory index, fed by the real sequencer through the real journal codec (the
// fake submitter encodes each submitted event as the chaincode's journal record and applies it).
// Bytes are encoded by hand, so the requests are what a generated client would never send.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/proto-loader';
import { expect } from 'chai';
import fc from 'fast-check';
import { encodeJournalRecord, JOURNAL_EVENT_NAME, type CertifiedEvent } from '@chaincode/lib/journal';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import type { SealRecord } from '@gateway/core/sealRecord';
import { silentLogger } from '@gateway/logger';
import { newJournalSequencer, type JournalSequencer } from '@gateway/sequencer/journalSequencer';
import type { EventSubmitter } from '@gateway/server/eventSubmitter';
import { guardedLedgerService, loadLedgerWireSchema } from '@gateway/server/gatewayServer';
import { loadLedgerProto, SERVICE_NAME } from '@gateway/proto/ledgerProto';
import { newStreamEventsHandler } from '@gateway/server/streamEventsHandler';
import { newLedgerService } from '@gateway/server/ledgerService';
import { newRefusedRequestInterceptor, UNDECODABLE_PREFIX } from '@gateway/server/requestGuard';
import { loadVepsKeys } from '@gateway/veps/vepsKeys';
import { signVepsEvent, type VepsKey } from '@gateway/veps/vepsSignature';
import type { WireSchema } from '@gateway/server/wireCheck';
import { encodeFields, type WireField } from '@test-support/protoWire';

const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');
const ED25519_PRIVATE = fs.readFileSync(path.join(VEPS_DIR, 'private', 'veps-ed25519.key.pem'), 'utf8');
const SERVICE = `/${SERVICE_NAME}/`;
const DIGEST_KEY = crypto
  .generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** The byte sequences of issue 14: a cut-off sequence, an encoded lone surrogate, an overlong "/". */
const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xc0, 0xaf]),
];

/** Metadata whose keys are Object.prototype names (JSON.parse makes `__proto__` an own key). */
const PROTO_KEYS = JSON.parse(
  '{"__proto__":"p","constructor":"c","prototype":"q","hasOwnProperty":"h"}',
) as Record<string, string>;
const PROTO_ENTRIES: readonly [string, string][] = [
  ['__proto__', 'p'],
  ['constructor', 'c'],
  ['hasOwnProperty', 'h'],
  ['prototype', 'q'],
];
const sortedEntries = (record: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Seals each submitted event at once through the chaincode's journal record and the sequencer. */
class JournalingSubmitter implements EventSubmitter {
  readonly pending = 0;
  submitted = 0;
  #tx = 0;

  constructor(
    private readonly sequencer: JournalSequencer,
    private readonly index: JournalIndex,
  ) {}

  submit(event: CertifiedEvent): Promise<SealRecord> {
    this.submitted++;
    this.#tx++;
    const txId = this.#tx.toString(16).padStart(64, '0');
    const payload = encodeJournalRecord({
      version: 1,
      txId,
      timestamp: '2026-01-02T03:04:05.678Z',
      actor: { msp: 'Org1MSP', id: 'x509::CN=gateway1', role: 'gateway' },
      entries: [{ type: 'event', ...event }],
    });
    this.sequencer.apply({
      blockNumber: BigInt(this.#tx),
      transactionId: txId,
      eventName: JOURNAL_EVENT_NAME,
      payload,
    });
    const seal = this.index.findEvent(event.eventId, 'Org1MSP');
    return seal === undefined ? Promise.reject(new Error('not sealed')) : Promise.resolve(seal);
  }
}

interface Outcome {
  readonly code: grpc.status;
  readonly details: string;
  readonly items: readonly StreamItem__Output[];
}

/** A string field of a request: its dotted path and how to put bytes into it. */
interface StringField {
  readonly method: string;
  readonly path: string;
  readonly encode: (value: Uint8Array) => Buffer;
}

function ledgerServiceDefinition(): ServiceDefinition {
  const service = loadLedgerProto().definition[SERVICE_NAME];
  if (service === undefined || 'format' in service) throw new Error('no service');
  return service;
}

/** Every string field (nested and map fields too) of every request type, from the wire schema. */
function stringFields(schema: WireSchema): StringField[] {
  const service = ledgerServiceDefinition();
  const found: StringField[] = [];
  const walk = (
    method: string,
    typeName: string,
    prefix: string,
    wrap: (inner: Buffer) => Buffer,
    depth: number,
  ): void => {
    for (const [no, field] of schema.get(typeName)?.fields ?? []) {
      const fieldPath = prefix === '' ? field.name : `${prefix}.${field.name}`;
      const put = (value: Uint8Array): Buffer => wrap(encodeFields([{ no, kind: 'bytes', value }]));
      if (field.kind === 'string') found.push({ method, path: fieldPath, encode: put });
      if (field.kind === 'message' && field.messageType !== undefined && depth < 3) {
        walk(method, field.messageType, fieldPath, put, depth + 1);
      }
    }
  };
  for (const [method, def] of Object.entries(service)) {
    const name = (def.requestType.type as { name: string }).name;
    walk(method, `ledger.${name}`, '', (inner) => inner, 0);
  }
  return found;
}

describe('gateway service under hostile input (in process)', function () {
  this.timeout(60_000);
  let index: JournalIndex;
  let sequencer: JournalSequencer;
  let submitter: JournalingSubmitter;
  let server: grpc.Server | undefined;
  let raw: grpc.Client;
  let client: LedgerClient;
  const identity = (b: Buffer): Buffer => b;

  async function start(vepsKeys: readonly VepsKey[] = []): Promise<void> {
    const streams = newStreamEventsHandler({ index, seals: sequencer, logger: silentLogger });
    const service = newLedgerService({
      index,
      submitter,
      identity: { mspId: 'Org1MSP', certificatePem: '', privateKeyPem: DIGEST_KEY },
      status: { healthy: () => true, describe: () => 'SERVING' },
      logger: silentLogger,
      sealTimeoutMs: 5000,
      vepsKeys,
      streams,
    });
    const grpcServer = new grpc.Server({ interceptors: [newRefusedRequestInterceptor()] });
    server = grpcServer;
    grpcServer.addService(guardedLedgerService(loadLedgerProto().definition), service);
    const port = await new Promise<number>((resolve, reject) => {
      grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => {
        if (err === null) resolve(p);
        else reject(err);
      });
    });
    raw = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    client = newLedgerClient(`127.0.0.1:${port}`, { insecure: true });
  }

  const unary = (method: string, body: Buffer): Promise<Outcome> =>
    new Promise((resolve) => {
      raw.makeUnaryRequest(SERVICE + method, identity, identity, body, (err: ServiceError | null) => {
        resolve(
          err === null
            ? { code: status.OK, details: '', items: [] }
            : { code: err.code, details: err.details, items: [] },
        );
      });
    });

  /** A StreamEvents call that ends by itself, at its deadline, or is cancelled at its first item. */
  const stream = (body: Buffer, deadlineMs = 2000): Promise<Outcome> =>
    new Promise((resolve) => {
      const items: StreamItem__Output[] = [];
      const call = raw.makeServerStreamRequest(SERVICE + 'StreamEvents', identity, identity, body, {
        deadline: Date.now() + deadlineMs,
      });
      call.on('data', (item: Buffer) => {
        items.push(ledgerServiceDefinition().StreamEvents?.responseDeserialize(item) as StreamItem__Output);
        call.cancel();
      });
      call.on('error', (err: ServiceError) => {
        resolve({ code: err.code, details: err.details, items });
      });
      call.on('end', () => {
        resolve({ code: status.OK, details: '', items });
      });
    });

  const call = (method: string, body: Buffer): Promise<Outcome> =>
    method === 'StreamEvents' ? stream(body) : unary(method, body);

  const seedTwo = async (): Promise<void> => {
    for (const id of ['seed-1', 'seed-2']) {
      await client.submitEvent({ eventId: id, payload: Buffer.from(id), vepsTimestamp: '1702234567890' });
    }
  };

  beforeEach(function () {
    index = openJournalIndex(':memory:');
    sequencer = newJournalSequencer({ index, logger: silentLogger });
    submitter = new JournalingSubmitter(sequencer, index);
  });

  afterEach(function () {
    if (server !== undefined) {
      raw.close();
      client.close();
      server.forceShutdown();
      server = undefined;
    }
    index.close();
  });

  describe('invalid UTF-8', function () {
    const fields = stringFields(loadLedgerWireSchema());

    it('finds every string field of every request in the proto, nested map entries included', function () {
      expect(fields.map((f) => `${f.method} ${f.path}`).sort()).to.deep.equal([
        'GetEventById event_id',
        'GetEventById submitter_msp_id',
        'GetHistory key',
        'GetHistory page_token',
        'GetHistory record_id',
        'GetHistory record_type',
        'StreamEvents entry_types',
        'StreamEvents key_prefix',
        'SubmitEvent event_id',
        'SubmitEvent metadata.key',
        'SubmitEvent metadata.value',
        'SubmitEvent veps_signature',
      ]);
    });

    it('refuses c3 28, ed a0 80 and c0 af in every string field with INVALID_ARGUMENT naming the field, writing nothing', async function () {
      await start();
      await seedTwo();
      for (const field of fields) {
        for (const bad of INVALID_UTF8) {
          const outcome = await call(field.method, field.encode(bad));
          const what = `${field.method} ${field.path} ${bad.toString('hex')}`;
          expect(outcome.code, what).to.equal(status.INVALID_ARGUMENT);
          expect(outcome.details, what).to.equal(
            `${field.path}: got bytes that are not valid UTF-8 (${bad.toString('hex').replace(/(..)(?!$)/g, '$1 ')} at byte 0 of the value), want valid UTF-8 (proto3 strings are UTF-8)`,
          );
        }
      }
      expect(index.size).to.equal(2);
      expect(submitter.submitted).to.equal(2);
    });

    it('lets the same fields through when they hold valid UTF-8 (the negative twin)', async function () {
      await start();
      for (const field of fields) {
        const outcome = await call(field.method, field.encode(Buffer.from('é😀')));
        expect(outcome.details, `${field.method} ${field.path}`).not.to.include('not valid UTF-8');
        expect(outcome.details, `${field.method} ${field.path}`).not.to.include(UNDECODABLE_PREFIX);
      }
    });

    it('seals a SubmitEvent whose signature and metadata are valid multibyte UTF-8 exactly as sent', async function () {
      await start();
      const metadata = { clé: 'valeur 😀', '\u{10ffff}': '\u0800' };
      const sealed = await client.submitEvent({
        eventId: 'utf8-ok',
        payload: Buffer.from('x'),
        vepsSignature: 'sig é',
        vepsTimestamp: '1702234567890',
        metadata,
      });
      const found = await client.getEventById('utf8-ok');
      for (const seal of [sealed, found]) {
        expect(seal.vepsSignature).to.equal('sig é');
        expect(sortedEntries(seal.metadata)).to.deep.equal(sortedEntries(metadata));
      }
    });
  });

  describe('wrong wire types', function () {
    const cases: readonly [string, WireField, string][] = [
      ['GetEvent', { no: 1, kind: 'bytes', value: Buffer.from('12') }, 'sequence_number'],
      ['GetInclusionProof', { no: 2, kind: 'bytes', value: Buffer.from([1]) }, 'tree_size'],
      ['GetConsistencyProof', { no: 1, kind: 'bytes', value: Buffer.from([1]) }, 'first_size'],
      ['SubmitEvent', { no: 4, kind: 'bytes', value: Buffer.from('1702234567890') }, 'veps_timestamp'],
      ['SubmitEvent', { no: 1, kind: 'varint', value: 7n }, 'event_id'],
      ['GetEventById', { no: 1, kind: 'varint', value: 7n }, 'event_id'],
      ['GetHistory', { no: 4, kind: 'bytes', value: Buffer.from([10]) }, 'page_size'],
      ['StreamEvents', { no: 1, kind: 'bytes', value: Buffer.from([1]) }, 'from_sequence'],
    ];

    it('answers a field sent with the wrong wire type with INVALID_ARGUMENT saying the request could not be decoded, naming the field', async function () {
      await start();
      await seedTwo();
      for (const [method, field, name] of cases) {
        const outcome = await call(method, encodeFields([field]));
        expect(outcome.code, `${method} ${name}`).to.equal(status.INVALID_ARGUMENT);
        expect(outcome.details, `${method} ${name}`).to.match(
          new RegExp(
            `^the request could not be decoded as a ledger\\.\\w+: ${name}: field ${field.no} got wire type`,
          ),
        );
      }
      expect(index.size).to.equal(2);
      expect(submitter.submitted).to.equal(2);
    });

    it('answers the same fields with their right wire type normally (the negative twin)', async function () {
      await start();
      await seedTwo();
      const right = await unary('GetEvent', encodeFields([{ no: 1, kind: 'varint', value: 2n }]));
      expect(right.code).to.equal(status.OK);
    });

    it('answers a uint32 above 2^32-1 with INVALID_ARGUMENT naming the field instead of truncating it', async function () {
      await start();
      const outcome = await stream(encodeFields([{ no: 7, kind: 'varint', value: 2n ** 32n + 100n }]));
      expect(outcome.code).to.equal(status.INVALID_ARGUMENT);
      expect(outcome.details).to.equal(
        'heartbeat_ms: got 4294967396, want a 32-bit unsigned integer (0 to 4294967295)',
      );
    });

    it('answers a truncated message with INVALID_ARGUMENT, not INTERNAL', async function () {
      await start();
      const outcome = await unary('GetHistory', Buffer.from([0x0a, 0x05, 0x61]));
      expect(outcome.code).to.equal(status.INVALID_ARGUMENT);
      expect(outcome.details).to.equal(
        'the request could not be decoded as a ledger.GetHistoryRequest: key: a length of 5 at byte 1 runs past the end of the message',
      );
    });
  });

  describe('metadata keys named like Object.prototype members', function () {
    it('stores and returns __proto__, constructor, prototype and hasOwnProperty exactly, through the journal and the index', async function () {
      await start();
      const sealed = await client.submitEvent({
        eventId: 'proto-keys',
        payload: Buffer.from('x'),
        vepsTimestamp: '1702234567890',
        metadata: PROTO_KEYS,
      });
      const found = await client.getEventById('proto-keys');
      const streamed = await new Promise<StreamItem__Output>((resolve, reject) => {
        const s = client.streamEvents({ fromSequence: 1, toSequence: 1 });
        s.once('data', (item: StreamItem__Output) => {
          resolve(item);
          s.cancel();
        });
        s.once('error', reject);
      });
      for (const metadata of [sealed.metadata, found.metadata, streamed.seal?.metadata ?? {}]) {
        expect(sortedEntries(metadata)).to.deep.equal(PROTO_ENTRIES);
      }
      expect(sortedEntries(index.get(1)?.metadata ?? {})).to.deep.equal(PROTO_ENTRIES);
      expect(Object.getPrototypeOf({})).to.equal(Object.prototype);
    });

    it('treats them as ordinary keys with VEPS verification on: signed, verified, stored and returned exactly', async function () {
      await start(loadVepsKeys([path.join(VEPS_DIR, 'keys')]));
      const fields = { eventId: 'proto-keys-veps', payload: Buffer.from('x'), vepsTimestamp: 1702234567890 };
      const vepsSignature = signVepsEvent(
        ED25519_PRIVATE,
        { ...fields, metadata: PROTO_KEYS },
        'veps-ed25519',
      );

      const sealed = await client.submitEvent({ ...fields, vepsSignature, metadata: PROTO_KEYS });
      const found = await client.getEventById('proto-keys-veps');

      expect(sortedEntries(sealed.metadata)).to.deep.equal(PROTO_ENTRIES);
      expect(sortedEntries(found.metadata)).to.deep.equal(PROTO_ENTRIES);
    });

    it('refuses with UNAUTHENTICATED a signature made without the __proto__ key (the key is signed, not dropped)', async function () {
      await start(loadVepsKeys([path.join(VEPS_DIR, 'keys')]));
      const fields = { eventId: 'proto-keys-twin', payload: Buffer.from('x'), vepsTimestamp: 1702234567890 };
      const withoutProto = Object.fromEntries(PROTO_ENTRIES.filter(([k]) => k !== '__proto__'));
      const vepsSignature = signVepsEvent(
        ED25519_PRIVATE,
        { ...fields, metadata: withoutProto },
        'veps-ed25519',
      );

      const err = await client.submitEvent({ ...fields, vepsSignature, metadata: PROTO_KEYS }).then(
        () => undefined,
        (e: unknown) => e as ServiceError,
      );

      expect(err?.code).to.equal(status.UNAUTHENTICATED);
      expect(index.size).to.equal(0);
    });
  });

  describe('sequence numbers above 2^53-1', function () {
    const HUGE = ['9007199254740991', '9007199254740992', '18446744073709551615'];

    it('answers GetEvent and GetInclusionProof beyond the tip with NOT_FOUND for any uint64', async function () {
      await start();
      await seedTwo();
      for (const seq of HUGE) {
        const body = encodeFields([{ no: 1, kind: 'varint', value: BigInt(seq) }]);
        for (const method of ['GetEvent', 'GetInclusionProof']) {
          const outcome = await unary(method, body);
          expect(outcome.code, `${method} ${seq}`).to.equal(status.NOT_FOUND);
          expect(outcome.details).to.equal(
            `sequence_number ${seq} is not sealed yet (last sequence number 2)`,
          );
        }
      }
    });

    it('answers sequence number 0 with INVALID_ARGUMENT and the tip itself with OK (the twins)', async function () {
      await start();
      await seedTwo();
      const zero = await unary('GetEvent', encodeFields([{ no: 1, kind: 'varint', value: 0n }]));
      const tip = await unary('GetInclusionProof', encodeFields([{ no: 1, kind: 'varint', value: 2n }]));
      expect(zero.code).to.equal(status.INVALID_ARGUMENT);
      expect(zero.details).to.match(/^sequence_number: got 0, want/);
      expect(tip.code).to.equal(status.OK);
    });

    it('answers a tree size or first size of 2^64-1 with INVALID_ARGUMENT naming the field and the current size', async function () {
      await start();
      await seedTwo();
      const max = 2n ** 64n - 1n;
      const proof = await unary(
        'GetInclusionProof',
        encodeFields([
          { no: 1, kind: 'varint', value: 1n },
          { no: 2, kind: 'varint', value: max },
        ]),
      );
      const consistency = await unary(
        'GetConsistencyProof',
        encodeFields([{ no: 1, kind: 'varint', value: max }]),
      );
      expect(proof.code).to.equal(status.INVALID_ARGUMENT);
      expect(proof.details).to.equal(
        'tree_size: got 18446744073709551615, want a tree size from 1 to the current size 2 (0 = current)',
      );
      expect(consistency.code).to.equal(status.INVALID_ARGUMENT);
      expect(consistency.details).to.equal(
        'first_size: got 18446744073709551615, want an integer from 1 to second_size 2',
      );
    });

    it('streams from a start of 2^64-1 as from any start beyond the tip: heartbeats, no error', async function () {
      await start();
      await seedTwo();
      const outcome = await stream(
        encodeFields([
          { no: 1, kind: 'varint', value: 2n ** 64n - 1n },
          { no: 7, kind: 'varint', value: 100n },
        ]),
        10_000,
      );
      expect(outcome.code).to.equal(status.CANCELLED);
      expect(outcome.items[0]?.control?.reason).to.equal('HEARTBEAT');
      expect(outcome.items[0]?.control?.lastSequence).to.equal(String(Number.MAX_SAFE_INTEGER - 1));
    });

    it('sends the sealed entries of a stream bounded at 2^64-1, then waits for more', async function () {
      await start();
      await seedTwo();
      const items: StreamItem__Output[] = [];
      await new Promise<void>((resolve, reject) => {
        const s = client.streamEvents({
          fromSequence: 1,
          toSequence: '18446744073709551615',
          heartbeatMs: 100,
        });
        s.on('data', (item: StreamItem__Output) => {
          items.push(item);
          if (item.control?.reason !== undefined) {
            s.cancel();
            resolve();
          }
        });
        s.on('error', (err: ServiceError) => {
          if (err.code !== status.CANCELLED) reject(err);
        });
      });
      expect(items.map((i) => i.seal?.sequenceNumber ?? i.control?.reason)).to.deep.equal([
        '1',
        '2',
        'HEARTBEAT',
      ]);
    });

    it('refuses a to_sequence below a from_sequence above 2^53-1 naming to_sequence', async function () {
      await start();
      const outcome = await stream(
        encodeFields([
          { no: 1, kind: 'varint', value: 2n ** 64n - 1n },
          { no: 2, kind: 'varint', value: 2n ** 60n },
        ]),
      );
      expect(outcome.code).to.equal(status.INVALID_ARGUMENT);
      expect(outcome.details).to.equal(
        'to_sequence: got 1152921504606846976, want 0 (unbounded) or at least from_sequence 18446744073709551615',
      );
    });
  });

  describe('arbitrary bytes (property)', function () {
    const METHODS = [
      'SubmitEvent',
      'GetEvent',
      'GetEventById',
      'HealthCheck',
      'GetDigest',
      'GetInclusionProof',
      'GetConsistencyProof',
      'GetHistory',
      'StreamEvents',
    ];
    /** The codes docs/gateway.md lists for these calls, for a gateway without keys or mTLS. */
    const DOCUMENTED = new Set<grpc.status>([
      status.OK,
      status.INVALID_ARGUMENT,
      status.NOT_FOUND,
      status.ALREADY_EXISTS,
      status.CANCELLED,
      status.DEADLINE_EXCEEDED,
    ]);
    const wireField: fc.Arbitrary<WireField> = fc.oneof(
      fc.record({
        no: fc.integer({ min: 1, max: 16 }),
        kind: fc.constant('varint' as const),
        value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
      }),
      fc.record({
        no: fc.integer({ min: 1, max: 16 }),
        kind: fc.constant('bytes' as const),
        value: fc.oneof(
          fc.uint8Array({ maxLength: 24 }),
          fc.constantFrom(...INVALID_UTF8),
          fc.string({ maxLength: 12 }).map((s) => Buffer.from(s, 'utf8')),
        ),
      }),
    );
    const body: fc.Arbitrary<Buffer> = fc.oneof(
      fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b)),
      fc.array(wireField, { maxLength: 6 }).map(encodeFields),
    );

    it('answers every RPC with a documented code, never INTERNAL, and a refused call writes nothing', async function () {
      await start();
      await seedTwo();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...METHODS), body, async (method, bytes) => {
          const before = index.size;
          const outcome = method === 'StreamEvents' ? await stream(bytes, 300) : await unary(method, bytes);
          expect(
            DOCUMENTED.has(outcome.code),
            `${method}: ${status[outcome.code]} ${outcome.details}`,
          ).to.equal(true);
          if (outcome.code === status.INVALID_ARGUMENT) expect(outcome.details).not.to.equal('');
          if (method === 'SubmitEvent' && outcome.code !== status.OK) expect(index.size).to.equal(before);
          if (method !== 'SubmitEvent') expect(index.size).to.equal(before);
        }),
        { numRuns: Number(process.env.FUZZ_HOSTILE_RUNS ?? 300) },
      );
    });
  });
});
