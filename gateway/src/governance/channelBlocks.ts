import type { Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { readConfigBlock, type ConfigBlockSummary } from './configBlock';

/** Blocks of the channel as one peer has them, through its query system chaincode (qscc). */
export interface ChannelBlocks {
  /** The block at `blockNumber`, decoded; `null` when the peer does not have it. */
  configBlock(blockNumber: number): Promise<ConfigBlockSummary | null>;
  /** The channel's latest configuration block, as named by the peer's newest block. */
  latestConfigBlock(): Promise<ConfigBlockSummary>;
  /** Number of the block holding a transaction; `null` when the peer does not know it. */
  blockNumberOfTransaction(txId: string): Promise<number | null>;
}

/**
 * Reads blocks with `qscc GetChainInfo`, `GetBlockByNumber` and `GetBlockByTxID` on the connection's
 * peer (allowed to the channel's readers).
 *
 * @param network - The channel of a member's connection.
 * @returns The reader.
 */
export function newChannelBlocks(network: Pick<Network, 'getContract' | 'getName'>): ChannelBlocks {
  const qscc = network.getContract('qscc');
  const channel = network.getName();
  const blockAt = async (blockNumber: number): Promise<ConfigBlockSummary | null> => {
    try {
      return readConfigBlock(
        await qscc.evaluateTransaction('GetBlockByNumber', channel, String(blockNumber)),
      );
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  return {
    configBlock: blockAt,
    latestConfigBlock: async () => {
      const info = common.BlockchainInfo.deserializeBinary(
        await qscc.evaluateTransaction('GetChainInfo', channel),
      );
      const newest = await blockAt(info.getHeight() - 1);
      const index = newest?.isConfig === true ? newest.blockNumber : newest?.lastConfigBlockNumber;
      const config = index === undefined || index === null ? null : await blockAt(index);
      if (config === null || !config.isConfig) {
        throw new Error(`the peer names no configuration block for channel ${channel}`);
      }
      return config;
    },
    blockNumberOfTransaction: async (txId) => {
      try {
        return readConfigBlock(await qscc.evaluateTransaction('GetBlockByTxID', channel, txId)).blockNumber;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
  };
}

function isNotFound(err: unknown): boolean {
  const details = (err as { details?: readonly { message: string }[] }).details ?? [];
  const text = [err instanceof Error ? err.message : String(err), ...details.map((d) => d.message)].join(' ');
  return /not found|no such block|entry not found|beyond|out of range/i.test(text);
}
