/**
 * Keeps the gateway's client trust equal to the channel's current configuration: reads the latest
 * configuration block through the gateway's own Fabric connection (cscc `GetConfigBlock`) at start,
 * then watches the peer's filtered block events and reads it again whenever a block with a valid
 * CONFIG transaction commits. An org voted out is refused from that block on; a new member accepted.
 * On a stream error it reopens from the next block (bounded backoff): no configuration block is
 * skipped.
 */
import type { Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import type { Logger } from '../logger';
import { changesConfig, channelTrustOfConfigBlock, type ChannelTrust } from '../security/channelTrust';

/** The trust in force, and how it changes. */
export interface TrustSource {
  /** The trust in force now. */
  current(): ChannelTrust;
  /** Calls `listener` with every new trust. */
  onChange(listener: (trust: ChannelTrust) => void): void;
  /** Stops following. */
  stop(): Promise<void>;
}

/**
 * A trust that never changes (explicit client CA files, not from a channel).
 *
 * @param trust - the trust.
 * @returns the source.
 */
export function fixedTrust(trust: ChannelTrust): TrustSource {
  return {
    current: () => trust,
    onChange: () => undefined,
    stop: () => Promise.resolve(),
  };
}

/** Options of {@link followChannelTrust}. */
export interface ChannelTrustFollowerOptions {
  readonly network: Pick<Network, 'getContract' | 'getFilteredBlockEvents'>;
  readonly channelName: string;
  readonly logger: Logger;
  /** Backoff bounds in ms (default 250..5000). */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How long the first read of the configuration may keep failing before start-up fails (default 60 s). */
  readonly startTimeoutMs?: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

const describeTrust = (trust: ChannelTrust): Record<string, unknown> => ({
  configBlock: trust.configBlock?.toString(),
  members: trust.members.map((m) => m.mspId),
  crls: trust.members.reduce((n, m) => n + m.crls.length, 0),
});

/**
 * Reads the channel's trust and follows its configuration changes.
 *
 * @param options - the Fabric network, channel name, logger.
 * @returns the source, once the current configuration is read.
 * @throws Error when the configuration cannot be read within `startTimeoutMs`.
 */
export async function followChannelTrust(
  options: Readonly<ChannelTrustFollowerOptions>,
): Promise<TrustSource> {
  const { network, channelName, logger } = options;
  const qscc = network.getContract('qscc');
  const cscc = network.getContract('cscc');
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const abort = new AbortController();
  /** A function, not a property read, so the compiler does not narrow it across awaits. */
  const stopped = (): boolean => abort.signal.aborted;
  const listeners: ((trust: ChannelTrust) => void)[] = [];
  const readTrust = async (): Promise<ChannelTrust> =>
    channelTrustOfConfigBlock(await cscc.evaluateTransaction('GetConfigBlock', channelName));
  const readHeight = async (): Promise<number> =>
    common.BlockchainInfo.deserializeBinary(
      await qscc.evaluateTransaction('GetChainInfo', channelName),
    ).getHeight();

  // The height first: a configuration block committed after it is seen by the block stream below.
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let first: { height: number; trust: ChannelTrust } | undefined;
  for (let backoff = minBackoff; first === undefined; backoff = Math.min(backoff * 2, maxBackoff)) {
    try {
      const height = await readHeight();
      first = { height, trust: await readTrust() };
    } catch (err) {
      if (Date.now() + backoff > deadline) {
        throw new Error(
          `could not read the configuration of channel '${channelName}': ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      logger.warn('channel configuration not readable yet; retrying', { err, backoffMs: backoff });
      await sleep(backoff);
    }
  }
  let trust = first.trust;
  let nextBlock = BigInt(first.height);
  logger.info('channel configuration applied', describeTrust(trust));

  /** Reads the configuration until it is at least the block that changed it. */
  const reload = async (changedAt: bigint): Promise<void> => {
    for (let backoff = minBackoff; !stopped(); backoff = Math.min(backoff * 2, maxBackoff)) {
      try {
        const next = await readTrust();
        if ((next.configBlock ?? 0n) >= changedAt) {
          trust = next;
          logger.info('channel configuration applied', describeTrust(trust));
          listeners.forEach((listener) => {
            listener(trust);
          });
          return;
        }
      } catch (err) {
        logger.warn('channel configuration not readable; retrying', { err, backoffMs: backoff });
      }
      await sleep(backoff, abort.signal);
    }
  };

  let closeStream: (() => void) | undefined;
  const run = async (): Promise<void> => {
    let backoff = minBackoff;
    while (!stopped()) {
      try {
        const blocks = await network.getFilteredBlockEvents({ startBlock: nextBlock });
        closeStream = () => {
          blocks.close();
        };
        if (stopped()) blocks.close();
        for await (const block of blocks) {
          backoff = minBackoff;
          const number = BigInt(block.getNumber());
          const transactions = block
            .getFilteredTransactionsList()
            .map((tx) => ({ type: tx.getType(), validationCode: tx.getTxValidationCode() }));
          if (changesConfig(transactions)) await reload(number);
          nextBlock = number + 1n;
        }
      } catch (err) {
        if (stopped()) break;
        logger.warn('block event stream failed; reopening', {
          err,
          fromBlock: nextBlock.toString(),
          backoffMs: backoff,
        });
      } finally {
        closeStream = undefined;
      }
      if (stopped()) break;
      await sleep(backoff, abort.signal);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  };
  const done = run();
  return {
    current: () => trust,
    onChange: (listener) => {
      listeners.push(listener);
    },
    stop: async () => {
      abort.abort();
      closeStream?.();
      await done;
    },
  };
}
