/**
 * `@fabric-ledger/gateway`: the typed client of `ledger.ImmutableLedger` with offline verification, the
 * pure proof and digest code it relies on, and the Fabric connection helpers. Compiled to
 * `gateway/dist/index.js` by `npm run build`; it reaches the chaincode only through
 * `@fabric-ledger/chaincode/shared`.
 */
export * from './client/ledgerClient';
export * from './client/memberConnection';
export * from './core';
export type { CertifiedEvent } from './generated/ledger/CertifiedEvent';
export type { SealedEvent__Output as SealedEvent } from './generated/ledger/SealedEvent';
export type { LedgerDigest__Output as LedgerDigestAnswer } from './generated/ledger/LedgerDigest';
export { connectAs, type FabricConnection } from './fabric/connect';
export { networkLayout, type NetworkLayout } from './fabric/networkLayout';
