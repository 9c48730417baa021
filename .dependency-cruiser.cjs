// Dependency rules of the chaincode and the gateway, checked by `npm run lint` (dependency-cruiser).
// Paths are relative to the folder the cruise runs from (the repository root); docs/architecture.md,
// "Dependency rules", says why each rule exists.
//
// Layers of gateway/src, lowest first. A module may import modules of its own layer and of the layers
// below it, never of a layer above (rules `layer-*` and `no-upward-import-from-server` below):
//   1. core/ (pure: hashes, Merkle trees, digests, the seal record, the seal's leaf) and generated/
//      (types generated from gateway/proto/ledger.proto).
//   2. proto/ and wire/: the wire contract. The service definition and the errors it answers with
//      (proto/), one builder per wire message (wire/). Both the server and the client can take them.
//   3. The libraries: index/, sequencer/, security/, fabric/ (every Fabric adapter, the journal port
//      among them), metrics/, veps/, client/, receipt/, export/, audit/, governance/, migration/,
//      qldb/, fabricArchive/, topology/, and config*.ts, logger.ts.
//   4. server/: the running gateway (RPC handlers and their one call adapter, the batching submitter,
//      streams, history, integrity guard, wiring).
//   5. cli/ and index.ts: the entry points (the `ledger` commands, the package's API).
// Layer 3 is not ordered inside: its folders form no import cycle (no-circular) but may use each other.

/**
 * Node modules that do I/O or reach the host: files, sockets, processes, threads, the terminal, the
 * environment (`crypto` is pure and allowed).
 */
const NODE_IO_MODULES = [
  'child_process',
  'cluster',
  'dgram',
  'dns',
  'fs',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'process',
  'readline',
  'repl',
  'tls',
  'tty',
  'worker_threads',
];

/** npm packages that talk to Fabric, gRPC or SQLite. */
const IO_PACKAGES = '@grpc/[^/]+|@hyperledger/[^/]+|fabric-[^/]+|better-sqlite3|grpc-health-check';

/** A module inside node_modules whose package name matches one of `names` (a regex alternation). */
function npmPackage(names) {
  return `(^|/)node_modules/(${names})/`;
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle in the chaincode or the gateway: modules of a cycle cannot be understood, tested ' +
        'or loaded one without the other. Move what both sides need to a third module.',
      from: { path: '^(gateway|chaincode)/src/' },
      to: { circular: true },
    },
    {
      name: 'gateway-reaches-chaincode-through-shared',
      severity: 'error',
      comment:
        'The gateway uses the chaincode only through its pure shared module (@fabric-ledger/chaincode/shared, ' +
        'chaincode/src/shared.ts): the contracts, the Fabric contract runtime and the rest of chaincode/src ' +
        'stay out of the gateway. Export what the gateway needs from chaincode/src/shared.ts.',
      from: { path: '^gateway/src/' },
      to: { path: '^chaincode/', pathNot: '^chaincode/src/shared\\.ts$' },
    },
    {
      name: 'no-upward-import-from-server',
      severity: 'error',
      comment:
        'gateway/src/server/ (layer 4) is used by the entry points only (cli/, the server command): no ' +
        'library, not client/, security/ or core/, may import it. Move the shared piece down (proto/ ' +
        'or wire/ for the wire contract, core/ for pure code, the folder of the adapter for a port).',
      from: { path: '^gateway/src/', pathNot: '^gateway/src/(server|cli)/' },
      to: { path: '^gateway/src/server/' },
    },
    {
      name: 'layer-core-imports-only-core',
      severity: 'error',
      comment:
        'gateway/src/core/ is the lowest layer: it imports nothing of the gateway outside core/ (the ' +
        'types generated from the proto excepted).',
      from: { path: '^gateway/src/core/' },
      to: { path: '^gateway/src/', pathNot: '^gateway/src/(core|generated)/' },
    },
    {
      name: 'layer-wire-contract-imports-only-below',
      severity: 'error',
      comment:
        'gateway/src/proto/ and gateway/src/wire/ (layer 2, the wire contract) import only core/, ' +
        'generated/ and each other, so that the client and the server can both take them.',
      from: { path: '^gateway/src/(proto|wire)/' },
      to: { path: '^gateway/src/', pathNot: '^gateway/src/(core|generated|proto|wire)/' },
    },
    {
      name: 'layer-entry-points-on-top',
      severity: 'error',
      comment:
        'gateway/src/cli/ (layer 5) is imported by nothing but itself: what a library needs of a ' +
        'command lives in the library (the progress line in progress/, the verified archive type in ' +
        'fabricArchive/).',
      from: { path: '^gateway/src/', pathNot: '^gateway/src/cli/' },
      to: { path: '^gateway/src/cli/' },
    },
    {
      name: 'client-loads-without-fabric-or-sqlite',
      severity: 'error',
      comment:
        'The client library must load without better-sqlite3 and @hyperledger/fabric-gateway: nothing ' +
        'gateway/src/client/ imports, directly or through other modules, may reach them.',
      from: { path: '^gateway/src/client/' },
      to: { path: npmPackage('better-sqlite3|@hyperledger/fabric-gateway'), reachable: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'gateway/src/core/ is pure code (hashes, Merkle trees, digests): no file, network or process ' +
        'I/O, no gRPC, Fabric or SQLite, directly or through other modules.',
      from: { path: '^gateway/src/core/' },
      to: {
        path: [`^(node:)?(${NODE_IO_MODULES.join('|')})(/|$)`, npmPackage(IO_PACKAGES)],
        reachable: true,
      },
    },
  ],
  options: {
    // Type-only imports count: a cycle or an upward import in the types is one in the design.
    tsPreCompilationDeps: true,
    // Workspace packages (@fabric-ledger/chaincode) resolve to their source, so their imports count.
    preserveSymlinks: false,
    doNotFollow: { path: 'node_modules' },
    // The gateway's tsconfig maps @fabric-ledger/chaincode/shared to chaincode/src/shared.ts (source),
    // as type checking does; the build resolves it to the compiled chaincode/dist/shared.js.
    tsConfig: { fileName: require('node:path').join(__dirname, 'gateway', 'tsconfig.json') },
  },
};
