/**
 * Server reflection for `ledger.ImmutableLedger` and `grpc.health.v1.Health`, so grpcurl works with no
 * proto file. protobufjs names a map field's entry type after the field ("Metadata") where protoc
 * and Go's protobuf require "<Field>Entry" ("MetadataEntry"); grpcurl rejects the former, so the file
 * descriptors are repaired before they are served.
 */
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as HEALTH_PROTO_PATH } from 'grpc-health-check';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor';

interface DescriptorField {
  name?: string;
  typeName?: string;
}
interface DescriptorMessage {
  name?: string;
  field?: DescriptorField[];
  nestedType?: DescriptorMessage[];
  options?: { mapEntry?: boolean };
}
interface DescriptorFile {
  package?: string;
  messageType?: DescriptorMessage[];
}

function camel(name: string): string {
  return name.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function repairMessage(message: DescriptorMessage, scope: string): void {
  const fullName = `${scope}.${message.name ?? ''}`;
  for (const nested of message.nestedType ?? []) {
    if (nested.options?.mapEntry !== true) {
      repairMessage(nested, fullName);
      continue;
    }
    const field = message.field?.find(
      (f) => f.typeName === nested.name || f.typeName?.endsWith(`.${nested.name ?? ''}`),
    );
    if (field?.name === undefined) continue;
    nested.name = `${camel(field.name)}Entry`;
    field.typeName = `${fullName}.${nested.name}`;
  }
}

/** Re-encodes file descriptors with protoc's map entry names. */
function repairDescriptors(files: readonly Buffer[]): Buffer[] {
  return files.map((bytes) => {
    const decoded = FileDescriptorProto.decode(bytes);
    const file = decoded as unknown as DescriptorFile;
    for (const message of file.messageType ?? []) repairMessage(message, `.${file.package ?? ''}`);
    return Buffer.from(FileDescriptorProto.encode(decoded).finish());
  });
}

/**
 * Builds the reflection service over the ledger proto and the health proto.
 *
 * @param ledgerProtoPath - path of ledger.proto.
 * @returns the service, ready for `addToServer`.
 */
export function newReflectionService(ledgerProtoPath: string): ReflectionService {
  const definition = protoLoader.loadSync([ledgerProtoPath, HEALTH_PROTO_PATH], {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
  });
  for (const value of Object.values(definition)) {
    if ('fileDescriptorProtos' in value) {
      const holder = value as { fileDescriptorProtos: Buffer[] };
      holder.fileDescriptorProtos = repairDescriptors(holder.fileDescriptorProtos);
    }
  }
  return new ReflectionService(definition);
}
