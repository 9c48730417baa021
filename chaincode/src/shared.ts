/**
 * The chaincode's pure, shared code: everything the gateway and the `ledger` CLI must agree on with the
 * chaincode, defined once. The gateway imports it as `@fabric-ledger/chaincode/shared` (compiled to
 * `dist/shared.js`, the package's `exports` entry), never through `src/`; a lint rule refuses deep
 * imports across packages. No module here touches the Fabric contract runtime or any I/O, in the way
 * fabric-chaincode-node keeps its pure `apis/` apart from its runtime.
 *
 * - canonical JSON and SHA-256: the bytes every hash is taken over;
 * - the journal record codec and its limits (event ids, payload sizes, `vepsTimestamp`);
 * - the world-state key layout (prefixes, composite and printable keys, imported-record keys);
 * - the closed list of error codes and the parser of `[CODE] text` messages;
 * - id and MSP id patterns;
 * - VEPS signatures and keys;
 * - voting arithmetic and the governance model (records, views, limits).
 */
export * from './lib/canonicalJson';
export * from './lib/errors';
export * from './lib/importRecord';
export * from './lib/journal';
export * from './lib/keys';
export * from './lib/privateTerms';
export * from './lib/sha256';
export * from './lib/validate';
export * from './lib/vepsSignature';
export * from './lib/voting';
export * from './model/governance';
export * from './model/governanceLimits';
