// Blocks 0-8 of the `ledger` channel of our own test network, as org1's peer delivered them (with the
// peers' validation flags; saved by test/integration/fabricArchive.spec.ts with
// FABRIC_ARCHIVE_FIXTURE_DIR): 0 the genesis configuration, 1-3 the chaincode's lifecycle (two
// approvals, the commit), 4-5 one Accounts:OpenAccount each by Org1's teller1, 6 a configuration
// update (a revoked user's CRL in Org1MSP), 7-8 one Accounts:OpenAccount each.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blockParts } from '@gateway/fabricArchive/blockParts';
import { genesisState, verifyBlock, type ChainState } from '@gateway/fabricArchive/verifyBlock';

export const CHANNEL = 'ledger';
export const FIXTURE_HEIGHT = 9;
/** The configuration update. */
export const CONFIG_UPDATE = 6;

/** The bytes of fixture block `n`. */
export function fixtureBlock(n: number): Uint8Array {
  return fs.readFileSync(path.join(__dirname, 'fixtures', `${String(n).padStart(10, '0')}.block`));
}

/** All fixture blocks, in order. */
export function fixtureBlocks(): Uint8Array[] {
  return Array.from({ length: FIXTURE_HEIGHT }, (_, n) => fixtureBlock(n));
}

/** The verification state after fixture blocks 0 .. n-1. */
export function stateBefore(n: number): ChainState {
  let state = genesisState(CHANNEL);
  for (let i = 0; i < n; i++) {
    const verdict = verifyBlock(fixtureBlock(i), state);
    if (!verdict.ok) throw new Error(`fixture block ${i} does not verify: ${verdict.failure.detail}`);
    state = verdict.next;
  }
  return state;
}

/** The decoded parts of fixture block `n` (or of given bytes). */
export function partsOf(bytes: Uint8Array): ReturnType<typeof blockParts> {
  return blockParts(bytes, -1);
}
