/**
 * Verifies one block of a Fabric channel given what the blocks before it established: its number
 * follows, its previous hash is the header hash of the block before, its data hash is the SHA-256 of
 * its envelopes, the orderer signed it (with an identity of an orderer org of the configuration that
 * validates it), the configuration block it names is the one in force, and its transactions' signatures
 * hold (transactionChecks.ts). A configuration block is validated with the configuration before it (as
 * Fabric's peers do) and puts its own configuration in force from its own height on. Pure.
 */
import { toHex } from '../core';
import { ArchiveVerificationError, type ArchiveFailure } from './archiveFailure';
import { blockDataHash, blockHeaderHash } from './blockHashes';
import { blockParts, type BlockParts } from './blockParts';
import { configInForce, type ConfigInForce } from './channelMsps';
import { checkOrdererSignatures, ordererMetadata } from './ordererSignatures';
import { checkTransactions } from './transactionChecks';
import { configOfBlock } from '../security/channelTrust';

/** One line of the archive's index: what a verified block is. */
export interface BlockIndexEntry {
  readonly number: number;
  /** Hex SHA-256 of the header (what the next block names as previous hash). */
  readonly headerHash: string;
  readonly dataHash: string;
  readonly previousHash: string;
  /** True for a configuration block. */
  readonly config: boolean;
  /** The configuration block in force (the orderer's last_config.index). */
  readonly lastConfig: number;
  readonly transactions: number;
  /** Valid transactions per the peer's flags; null for a block as the orderer cut it (no flags). */
  readonly validTransactions: number | null;
  /** Who signed the block for the ordering service (`MSP: subject`); empty for the genesis block. */
  readonly ordererSigners: readonly string[];
}

/** What the blocks before the next one established. */
export interface ChainState {
  readonly channel: string;
  /** The number the next block must have. */
  readonly nextNumber: number;
  /** The header hash of the block before (undefined before the genesis block). */
  readonly previousHeaderHash: Uint8Array | undefined;
  /** The configuration in force (undefined before the genesis block). */
  readonly config: ConfigInForce | undefined;
}

/** The verdict on one block. */
export type BlockVerdict =
  | { readonly ok: true; readonly entry: BlockIndexEntry; readonly next: ChainState }
  | { readonly ok: false; readonly failure: ArchiveFailure };

/**
 * The state before the genesis block of a channel.
 *
 * @param channel - the channel name every transaction must carry.
 * @returns the initial state.
 */
export function genesisState(channel: string): ChainState {
  return { channel, nextNumber: 0, previousHeaderHash: undefined, config: undefined };
}

function checkLink(parts: BlockParts, state: ChainState): void {
  const fail = (field: string, detail: string, blockNumber = parts.number): never => {
    throw new ArchiveVerificationError({ blockNumber, field, detail });
  };
  if (parts.number !== state.nextNumber) {
    if (parts.number > state.nextNumber) {
      fail(
        'number',
        `block ${state.nextNumber} is missing: the next block is ${parts.number}`,
        state.nextNumber,
      );
    }
    fail('number', `got block ${parts.number}, want block ${state.nextNumber}`, state.nextNumber);
  }
  const computedData = blockDataHash(parts.envelopes);
  if (toHex(computedData) !== toHex(parts.dataHash)) {
    fail(
      'dataHash',
      `SHA-256 of the block data is ${toHex(computedData)}, the header says ${toHex(parts.dataHash)}`,
    );
  }
  const expectedPrevious = state.previousHeaderHash ?? new Uint8Array(0);
  if (toHex(parts.previousHash) !== toHex(expectedPrevious)) {
    fail(
      'previousHash',
      `the header says ${toHex(parts.previousHash) || '(empty)'}, the header hash of block ${parts.number - 1} is ${toHex(expectedPrevious) || '(none: genesis)'}`,
    );
  }
}

function newConfigOf(bytes: Uint8Array, blockNumber: number): ConfigInForce {
  try {
    return configInForce(configOfBlock(bytes).config, blockNumber);
  } catch (err) {
    // ChannelConfigError (the block's config does not decode) or ChannelMspError (an MSP does not).
    const detail = err instanceof Error ? err.message : String(err);
    throw new ArchiveVerificationError({ blockNumber, field: 'config', detail });
  }
}

/** The orderer's last_config.index names the configuration block in force (the block itself for a config block). */
function checkLastConfig(blockNumber: number, named: number | undefined, inForce: number): void {
  if (named === undefined && blockNumber > 0) {
    throw new ArchiveVerificationError({
      blockNumber,
      field: 'lastConfig',
      detail: 'the SIGNATURES metadata names no configuration block',
    });
  }
  if (named !== undefined && named !== inForce) {
    throw new ArchiveVerificationError({
      blockNumber,
      field: 'lastConfig',
      detail: `the orderer names configuration block ${named}, the one in force is block ${inForce}`,
    });
  }
}

function verifyOrThrow(bytes: Uint8Array, state: ChainState): { entry: BlockIndexEntry; next: ChainState } {
  const parts = blockParts(bytes, state.nextNumber);
  checkLink(parts, state);
  const metadata = ordererMetadata(parts);
  const signers =
    state.config === undefined ? [] : checkOrdererSignatures(parts, metadata, state.config.orderer);
  const summary = checkTransactions(parts, { channel: state.channel, config: state.config });
  if (state.config === undefined && !summary.isConfig) {
    throw new ArchiveVerificationError({
      blockNumber: parts.number,
      field: 'config',
      detail: 'the first block of the channel is not a configuration (genesis) block',
    });
  }
  const config = summary.isConfig ? newConfigOf(bytes, parts.number) : state.config;
  const inForce = config?.blockNumber ?? 0;
  checkLastConfig(parts.number, metadata.lastConfig, inForce);
  const headerHash = blockHeaderHash(parts);
  return {
    entry: {
      number: parts.number,
      headerHash: toHex(headerHash),
      dataHash: toHex(parts.dataHash),
      previousHash: toHex(parts.previousHash),
      config: summary.isConfig,
      lastConfig: inForce,
      transactions: summary.transactions,
      validTransactions: summary.valid ?? null,
      ordererSigners: signers,
    },
    next: { channel: state.channel, nextNumber: parts.number + 1, previousHeaderHash: headerHash, config },
  };
}

/**
 * Verifies the next block of a channel.
 *
 * @param bytes - the serialized common.Block.
 * @param state - what the blocks before it established ({@link genesisState} for block 0).
 * @returns ok with the block's index entry and the state after it, or the first failure.
 */
export function verifyBlock(bytes: Uint8Array, state: ChainState): BlockVerdict {
  try {
    return { ok: true, ...verifyOrThrow(bytes, state) };
  } catch (err) {
    if (err instanceof ArchiveVerificationError) return { ok: false, failure: err.failure };
    return {
      ok: false,
      failure: {
        blockNumber: state.nextNumber,
        field: 'block',
        detail: err instanceof Error ? err.message : String(err),
      },
    };
  }
}
