// Property-based test of the gRPC API of a real gateway process on the test network: adversarial
// messages encoded by hand (invalid UTF-8, huge strings and maps, negative and overflowing numbers,
// wrong wire types) and random bytes as message bodies, for every ImmutableLedger method. Every call
// must end with a documented status code, the gateway must stay up, and a refused call must not move
// the journal. Then one case per hostile input of issue 14: each is refused with the documented code
// and a message naming the field, or (metadata keys, huge sequence numbers) answered exactly.
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import fc from 'fast-check';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { adversarialString, numberLike } from '@test-support/adversarial';
import { startDevGateway, type DevGateway } from '@test-support/gatewayProcess';
import { encodeFields, type WireField } from '@test-support/protoWire';
import { uniqueId } from '@test-support/testNetwork';

const SERVICE = '/ledger.ImmutableLedger/';
const { status } = grpc;

/** Codes docs/gateway.md lists for these calls; request bytes are never INTERNAL. */
const DOCUMENTED = new Set<grpc.status>([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.RESOURCE_EXHAUSTED,
  status.CANCELLED,
]);

interface Outcome {
  readonly code: grpc.status;
  readonly details: string;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Bytes for a string field: valid UTF-8 of an adversarial string, or raw bytes that are not UTF-8. */
const stringBytes = (known: readonly string[]): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { arbitrary: adversarialString(known, 8 * 1024).map(utf8), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        Buffer.from([0xff]),
        Buffer.from([0xc3, 0x28]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('ok\x80'),
      ),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 },
  );

/** A uint64/int64 field value: small, negative, huge, or from a number-like string. */
const numberValue: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: 12n }),
  fc.bigInt({ min: -(2n ** 63n), max: -1n }),
  fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 64n - 1n }),
  numberLike.map((s) => {
    try {
      return BigInt(s);
    } catch {
      return 0n;
    }
  }),
);

/** A field that is sometimes sent with the wrong wire type. */
function field(
  no: number,
  kind: 'varint' | 'bytes',
  bytes: fc.Arbitrary<Uint8Array>,
): fc.Arbitrary<WireField[]> {
  const right: fc.Arbitrary<WireField> =
    kind === 'varint'
      ? numberValue.map((value) => ({ no, kind, value }))
      : bytes.map((value) => ({ no, kind, value }));
  const wrong: fc.Arbitrary<WireField> =
    kind === 'varint'
      ? bytes.map((value) => ({ no, kind: 'bytes' as const, value }))
      : numberValue.map((value) => ({ no, kind: 'varint' as const, value }));
  return fc.oneof(
    { arbitrary: fc.constant<WireField[]>([]), weight: 1 },
    { arbitrary: right.map((f) => [f]), weight: 6 },
    { arbitrary: wrong.map((f) => [f]), weight: 1 },
  );
}

function certifiedEvent(): fc.Arbitrary<{ eventId: string; body: Buffer }> {
  const id = fc.oneof(
    { arbitrary: fc.constant('valid'), weight: 2 },
    { arbitrary: stringBytes([]).map((b) => Buffer.from(b).toString('latin1')), weight: 3 },
  );
  const payload = fc.oneof(
    { arbitrary: fc.uint8Array({ maxLength: 256 }), weight: 8 },
    {
      arbitrary: fc.integer({ min: 1024 * 1024 - 2, max: 1024 * 1024 + 2 }).map((n) => new Uint8Array(n)),
      weight: 1,
    },
  );
  const entry = fc.tuple(stringBytes(['k']), stringBytes(['v'])).map(([k, v]) =>
    encodeFields([
      { no: 1, kind: 'bytes', value: k },
      { no: 2, kind: 'bytes', value: v },
    ]),
  );
  const metadata = fc.oneof(
    fc.array(entry, { maxLength: 4 }),
    fc
      .integer({ min: 60, max: 200 })
      .map((n) =>
        Array.from({ length: n }, (_, i) => encodeFields([{ no: 1, kind: 'bytes', value: utf8(`k${i}`) }])),
      ),
  );
  const timestamp = fc.oneof(fc.constant(BigInt(Date.now())), numberValue);
  return fc
    .record({
      id,
      payload,
      signature: field(3, 'bytes', stringBytes([])),
      timestamp,
      wrongTimestampType: fc.boolean(),
      metadata,
    })
    .map((r) => {
      const eventId = r.id === 'valid' ? uniqueId('fuzz') : r.id;
      const fields: WireField[] = [
        { no: 1, kind: 'bytes', value: r.id === 'valid' ? utf8(eventId) : Buffer.from(r.id, 'latin1') },
        { no: 2, kind: 'bytes', value: r.payload },
        ...r.signature,
        r.wrongTimestampType
          ? { no: 4, kind: 'bytes', value: utf8(String(r.timestamp)) }
          : { no: 4, kind: 'varint', value: r.timestamp },
        ...r.metadata.map((value): WireField => ({ no: 5, kind: 'bytes', value })),
      ];
      return { eventId, body: encodeFields(fields) };
    });
}

const READ_METHODS: Readonly<Record<string, readonly ['varint' | 'bytes', number][]>> = {
  GetEvent: [['varint', 1]],
  GetEventById: [['bytes', 1]],
  GetInclusionProof: [
    ['varint', 1],
    ['varint', 2],
  ],
  GetConsistencyProof: [
    ['varint', 1],
    ['varint', 2],
  ],
  GetHistory: [
    ['bytes', 1],
    ['bytes', 2],
    ['bytes', 3],
    ['varint', 4],
    ['bytes', 5],
  ],
  GetDigest: [],
  HealthCheck: [],
};

function readRequest(): fc.Arbitrary<{ method: string; body: Buffer }> {
  return fc.constantFrom(...Object.keys(READ_METHODS)).chain((method) => {
    const spec = READ_METHODS[method] ?? [];
    const fields = spec.map(([kind, no]) => field(no, kind, stringBytes(['account', 'ACC-1'])));
    const structured = fc.tuple(...fields).map((fs) => encodeFields(fs.flat()));
    const random = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b));
    return fc
      .oneof({ arbitrary: structured, weight: 4 }, { arbitrary: random, weight: 1 })
      .map((body) => ({ method, body }));
  });
}

function streamRequest(): fc.Arbitrary<Buffer> {
  const fields = [
    field(1, 'varint', stringBytes([])),
    field(2, 'varint', stringBytes([])),
    field(3, 'varint', stringBytes([])),
    field(4, 'varint', stringBytes([])),
    fc.array(
      fc
        .constantFrom('event', 'transaction', 'bogus', '')
        .map((s): WireField => ({ no: 5, kind: 'bytes', value: utf8(s) })),
      { maxLength: 3 },
    ),
    field(6, 'bytes', stringBytes(['account', ''])),
    field(7, 'varint', stringBytes([])),
  ];
  const structured = fc.tuple(...fields).map((fs) => encodeFields(fs.flat()));
  return fc.oneof(
    { arbitrary: structured, weight: 4 },
    { arbitrary: fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b)), weight: 1 },
  );
}

describe('gateway gRPC API under random and adversarial input', function () {
  this.timeout(600_000);
  let dev: DevGateway;
  let raw: grpc.Client;
  const outcomes = new Map<string, number>();
  let cases = 0;
  const count = (method: string, code: grpc.status): void => {
    cases++;
    const key = `${method}:${code in status ? status[code] : String(code)}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  };
  const identity = (b: Buffer): Buffer => b;

  const unary = (method: string, body: Buffer): Promise<Outcome> =>
    new Promise((resolve) => {
      raw.makeUnaryRequest(
        SERVICE + method,
        identity,
        identity,
        body,
        { deadline: Date.now() + 90_000 },
        (err) => {
          resolve(err === null ? { code: status.OK, details: '' } : { code: err.code, details: err.details });
        },
      );
    });

  const stream = (body: Buffer, cancelAfterMs: number): Promise<Outcome> =>
    new Promise((resolve) => {
      const call = raw.makeServerStreamRequest(SERVICE + 'StreamEvents', identity, identity, body, {});
      const timer = setTimeout(() => {
        call.cancel();
      }, cancelAfterMs);
      call.on('data', () => undefined);
      call.on('error', (err: grpc.ServiceError) => {
        clearTimeout(timer);
        resolve({ code: err.code, details: err.details });
      });
      call.on('end', () => {
        clearTimeout(timer);
        resolve({ code: status.OK, details: '' });
      });
    });

  const lastSequence = async (): Promise<string> => (await dev.client.healthCheck()).lastSequenceNumber;

  const expectDocumented = (method: string, outcome: Outcome): void => {
    count(method, outcome.code);
    expect(DOCUMENTED.has(outcome.code), `${method}: ${status[outcome.code]} ${outcome.details}`).to.equal(
      true,
    );
    if (outcome.code === status.INVALID_ARGUMENT) expect(outcome.details, method).not.to.equal('');
    expect(dev.gateway.child.exitCode, 'gateway exited').to.equal(null);
  };

  before(async () => {
    dev = await startDevGateway('org1', 'fuzz');
    raw = new grpc.Client(dev.gateway.address, grpc.credentials.createInsecure());
    // One sealed event so reads and proofs have something to find.
    await dev.client.submitEvent({
      eventId: uniqueId('fuzz-seed'),
      payload: Buffer.from('seed'),
      vepsTimestamp: String(Date.now()),
    });
  });

  after(async () => {
    raw.close();
    const summary = [...outcomes]
      .sort()
      .map(([k, n]) => `${k}=${n}`)
      .join(' ');
    console.log(`      gRPC fuzz: ${cases} calls: ${summary}`);
    await dev.stop();
  });

  it('answers SubmitEvent with a documented code and moves the journal only for sealed events', async () => {
    await fc.assert(
      fc.asyncProperty(certifiedEvent(), async ({ body }) => {
        const before = await lastSequence();
        const outcome = await unary('SubmitEvent', body);
        expectDocumented('SubmitEvent', outcome);
        if (outcome.code !== status.OK)
          expect(await lastSequence(), `refused submit moved the journal: ${outcome.details}`).to.equal(
            before,
          );
      }),
      { numRuns: Number(process.env.FUZZ_GRPC_SUBMIT_RUNS ?? 200) },
    );
  });

  it('answers every read with a documented code and never moves the journal', async () => {
    await fc.assert(
      fc.asyncProperty(readRequest(), async ({ method, body }) => {
        const before = await lastSequence();
        expectDocumented(method, await unary(method, body));
        expect(await lastSequence(), `${method} moved the journal`).to.equal(before);
      }),
      { numRuns: Number(process.env.FUZZ_GRPC_READ_RUNS ?? 200) },
    );
  });

  it('answers StreamEvents with a documented code or a stream the client cancels', async () => {
    await fc.assert(
      fc.asyncProperty(streamRequest(), async (body) => {
        expectDocumented('StreamEvents', await stream(body, 400));
      }),
      { numRuns: Number(process.env.FUZZ_GRPC_STREAM_RUNS ?? 60) },
    );
  });

  it('refuses a message over the size limit with RESOURCE_EXHAUSTED and a method it does not have with UNIMPLEMENTED', async () => {
    const big = encodeFields([{ no: 2, kind: 'bytes', value: new Uint8Array(5 * 1024 * 1024) }]);
    const before = await lastSequence();

    const tooBig = await unary('SubmitEvent', big);
    const unknown = await unary('DropTables', Buffer.alloc(0));

    expect(tooBig.code).to.equal(status.RESOURCE_EXHAUSTED);
    expect(unknown.code).to.equal(status.UNIMPLEMENTED);
    expect(await lastSequence()).to.equal(before);
    count('SubmitEvent', tooBig.code);
    count('DropTables', unknown.code);
  });

  describe('hostile input is refused, never altered', () => {
    /** The byte sequences of issue 14: a cut-off sequence, an encoded lone surrogate, an overlong "/". */
    const INVALID_UTF8: readonly Buffer[] = [
      Buffer.from([0xc3, 0x28]),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from([0xc0, 0xaf]),
    ];
    const bytes = (no: number, value: Uint8Array): WireField => ({ no, kind: 'bytes', value });
    const num = (no: number, value: bigint): WireField => ({ no, kind: 'varint', value });
    const entry = (key: Uint8Array, value: Uint8Array): Buffer =>
      encodeFields([bytes(1, key), bytes(2, value)]);
    /** A valid SubmitEvent (fresh id, payload, timestamp) followed by `extra`. */
    const submitBody = (extra: readonly WireField[]): Buffer =>
      encodeFields([
        bytes(1, utf8(uniqueId('hostile'))),
        bytes(2, utf8('hostile payload')),
        num(4, BigInt(Date.now())),
        ...extra,
      ]);
    const send = (method: string, body: Buffer): Promise<Outcome> =>
      method === 'StreamEvents' ? stream(body, 30_000) : unary(method, body);
    const PROTO_KEYS = JSON.parse(
      '{"__proto__":"p","constructor":"c","prototype":"q","hasOwnProperty":"h"}',
    ) as Record<string, string>;
    const sortedEntries = (record: Readonly<Record<string, string>>): string[] =>
      Object.entries(record)
        .map(([k, v]) => `${k}=${v}`)
        .sort();

    const utf8Cases: readonly { method: string; field: string; body: (bad: Buffer) => Buffer }[] = [
      { method: 'SubmitEvent', field: 'event_id', body: (bad) => submitBody([bytes(1, bad)]) },
      { method: 'SubmitEvent', field: 'veps_signature', body: (bad) => submitBody([bytes(3, bad)]) },
      {
        method: 'SubmitEvent',
        field: 'metadata.key',
        body: (bad) => submitBody([bytes(5, entry(bad, utf8('v')))]),
      },
      {
        method: 'SubmitEvent',
        field: 'metadata.value',
        body: (bad) => submitBody([bytes(5, entry(utf8('k'), bad))]),
      },
      { method: 'GetEventById', field: 'event_id', body: (bad) => encodeFields([bytes(1, bad)]) },
      { method: 'GetHistory', field: 'key', body: (bad) => encodeFields([bytes(1, bad)]) },
      { method: 'GetHistory', field: 'record_type', body: (bad) => encodeFields([bytes(2, bad)]) },
      {
        method: 'GetHistory',
        field: 'record_id',
        body: (bad) => encodeFields([bytes(2, utf8('account')), bytes(3, bad)]),
      },
      {
        method: 'GetHistory',
        field: 'page_token',
        body: (bad) => encodeFields([bytes(1, utf8('/account/Org1MSP/ACC-1/')), bytes(5, bad)]),
      },
      {
        method: 'StreamEvents',
        field: 'entry_types',
        body: (bad) => encodeFields([num(2, 1n), bytes(5, bad)]),
      },
      {
        method: 'StreamEvents',
        field: 'key_prefix',
        body: (bad) => encodeFields([num(2, 1n), bytes(6, bad)]),
      },
    ];

    it('refuses invalid UTF-8 in every string field of every request with INVALID_ARGUMENT naming the field, and the tip does not move', async () => {
      const before = await lastSequence();
      for (const { method, field, body } of utf8Cases) {
        for (const bad of INVALID_UTF8) {
          const what = `${method} ${field} ${bad.toString('hex')}`;
          const outcome = await send(method, body(bad));
          count(method, outcome.code);
          expect(outcome.code, `${what}: ${outcome.details}`).to.equal(status.INVALID_ARGUMENT);
          expect(outcome.details, what).to.match(
            new RegExp(`^${field.replace('.', '\\.')}: got bytes that are not valid UTF-8 \\(`),
          );
          expect(await lastSequence(), `${what} moved the journal`).to.equal(before);
        }
      }
    });

    it('seals the negative twin, valid multibyte UTF-8 in the signature and metadata, exactly as sent', async () => {
      const before = Number(await lastSequence());
      const eventId = uniqueId('hostile-utf8');
      const metadata = { clé: 'valeur 😀', '\u{10ffff}': '\u0800' };

      const sealed = await dev.client.submitEvent({
        eventId,
        payload: Buffer.from('utf8'),
        vepsSignature: 'signature é 😀',
        vepsTimestamp: String(Date.now()),
        metadata,
      });
      const found = await dev.client.getEventById(eventId);

      expect(sealed.sequenceNumber).to.equal(String(before + 1));
      for (const seal of [sealed, found]) {
        expect(seal.vepsSignature).to.equal('signature é 😀');
        expect(sortedEntries(seal.metadata)).to.deep.equal(sortedEntries(metadata));
      }
    });

    const wireTypeCases: readonly { method: string; field: string; no: number; body: Buffer }[] = [
      { method: 'GetEvent', field: 'sequence_number', no: 1, body: encodeFields([bytes(1, utf8('1'))]) },
      {
        method: 'GetInclusionProof',
        field: 'sequence_number',
        no: 1,
        body: encodeFields([bytes(1, utf8('1'))]),
      },
      {
        method: 'GetConsistencyProof',
        field: 'second_size',
        no: 2,
        body: encodeFields([num(1, 1n), bytes(2, utf8('1'))]),
      },
      {
        method: 'SubmitEvent',
        field: 'veps_timestamp',
        no: 4,
        body: encodeFields([
          bytes(1, utf8(uniqueId('hostile-wt'))),
          bytes(2, utf8('p')),
          bytes(4, utf8(String(Date.now()))),
        ]),
      },
      {
        method: 'SubmitEvent',
        field: 'payload',
        no: 2,
        body: encodeFields([bytes(1, utf8(uniqueId('hostile-wt'))), num(2, 7n), num(4, BigInt(Date.now()))]),
      },
      { method: 'GetEventById', field: 'event_id', no: 1, body: encodeFields([num(1, 7n)]) },
      {
        method: 'GetHistory',
        field: 'page_size',
        no: 4,
        body: encodeFields([bytes(1, utf8('/account/Org1MSP/ACC-1/')), bytes(4, utf8('10'))]),
      },
      {
        method: 'StreamEvents',
        field: 'to_sequence',
        no: 2,
        body: encodeFields([num(1, 1n), bytes(2, utf8('1'))]),
      },
    ];

    it('refuses a field sent with the wrong wire type with INVALID_ARGUMENT saying the request could not be decoded, naming the field, and the tip does not move', async () => {
      const before = await lastSequence();
      for (const { method, field, no, body } of wireTypeCases) {
        const outcome = await send(method, body);
        count(method, outcome.code);
        expect(outcome.code, `${method} ${field}: ${outcome.details}`).to.equal(status.INVALID_ARGUMENT);
        expect(outcome.details, `${method} ${field}`).to.match(
          /^the request could not be decoded as a ledger\.\w+: /,
        );
        expect(outcome.details, `${method} ${field}`).to.include(`${field}: field ${no} got wire type`);
        expect(await lastSequence(), `${method} ${field} moved the journal`).to.equal(before);
      }
    });

    it('refuses a truncated message and a uint32 above 2^32-1 with INVALID_ARGUMENT naming the field, not INTERNAL', async () => {
      const before = await lastSequence();

      const truncated = await unary('GetHistory', Buffer.from([0x0a, 0x05, 0x61]));
      const overflow = await stream(encodeFields([num(2, 1n), num(7, 2n ** 32n + 100n)]), 30_000);

      expect(truncated.code).to.equal(status.INVALID_ARGUMENT);
      expect(truncated.details).to.equal(
        'the request could not be decoded as a ledger.GetHistoryRequest: key: a length of 5 at byte 1 runs past the end of the message',
      );
      expect(overflow.code).to.equal(status.INVALID_ARGUMENT);
      expect(overflow.details).to.equal(
        'heartbeat_ms: got 4294967396, want a 32-bit unsigned integer (0 to 4294967295)',
      );
      expect(await lastSequence()).to.equal(before);
      count('GetHistory', truncated.code);
      count('StreamEvents', overflow.code);
    });

    it('stores and returns the metadata keys __proto__, constructor, prototype and hasOwnProperty exactly', async () => {
      const before = Number(await lastSequence());
      const eventId = uniqueId('hostile-proto');

      const sealed = await dev.client.submitEvent({
        eventId,
        payload: Buffer.from('proto keys'),
        vepsTimestamp: String(Date.now()),
        metadata: PROTO_KEYS,
      });
      const found = await dev.client.getEventById(eventId);
      const byNumber = await dev.client.getEvent(sealed.sequenceNumber);

      const expected = ['__proto__=p', 'constructor=c', 'hasOwnProperty=h', 'prototype=q'];
      expect(sealed.sequenceNumber).to.equal(String(before + 1));
      for (const seal of [sealed, found, byNumber])
        expect(sortedEntries(seal.metadata)).to.deep.equal(expected);
    });

    it('answers GetEvent and GetInclusionProof for sequence numbers beyond the tip up to 2^64-1 with NOT_FOUND, and the tip does not move', async () => {
      const before = await lastSequence();
      for (const n of [2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n]) {
        for (const method of ['GetEvent', 'GetInclusionProof']) {
          const outcome = await unary(method, encodeFields([num(1, n)]));
          count(method, outcome.code);
          expect(outcome.code, `${method} ${n}: ${outcome.details}`).to.equal(status.NOT_FOUND);
          expect(outcome.details).to.include(`sequence_number ${n} is not sealed yet`);
        }
      }
      const tip = await unary('GetEvent', encodeFields([num(1, BigInt(before))]));
      expect(tip.code, 'the tip itself (the twin)').to.equal(status.OK);
      expect(await lastSequence()).to.equal(before);
    });

    it('streams from a start of 2^64-1 with heartbeats, as from any start beyond the tip', async () => {
      const first = await new Promise<StreamItem__Output>((resolve, reject) => {
        const call = dev.client.streamEvents({ fromSequence: '18446744073709551615', heartbeatMs: 100 });
        call.on('data', (item: StreamItem__Output) => {
          resolve(item);
          call.cancel();
        });
        call.on('error', (err: grpc.ServiceError) => {
          if (err.code !== status.CANCELLED) reject(err);
        });
      });

      expect(first.control?.reason).to.equal('HEARTBEAT');
      expect(first.control?.lastSequence).to.equal(String(Number.MAX_SAFE_INTEGER - 1));
      expect(first.seal ?? null).to.equal(null);
    });
  });

  it('is still serving after the fuzzing', async () => {
    const health = await dev.client.healthCheck();
    const sealed = await dev.client.submitEvent({
      eventId: uniqueId('fuzz-after'),
      payload: Buffer.from('after'),
      vepsTimestamp: String(Date.now()),
    });

    expect(health.healthy).to.equal(true);
    expect(sealed.sequenceNumber).to.equal(String(Number(health.lastSequenceNumber) + 1));
  });
});
