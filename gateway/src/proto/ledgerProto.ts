/**
 * The `ledger.ImmutableLedger` service definition, loaded at runtime from `gateway/proto/ledger.proto`:
 * the one piece of the wire contract that the server and the client library both need. It loads
 * neither Fabric nor SQLite.
 */
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from '../generated/ledger';

/** Path of the service definition, loaded at runtime (the same file the types are generated from). */
export const PROTO_PATH = path.resolve(__dirname, '..', '..', 'proto', 'ledger.proto');

/** Loader options matching the generated types (camelCase fields, int64 as decimal strings). */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Fully qualified service name. */
export const SERVICE_NAME = 'ledger.ImmutableLedger';

/**
 * Loads the `ledger` package definition.
 *
 * @returns the package definition (for a server's service) and the typed package (for a client's
 *   constructor).
 */
export function loadLedgerProto(): { definition: protoLoader.PackageDefinition; proto: ProtoGrpcType } {
  const definition = protoLoader.loadSync(PROTO_PATH, PROTO_LOADER_OPTIONS);
  return { definition, proto: grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType };
}
