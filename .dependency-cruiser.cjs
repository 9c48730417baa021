// Dependency rules of the chaincode and the gateway, checked by `npm run lint` (dependency-cruiser).
// Paths are relative to the folder the cruise runs from (the repository root); docs/architecture.md,
// "Dependency rules", says why each rule exists.

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
        'gateway/src/client/ and gateway/src/security/ are used by the server, not the other way round: they ' +
        'must not import gateway/src/server/. Move the shared piece to a module both can import ' +
        '(gateway/src/proto/ for the service definition, gateway/src/core/ for pure code).',
      from: { path: '^gateway/src/(client|security)/' },
      to: { path: '^gateway/src/server/' },
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
