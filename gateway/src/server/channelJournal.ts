/**
 * The journal of one channel as one gateway serves it: its index file, integrity guard, sequencer,
 * chaincode event feed, batching submitter, endorsing orgs, consortium VEPS keys, streams and the
 * `ledger.ImmutableLedger` handlers over them. The gateway opens one per channel it serves
 * (gatewayServer.ts) over its one Fabric connection; each has its own sequence numbers, chain and
 * digests.
 */
import type { VepsKey } from '../veps/vepsSignature';
import type { GatewayConfig } from '../config';
import type { FabricConnection } from '../fabric/connect';
import { followChannelTrust, type TrustSource } from '../fabric/channelTrustFollower';
import { newFabricJournalPort } from '../fabric/fabricJournalPort';
import { majorityEndorsers } from '../fabric/majorityEndorsers';
import type { ImmutableLedgerHandlers } from '../generated/ledger/ImmutableLedger';
import { openJournalIndex, type JournalIndex } from '../index/journalIndex';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../metrics/gatewayMetrics';
import { newAdmissionGate, type AdmissionGate } from '../security/admissionGate';
import { startEventFeed, type EventFeed } from '../sequencer/eventFeed';
import { newJournalSequencer } from '../sequencer/journalSequencer';
import { isGovernanceExecution, newConsortiumVepsKeys } from '../veps/consortiumVepsKeys';
import type { DigestIdentity } from '../wire/ledgerDigest';
import { newEventSubmitter } from './eventSubmitter';
import { adaptiveHistorySource, chaincodeHistorySource, transactionHistorySource } from './history';
import { newIntegrityGuard } from './integrityGuard';
import { DEFAULT_MAX_INFLIGHT_HISTORY, newLedgerService } from './ledgerService';
import { newStreamEventsHandler } from './streamEventsHandler';

type ChannelNetwork = ReturnType<FabricConnection['gateway']['getNetwork']>;

/** What every channel of one gateway shares. */
export interface SharedGatewayParts {
  readonly config: GatewayConfig;
  readonly fabric: FabricConnection;
  readonly identity: DigestIdentity;
  readonly vepsKeys: readonly VepsKey[];
  readonly metrics: GatewayMetrics;
  /** Admission of SubmitEvent calls and their bytes, across all channels. */
  readonly submitGate: AdmissionGate;
  readonly submitBytesGate: AdmissionGate;
  /** True once the gateway is stopping. */
  readonly shuttingDown: () => boolean;
}

/** Options of {@link openChannelJournal}. */
export interface ChannelJournalOptions {
  readonly shared: SharedGatewayParts;
  readonly channelName: string;
  /** The gateway's main channel: v2 digests; its client trust is `trustSource`. */
  readonly main: boolean;
  readonly indexFile: string;
  /**
   * The channel's members as the client trust follows them (main channel); undefined: the journal
   * follows its channel's configuration itself.
   */
  readonly trustSource: TrustSource | undefined;
  readonly logger: Logger;
  /** The sequencer stopped on a record it could not apply. */
  readonly onFatal: () => void;
}

/** One channel's journal, served. */
export interface ChannelJournal {
  readonly channelName: string;
  readonly index: JournalIndex;
  readonly handlers: ImmutableLedgerHandlers;
  /** The MSP ids of the channel's current members (its configuration). */
  members(): ReadonlySet<string>;
  /** The channel configuration block its membership comes from (undefined: none followed). */
  configBlock(): bigint | undefined;
  /** The orgs a journal transaction would ask now. */
  endorsersNow(): readonly string[];
  /** The chaincode event stream is open. */
  feedConnected(): boolean;
  /** Open StreamEvents calls. */
  readonly openStreams: () => number;
  /** The consortium VEPS key ids (for the start log line). */
  consortiumVepsKeyIds(): readonly string[];
  /** Submits not yet answered. */
  pendingSubmits(): number;
  /** Ends every open stream, each told where to resume. */
  closeStreams(): void;
  /** Stops the feed and the followers and closes the index (after the server stopped). */
  stop(): Promise<void>;
}

/** The endorsing orgs of journal transactions, as configured or following the channel. */
interface Endorsers {
  readonly orgs: readonly string[] | (() => readonly string[]);
  now(): readonly string[];
}

/**
 * The endorsing orgs: `endorsingOrganizations` when configured (on a channel other than the main one,
 * those of its members, else its majority), else the smallest majority of the channel's current
 * members, own org first ({@link majorityEndorsers}).
 */
function endorsersOf(
  configured: readonly string[] | null,
  main: boolean,
  ownMspId: string,
  membership: TrustSource,
): Endorsers {
  const majority = (): readonly string[] =>
    majorityEndorsers(
      ownMspId,
      membership.current().members.map((m) => m.mspId),
    );
  if (configured !== null && (main || configured.length === 0)) {
    return { orgs: configured, now: () => configured };
  }
  if (configured === null) return { orgs: majority, now: majority };
  const now = (): readonly string[] => {
    const members = new Set(membership.current().members.map((m) => m.mspId));
    const listed = configured.filter((msp) => members.has(msp));
    return listed.length === 0 ? majority() : listed;
  };
  return { orgs: now, now };
}

/**
 * Opens and starts one channel's journal.
 *
 * @param options - the shared parts, the channel, its index file and its membership.
 * @returns the journal, serving.
 * @throws Error when the index does not open or the channel's configuration cannot be read.
 */
export async function openChannelJournal(options: Readonly<ChannelJournalOptions>): Promise<ChannelJournal> {
  const { shared, channelName, logger } = options;
  const { config, identity, metrics } = shared;
  const index = openJournalIndex(options.indexFile);
  // Before anything reads or extends it: a corrupted index is served for nothing but plain reads.
  const integrity = newIntegrityGuard({ index, logger: logger.child({ component: 'integrity' }) });
  integrity.verifyAll();
  const sequencer = newJournalSequencer({ index, logger: logger.child({ component: 'sequencer' }) });
  const network: ChannelNetwork = shared.fabric.gateway.getNetwork(channelName);
  const contract = network.getContract(config.layout.chaincodeName);
  const qscc = network.getContract('qscc');
  const needsOwnFollower =
    options.trustSource === undefined && (!options.main || config.endorsingOrganizations === null);
  let membership: TrustSource | undefined = options.trustSource;
  if (needsOwnFollower) {
    membership = await followChannelTrust({
      network,
      channelName,
      logger: logger.child({ component: 'membership' }),
    }).catch((err: unknown) => {
      index.close();
      throw err;
    });
  }
  const endorsers: Endorsers =
    membership === undefined
      ? { orgs: config.endorsingOrganizations ?? [], now: () => config.endorsingOrganizations ?? [] }
      : endorsersOf(config.endorsingOrganizations, options.main, identity.mspId, membership);
  membership?.onChange(() => {
    logger.info('endorsing orgs follow the channel', { endorsingOrganizations: endorsers.now() });
  });
  let memberCache: { trust: unknown; members: ReadonlySet<string> } | undefined;
  const members = (): ReadonlySet<string> => {
    const trust = membership?.current();
    if (memberCache?.trust !== trust || memberCache === undefined) {
      memberCache = { trust, members: new Set(trust?.members.map((m) => m.mspId) ?? []) };
    }
    return memberCache.members;
  };
  let sequencerFailed = false;
  let feed: EventFeed | undefined = startEventFeed({
    network,
    chaincodeName: config.layout.chaincodeName,
    sequencer,
    logger: logger.child({ component: 'feed' }),
    onFatal: () => {
      sequencerFailed = true;
      options.onFatal();
    },
  });
  const consortiumVepsKeys = newConsortiumVepsKeys(
    () => contract.evaluateTransaction('Governance:GetVepsKeys'),
    logger.child({ component: 'veps-keys' }),
  );
  await consortiumVepsKeys.refresh();
  sequencer.onSeals((seals) => {
    if (seals.some(isGovernanceExecution)) void consortiumVepsKeys.refresh();
  });
  const submitter = newEventSubmitter({
    port: newFabricJournalPort(contract, {
      endorsingOrganizations: endorsers.orgs,
      logger: logger.child({ component: 'journal-port' }),
    }),
    sequencer,
    submitterMspId: identity.mspId,
    logger: logger.child({ component: 'submitter' }),
    windowMs: config.batchWindowMs,
    regroupWindowMs: config.regroupWindowMs,
    maxBatchEvents: config.maxBatchEvents,
    maxInFlight: config.maxInFlightTransactions,
    commitTimeoutMs: config.commitTimeoutMs,
    metrics,
    onVepsRefusal: () => {
      void consortiumVepsKeys.refresh();
    },
  });
  const streams = newStreamEventsHandler({
    index,
    seals: sequencer,
    logger: logger.child({ component: 'streams' }),
    metrics,
  });
  const configBlock = (): bigint | undefined => membership?.current().configBlock;
  // HealthCheck's channel_config_block is the block whose members the client trust comes from: none
  // (0) in plaintext development mode or with explicit client CA files, even where a follower of the
  // channel's members runs for the endorsing orgs.
  const trustsChannelMembers = !config.insecure && config.clientCas.length === 0;
  const trustConfigBlock = (): bigint | undefined => (trustsChannelMembers ? configBlock() : undefined);
  const handlers = newLedgerService({
    streams,
    index,
    submitter,
    identity,
    logger: logger.child({ component: 'service' }),
    sealTimeoutMs: config.sealTimeoutMs,
    vepsKeys: shared.vepsKeys,
    consortiumVepsKeys,
    metrics,
    submitGate: shared.submitGate,
    submitBytesGate: shared.submitBytesGate,
    maxStreams: config.maxStreams,
    historyGate: newAdmissionGate(DEFAULT_MAX_INFLIGHT_HISTORY),
    integrity,
    channelName,
    channelInDigest: !options.main,
    historyValues: adaptiveHistorySource(
      chaincodeHistorySource((name, args) => contract.evaluateTransaction(name, ...args)),
      transactionHistorySource(
        (txId) => qscc.evaluateTransaction('GetTransactionByID', channelName, txId),
        config.layout.chaincodeName,
      ),
    ),
    status: {
      healthy: () => !shared.shuttingDown() && feed?.connected === true,
      describe: () => describeStatus(shared.shuttingDown(), sequencerFailed, feed?.connected === true),
      configBlock: trustConfigBlock,
    },
  });
  return {
    channelName,
    index,
    handlers,
    members,
    configBlock,
    endorsersNow: () => endorsers.now(),
    feedConnected: () => feed?.connected === true,
    openStreams: () => streams.active,
    consortiumVepsKeyIds: () => consortiumVepsKeys.current().map((k) => k.id),
    pendingSubmits: () => submitter.pending,
    closeStreams: () => {
      streams.closeAll();
    },
    stop: async () => {
      await feed?.stop();
      feed = undefined;
      if (needsOwnFollower) await membership?.stop();
      index.close();
      logger.info('channel journal stopped', { lastSequenceNumber: sequencer.lastSequenceNumber });
    },
  };
}

/**
 * The gateway's status word for HealthCheck.
 *
 * @param shuttingDown - stop was requested.
 * @param sequencerFailed - the sequencer stopped on a record it could not apply.
 * @param connected - the chaincode event stream is open.
 * @returns `SHUTTING_DOWN`, `SEQUENCER_FAILED`, `SERVING` or `CONNECTING`.
 */
export function describeStatus(shuttingDown: boolean, sequencerFailed: boolean, connected: boolean): string {
  if (shuttingDown) return 'SHUTTING_DOWN';
  if (sequencerFailed) return 'SEQUENCER_FAILED';
  return connected ? 'SERVING' : 'CONNECTING';
}
