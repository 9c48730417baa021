import { status } from '@grpc/grpc-js';
import type { PackageDefinition, ServiceDefinition } from '@grpc/proto-loader';
import { expect } from 'chai';
import fc from 'fast-check';
import { guardedLedgerService, loadLedgerWireSchema } from '@gateway/server/gatewayServer';
import { loadLedgerProto, SERVICE_NAME } from '@gateway/proto/ledgerProto';
import { guardedService, RefusedRequest, refusalOf, UNDECODABLE_PREFIX } from '@gateway/server/requestGuard';
import { wireSchemaOf } from '@gateway/server/wireSchema';
import { encodeFields, type WireField } from '@test-support/protoWire';

function ledgerService(): ServiceDefinition {
  const service = loadLedgerProto().definition[SERVICE_NAME];
  if (service === undefined || 'format' in service) throw new Error('no service');
  return service;
}

/** Proto names of every field of a request type, nested ones as `outer.inner`. */
function fieldPaths(typeName: string, prefix = ''): string[] {
  const schema = loadLedgerWireSchema();
  return [...(schema.get(typeName)?.fields.values() ?? [])].flatMap((f) => {
    const name = prefix === '' ? f.name : `${prefix}.${f.name}`;
    return f.messageType === undefined ? [name] : [name, ...fieldPaths(f.messageType, name)];
  });
}

describe('requestGuard', function () {
  describe('#wireSchemaOf', function () {
    it('describes every request message of the proto with proto field names and kinds', function () {
      const schema = loadLedgerWireSchema();
      const event = schema.get('ledger.CertifiedEvent');
      expect([...(event?.fields ?? [])].map(([no, f]) => [no, f.name, f.kind, f.repeated])).to.deep.equal([
        [1, 'event_id', 'string', false],
        [2, 'payload', 'bytes', false],
        [3, 'veps_signature', 'string', false],
        [4, 'veps_timestamp', 'varint', false],
        [5, 'metadata', 'message', true],
      ]);
      const entryType = event?.fields.get(5)?.messageType ?? '';
      expect([...(schema.get(entryType)?.fields ?? [])].map(([no, f]) => [no, f.name, f.kind])).to.deep.equal(
        [
          [1, 'key', 'string'],
          [2, 'value', 'string'],
        ],
      );
      expect(schema.get('ledger.StreamEventsRequest')?.fields.get(7)).to.include({
        name: 'heartbeat_ms',
        kind: 'uint32',
      });
      expect(schema.get('ledger.StreamEventsRequest')?.fields.get(5)).to.include({
        name: 'entry_types',
        kind: 'string',
        repeated: true,
      });
    });

    it('refuses a descriptor that names a type it does not define', function () {
      const definition = {
        'x.A': {
          format: 'Protocol Buffer 3 DescriptorProto',
          type: {
            name: 'A',
            field: [{ name: 'b', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_MESSAGE', typeName: 'B' }],
            nestedType: [],
          },
          fileDescriptorProtos: [],
        },
      } as unknown as PackageDefinition;
      expect(() => wireSchemaOf(definition)).to.throw(Error, /type B used in x\.A is not defined/);
    });
  });

  describe('#refusalOf', function () {
    it('names the field, the bytes and where they are for invalid UTF-8', function () {
      const err = refusalOf(
        { kind: 'utf8', field: 'metadata.value', offset: 3, bytes: Buffer.from([0xed, 0xa0, 0x80]) },
        'ledger.CertifiedEvent',
      );
      expect(err.code).to.equal(status.INVALID_ARGUMENT);
      expect(err.message).to.equal(
        'metadata.value: got bytes that are not valid UTF-8 (ed a0 80 at byte 3 of the value), want valid UTF-8 (proto3 strings are UTF-8)',
      );
    });

    it('says the request could not be decoded, naming the type and the field when known', function () {
      const withField = refusalOf(
        { kind: 'malformed', field: 'sequence_number', reason: 'why' },
        'ledger.GetEventRequest',
      );
      const without = refusalOf(
        { kind: 'malformed', field: undefined, reason: 'why' },
        'ledger.GetEventRequest',
      );
      expect(withField.code).to.equal(status.INVALID_ARGUMENT);
      expect(withField.message).to.equal(
        'the request could not be decoded as a ledger.GetEventRequest: sequence_number: why',
      );
      expect(without.message).to.equal('the request could not be decoded as a ledger.GetEventRequest: why');
    });
  });

  describe('#guardedService', function () {
    it('refuses to start without a schema for a request type', function () {
      expect(() => guardedService(SERVICE_NAME, ledgerService(), new Map())).to.throw(
        Error,
        /no wire schema for ledger\.CertifiedEvent/,
      );
    });

    it('decodes a valid request exactly as the unguarded deserializer does', function () {
      const guarded = guardedLedgerService(loadLedgerProto().definition);
      const body = encodeFields([
        { no: 1, kind: 'bytes', value: Buffer.from('e-1') },
        { no: 3, kind: 'bytes', value: Buffer.from('sig é') },
        { no: 4, kind: 'varint', value: 1702234567890n },
      ]);
      expect(guarded.SubmitEvent?.requestDeserialize(body)).to.deep.equal(
        ledgerService().SubmitEvent?.requestDeserialize(body),
      );
    });

    it('keeps a __proto__ metadata key as an own key when decoding', function () {
      const guarded = guardedLedgerService(loadLedgerProto().definition);
      const entry = encodeFields([
        { no: 1, kind: 'bytes', value: Buffer.from('__proto__') },
        { no: 2, kind: 'bytes', value: Buffer.from('p') },
      ]);
      const decoded = guarded.SubmitEvent?.requestDeserialize(
        encodeFields([{ no: 5, kind: 'bytes', value: entry }]),
      ) as { metadata: Record<string, string> };
      expect(Object.keys(decoded.metadata)).to.deep.equal(['__proto__']);
      expect(Object.getOwnPropertyDescriptor(decoded.metadata, '__proto__')?.value).to.equal('p');
    });

    it('never throws on arbitrary bytes: a refusal is INVALID_ARGUMENT naming a request field or saying it could not be decoded, and what it accepts round-trips', function () {
      const guarded = guardedLedgerService(loadLedgerProto().definition);
      const methods = Object.entries(ledgerService()).map(([name, def]) => ({
        name,
        fields: fieldPaths(`ledger.${(def.requestType.type as { name: string }).name}`),
      }));
      const wireField: fc.Arbitrary<WireField> = fc.oneof(
        fc.record({
          no: fc.integer({ min: 1, max: 9 }),
          kind: fc.constant('varint' as const),
          value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
        }),
        fc.record({
          no: fc.integer({ min: 1, max: 9 }),
          kind: fc.constant('bytes' as const),
          value: fc.uint8Array({ maxLength: 16 }),
        }),
      );
      const body = fc.oneof(
        fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b)),
        fc.array(wireField, { maxLength: 6 }).map(encodeFields),
      );
      fc.assert(
        fc.property(fc.constantFrom(...methods), body, ({ name, fields }, bytes) => {
          const method = guarded[name];
          if (method === undefined) throw new Error(name);
          const decoded: unknown = method.requestDeserialize(bytes);
          if (decoded instanceof RefusedRequest) {
            expect(decoded.error.code).to.equal(status.INVALID_ARGUMENT);
            const named = fields.some((f) => decoded.error.message.startsWith(`${f}: got `));
            expect(
              named || decoded.error.message.startsWith(UNDECODABLE_PREFIX),
              decoded.error.message,
            ).to.equal(true);
            return;
          }
          const again: unknown = method.requestDeserialize(method.requestSerialize(decoded));
          expect(again).to.deep.equal(decoded);
        }),
        { numRuns: 3000 },
      );
    });
  });
});
