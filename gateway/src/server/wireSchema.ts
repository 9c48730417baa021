/**
 * Builds the {@link WireSchema} of every message of a proto-loader package definition from its
 * descriptors, so that the request check covers every field of every message (nested and map entry
 * types included) without a hand-written list. Load the definition with `keepCase: true` so that
 * fields carry their proto names. Pure: no I/O.
 */
import type { PackageDefinition } from '@grpc/proto-loader';
import type { WireField, WireKind, WireMessage, WireSchema } from './wireCheck';

const KIND_OF_TYPE: Readonly<Record<string, WireKind>> = {
  TYPE_STRING: 'string',
  TYPE_BYTES: 'bytes',
  TYPE_MESSAGE: 'message',
  TYPE_UINT64: 'varint',
  TYPE_INT64: 'varint',
  TYPE_SINT64: 'varint',
  TYPE_BOOL: 'varint',
  TYPE_UINT32: 'uint32',
  TYPE_SINT32: 'uint32',
  TYPE_INT32: 'int32',
  TYPE_ENUM: 'int32',
  TYPE_FIXED64: 'fixed64',
  TYPE_SFIXED64: 'fixed64',
  TYPE_DOUBLE: 'fixed64',
  TYPE_FIXED32: 'fixed32',
  TYPE_SFIXED32: 'fixed32',
  TYPE_FLOAT: 'fixed32',
};

const MESSAGE_FORMAT = 'Protocol Buffer 3 DescriptorProto';

interface FieldDescriptor {
  readonly name: string;
  readonly number: number;
  readonly repeated: boolean;
  readonly type: string;
  readonly typeName: string;
}

interface MessageDescriptor {
  readonly name: string;
  readonly fields: readonly FieldDescriptor[];
  readonly nested: readonly MessageDescriptor[];
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`proto descriptor: ${what} is not a string`);
  return value;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
}

function readField(value: unknown, owner: string): FieldDescriptor {
  if (!isRecord(value)) throw new Error(`proto descriptor: a field of ${owner} is not an object`);
  const name = text(value.name, `a field name of ${owner}`);
  const number = value.number;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw new Error(`proto descriptor: field ${owner}.${name} has no field number`);
  }
  return {
    name,
    number,
    repeated: value.label === 'LABEL_REPEATED',
    type: text(value.type, `the type of ${owner}.${name}`),
    typeName: typeof value.typeName === 'string' ? value.typeName : '',
  };
}

function readMessage(value: unknown): MessageDescriptor {
  if (!isRecord(value)) throw new Error('proto descriptor: a message type is not an object');
  const name = text(value.name, 'a message name');
  return {
    name,
    fields: list(value.field).map((f) => readField(f, name)),
    nested: list(value.nestedType).map(readMessage),
  };
}

/** Resolves a (possibly relative) type name the way protobuf scopes do, innermost scope first. */
function resolve(typeName: string, scope: string, known: ReadonlySet<string>): string {
  if (typeName.startsWith('.')) return typeName.slice(1);
  const parts = scope.split('.');
  for (let n = parts.length; n >= 0; n -= 1) {
    const candidate = [...parts.slice(0, n), typeName].join('.');
    if (known.has(candidate)) return candidate;
  }
  throw new Error(`proto descriptor: type ${typeName} used in ${scope} is not defined`);
}

/**
 * The wire schema of every message type of a package definition.
 *
 * @param definition - from `protoLoader.loadSync(file, {keepCase: true, …})`.
 * @returns message types by fully qualified name, nested types as `Outer.Inner`.
 * @throws Error when a descriptor is malformed or names a type that is not defined.
 */
export function wireSchemaOf(definition: PackageDefinition): WireSchema {
  const descriptors = new Map<string, MessageDescriptor>();
  const add = (fullName: string, message: MessageDescriptor): void => {
    descriptors.set(fullName, message);
    for (const nested of message.nested) add(`${fullName}.${nested.name}`, nested);
  };
  for (const [fullName, value] of Object.entries(definition)) {
    const entry: unknown = value;
    if (isRecord(entry) && entry.format === MESSAGE_FORMAT) add(fullName, readMessage(entry.type));
  }
  const known = new Set(descriptors.keys());
  const schema = new Map<string, WireMessage>();
  for (const [fullName, message] of descriptors) {
    const fields = new Map<number, WireField>();
    for (const f of message.fields) {
      const kind = KIND_OF_TYPE[f.type];
      if (kind === undefined) throw new Error(`proto descriptor: ${fullName}.${f.name} has type ${f.type}`);
      fields.set(f.number, {
        name: f.name,
        kind,
        repeated: f.repeated,
        ...(kind === 'message' ? { messageType: resolve(f.typeName, fullName, known) } : {}),
      });
    }
    schema.set(fullName, { fields });
  }
  return schema;
}
