/**
 * Wires the gateway together: index → sequencer → chaincode event feed, Fabric connection → batching
 * submitter, gRPC server with `ledger.ImmutableLedger`, `grpc.health.v1` and server reflection. Owns
 * the graceful shutdown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation } from 'grpc-health-check';
import { gatewayPeer, type GatewayConfig } from '../config';
import { connectAs, type FabricConnection } from '../fabric/connect';
import { openJournalIndex, type JournalIndex } from '../index/journalIndex';
import type { Logger } from '../logger';
import { startEventFeed, type EventFeed } from '../sequencer/eventFeed';
import { newJournalSequencer } from '../sequencer/journalSequencer';
import { newEventSubmitter } from './eventSubmitter';
import { newFabricJournalPort } from '../fabric/fabricJournalPort';
import { adaptiveHistorySource, chaincodeHistorySource, transactionHistorySource } from './history';
import { newGatewayMetrics, type GatewayMetrics } from '../metrics/gatewayMetrics';
import { newIntegrityGuard } from './integrityGuard';
import { newStreamEventsHandler } from './streamEventsHandler';
import { DEFAULT_MAX_INFLIGHT_HISTORY, newLedgerService } from './ledgerService';
import type { DigestIdentity } from '../wire/ledgerDigest';
import { startMetricsServer, type MetricsServer } from '../metrics/metricsServer';
import { newReflectionService } from './reflection';
import { guardedService, newRefusedRequestInterceptor } from './requestGuard';
import { isGovernanceExecution, newConsortiumVepsKeys } from '../veps/consortiumVepsKeys';
import { loadVepsKeys } from '../veps/vepsKeys';
import type { WireSchema } from './wireCheck';
import { wireSchemaOf } from './wireSchema';
import { newAdmissionGate } from '../security/admissionGate';
import { newMutualTlsCredentials, type MutualTlsCredentials } from '../security/mutualTlsCredentials';
import { securityFromConfig, trustOfCaFiles } from '../security/securityFromConfig';
import type { ChannelTrust } from '../security/channelTrust';
import { fixedTrust, followChannelTrust, type TrustSource } from '../fabric/channelTrustFollower';
import { majorityEndorsers } from '../fabric/majorityEndorsers';
import { orgLayout } from '../fabric/networkLayout';
import { loadLedgerProto, PROTO_LOADER_OPTIONS, PROTO_PATH, SERVICE_NAME } from '../proto/ledgerProto';

/** A running gateway. */
export interface RunningGateway {
  /** The port actually bound. */
  readonly port: number;
  /** The port of `/metrics` on 127.0.0.1, or undefined when it is off (or could not be bound). */
  readonly metricsPort: number | undefined;
  /** Graceful shutdown; resolves when everything is closed. */
  shutdown(): Promise<void>;
}

/** The wire schema of every message of the proto (loaded with the proto's own field names). */
export function loadLedgerWireSchema(): WireSchema {
  return wireSchemaOf(protoLoader.loadSync(PROTO_PATH, { ...PROTO_LOADER_OPTIONS, keepCase: true }));
}

/**
 * `ledger.ImmutableLedger` with request deserializers that refuse, rather than alter, a request that
 * does not decode without loss (see `requestGuard.ts`).
 */
export function guardedLedgerService(definition: protoLoader.PackageDefinition): grpc.ServiceDefinition {
  const service = definition[SERVICE_NAME];
  if (service === undefined || 'format' in service) throw new Error(`${SERVICE_NAME} is not a service`);
  return guardedService(SERVICE_NAME, service, loadLedgerWireSchema());
}

/** The root CA certificates of every trusted member, concatenated (named in the TLS request). */
function clientCaPem(trust: ChannelTrust, fallback: Buffer): Buffer {
  const pems = trust.members.flatMap((m) => [...m.rootCerts, ...m.intermediateCerts]);
  return pems.length === 0 ? fallback : Buffer.from(pems.join('\n'));
}

/**
 * TLS server credentials that ask every client for a certificate (checked per call by the
 * authorization interceptor against `trust`).
 *
 * @throws Error naming the setting when the server certificate or key cannot be read.
 */
function serverCredentials(config: GatewayConfig, trust: ChannelTrust): MutualTlsCredentials {
  const read = (file: string, setting: string): Buffer => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new Error(
        `${setting}: cannot read ${file} (${err instanceof Error ? err.message : String(err)}); the org gateway's TLS certificate comes from network/crypto.sh, or use --dev for plaintext development mode`,
      );
    }
  };
  const certificatePem = read(config.tlsCertFile, 'LEDGER_GATEWAY_TLS_CERT');
  const privateKeyPem = read(config.tlsKeyFile, 'LEDGER_GATEWAY_TLS_KEY');
  return newMutualTlsCredentials({
    certificatePem,
    privateKeyPem,
    clientCaPem: clientCaPem(trust, certificatePem),
  });
}

/** Where the client trust comes from: explicit CA files, else the channel configuration (followed). */
async function trustSourceOf(
  config: GatewayConfig,
  network: Parameters<typeof followChannelTrust>[0]['network'],
  logger: Logger,
): Promise<TrustSource | undefined> {
  if (config.insecure) return undefined;
  if (config.clientCas.length > 0) return fixedTrust(trustOfCaFiles(config.clientCas));
  return followChannelTrust({ network, channelName: config.layout.channelName, logger });
}

/** The endorsing orgs of journal transactions, as configured or following the channel. */
interface Endorsers {
  /** What the journal port asks: the configured list, or a function of the channel's members now. */
  readonly orgs: readonly string[] | (() => readonly string[]);
  /** The orgs a transaction would ask now (for the log). */
  now(): readonly string[];
  /** Stops the channel follower this opened, if any. */
  stop(): Promise<void>;
}

/**
 * The endorsing orgs: `endorsingOrganizations` when configured, else the smallest majority of the
 * channel's current members, own org first ({@link majorityEndorsers}), read from the trust follower
 * when client trust comes from the channel or from a follower of its own otherwise.
 */
async function openEndorsers(
  config: GatewayConfig,
  network: Parameters<typeof followChannelTrust>[0]['network'],
  trustSource: TrustSource | undefined,
  ownMspId: string,
  logger: Logger,
): Promise<Endorsers> {
  const configured = config.endorsingOrganizations;
  if (configured !== null) return { orgs: configured, now: () => configured, stop: () => Promise.resolve() };
  const ownFollower = config.insecure || config.clientCas.length > 0;
  const membership =
    !ownFollower && trustSource !== undefined
      ? trustSource
      : await followChannelTrust({
          network,
          channelName: config.layout.channelName,
          logger: logger.child({ component: 'membership' }),
        });
  const now = (): readonly string[] =>
    majorityEndorsers(
      ownMspId,
      membership.current().members.map((m) => m.mspId),
    );
  membership.onChange(() => {
    logger.info('endorsing orgs follow the channel', { endorsingOrganizations: now() });
  });
  return { orgs: now, now, stop: () => (membership === trustSource ? Promise.resolve() : membership.stop()) };
}

function loadDigestIdentity(config: GatewayConfig): DigestIdentity {
  const org = orgLayout(config.layout, config.org);
  const mspDir = config.userMspDir;
  const keyDir = path.join(mspDir, 'keystore');
  const keys = fs.readdirSync(keyDir).sort();
  const keyFile = keys.includes('key.pem') ? 'key.pem' : keys[0];
  if (keyFile === undefined) throw new Error(`no private key in ${keyDir}`);
  return {
    mspId: org.mspId,
    certificatePem: fs.readFileSync(path.join(mspDir, 'signcerts', 'cert.pem'), 'utf8'),
    privateKeyPem: fs.readFileSync(path.join(keyDir, keyFile), 'utf8'),
  };
}

/**
 * Starts `/metrics` unless disabled. A port that cannot be bound is logged and the gateway serves on
 * without metrics: a scrape endpoint must not keep the ledger down.
 */
async function startMetrics(
  config: GatewayConfig,
  metrics: GatewayMetrics,
  logger: Logger,
): Promise<MetricsServer | undefined> {
  if (config.metricsPort === 0) return undefined;
  try {
    return await startMetricsServer({
      host: config.metricsHost,
      port: config.metricsPort,
      render: () => metrics.render(),
    });
  } catch (err) {
    logger.warn('metrics endpoint not started; serving without /metrics', {
      port: config.metricsPort,
      reason: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  }
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => {
      if (err === null) resolve(port);
      else reject(err);
    });
  });
}

/**
 * The client trust and the TLS credentials that follow it; neither in plaintext mode.
 *
 * @throws Error when the trust or the TLS certificate cannot be read.
 */
async function openTrust(
  config: GatewayConfig,
  network: Parameters<typeof followChannelTrust>[0]['network'],
  logger: Logger,
): Promise<{ trustSource: TrustSource | undefined; tls: MutualTlsCredentials | undefined }> {
  const trustSource = await trustSourceOf(config, network, logger.child({ component: 'trust' }));
  if (trustSource === undefined) return { trustSource, tls: undefined };
  try {
    const tls = serverCredentials(config, trustSource.current());
    const serverPem = fs.readFileSync(config.tlsCertFile);
    trustSource.onChange((trust) => {
      tls.setClientCas(clientCaPem(trust, serverPem));
    });
    return { trustSource, tls };
  } catch (err) {
    await trustSource.stop();
    throw err;
  }
}

/** The ids of keys for the start log line, or `none` when there are none. */
function keyIds(keys: readonly { readonly id: string }[], none: string): string | string[] {
  return keys.length === 0 ? none : keys.map((k) => k.id);
}

/**
 * Starts the gateway.
 *
 * @param config - the configuration.
 * @param logger - the logger.
 * @returns the running gateway.
 */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const identity = loadDigestIdentity(config);
  if (config.insecure) {
    logger.warn('PLAINTEXT DEVELOPMENT MODE: no TLS, callers are not authenticated and may do everything', {
      mode: 'plaintext',
      authenticated: false,
    });
  }
  const vepsKeys = loadVepsKeys(config.vepsKeyPaths);
  const index: JournalIndex = openJournalIndex(config.indexFile);
  // Before anything reads or extends it: a corrupted index is served for nothing but plain reads.
  const integrity = newIntegrityGuard({ index, logger: logger.child({ component: 'integrity' }) });
  integrity.verifyAll();
  const metrics = newGatewayMetrics({
    lastSequenceNumber: () => index.size,
    checkpointBlock: () => index.checkpoint()?.blockNumber,
    // Read at scrape time, once the streams below exist.
    openStreams: () => streams.active,
    configBlock: () => trustSource?.current().configBlock,
  });
  const sequencer = newJournalSequencer({ index, logger: logger.child({ component: 'sequencer' }) });
  const fabric: FabricConnection = connectAs({
    org: gatewayPeer(config),
    user: config.user,
    mspDir: config.userMspDir,
  });
  const network = fabric.gateway.getNetwork(config.layout.channelName);
  const contract = network.getContract(config.layout.chaincodeName);
  const qscc = network.getContract('qscc');
  const { trustSource, tls } = await openTrust(config, network, logger).catch((err: unknown) => {
    fabric.close();
    index.close();
    throw err;
  });
  const endorsers = await openEndorsers(config, network, trustSource, identity.mspId, logger).catch(
    async (err: unknown) => {
      await trustSource?.stop();
      fabric.close();
      index.close();
      throw err;
    },
  );
  const credentials = tls?.credentials ?? grpc.ServerCredentials.createInsecure();
  const configBlock = (): bigint | undefined => trustSource?.current().configBlock;
  const health = new HealthImplementation({ '': 'SERVING', [SERVICE_NAME]: 'SERVING' });
  let shuttingDown = false;
  /** Set when the sequencer failed (e.g. an undecodable journal record): sealing has stopped. */
  let sequencerFailed = false;
  let feed: EventFeed | undefined;
  feed = startEventFeed({
    network,
    chaincodeName: config.layout.chaincodeName,
    sequencer,
    logger: logger.child({ component: 'feed' }),
    onFatal: () => {
      sequencerFailed = true;
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(SERVICE_NAME, 'NOT_SERVING');
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
  const service = newLedgerService({
    streams,
    index,
    submitter,
    identity,
    logger: logger.child({ component: 'service' }),
    sealTimeoutMs: config.sealTimeoutMs,
    vepsKeys,
    consortiumVepsKeys,
    metrics,
    submitGate: newAdmissionGate(config.maxInFlightSubmits),
    submitBytesGate: newAdmissionGate(config.maxInFlightSubmitBytes),
    maxStreams: config.maxStreams,
    historyGate: newAdmissionGate(DEFAULT_MAX_INFLIGHT_HISTORY),
    integrity,
    historyValues: adaptiveHistorySource(
      chaincodeHistorySource((name, args) => contract.evaluateTransaction(name, ...args)),
      transactionHistorySource(
        (txId) => qscc.evaluateTransaction('GetTransactionByID', config.layout.channelName, txId),
        config.layout.chaincodeName,
      ),
    ),
    status: {
      healthy: () => !shuttingDown && feed?.connected === true,
      describe: () => describeStatus(shuttingDown, sequencerFailed, feed?.connected === true),
      configBlock,
    },
  });
  const { definition } = loadLedgerProto();
  const security = securityFromConfig(
    config,
    () => trustSource?.current() ?? { configBlock: undefined, members: [] },
    logger.child({ component: 'authz' }),
    metrics,
  );
  const refusals = newRefusedRequestInterceptor((callPath, error) => {
    const method = callPath.slice(callPath.lastIndexOf('/') + 1);
    metrics.callFailed(method, error.code);
    if (method === 'SubmitEvent') metrics.submitFinished(error.code);
    logger.debug('request refused', { method, reason: error.message });
  });
  const server = new grpc.Server({
    'grpc.max_receive_message_length': config.maxMessageBytes,
    // Channelz bookkeeping (call counters, traces per call) costs about 3 % of the gateway's CPU at
    // 1,000 SubmitEvent calls/s, and nothing here reads it.
    'grpc.enable_channelz': 0,
    // After authentication, so an unauthenticated caller learns nothing about its request's bytes.
    interceptors: [...security.interceptors, refusals],
  });
  server.addService(guardedLedgerService(definition), service);
  health.addToServer(server);
  newReflectionService(PROTO_PATH).addToServer(server);
  const port = await bind(server, `${config.host}:${config.port}`, credentials);
  const metricsServer = await startMetrics(config, metrics, logger);
  logger.info('gateway serving', {
    address: `${config.host}:${port}`,
    peer: config.peerEndpoint,
    tls: !config.insecure,
    mode: config.insecure ? 'PLAINTEXT (development)' : 'mTLS',
    clientAuth: security.describe,
    channelConfigBlock: configBlock()?.toString(),
    members: trustSource?.current().members.map((m) => m.mspId),
    endorsingOrganizations: endorsers.now(),
    limits: {
      maxInFlightSubmits: config.maxInFlightSubmits,
      maxStreams: config.maxStreams,
      maxMessageBytes: config.maxMessageBytes,
    },
    mspId: identity.mspId,
    user: config.user,
    indexFile: config.indexFile,
    lastSequenceNumber: index.size,
    vepsKeys: keyIds(vepsKeys, 'none (signatures stored as given)'),
    consortiumVepsKeys: keyIds(consortiumVepsKeys.current(), 'none (Governance:GetVepsKeys)'),
    metrics: metricsServer === undefined ? 'off' : `http://127.0.0.1:${metricsServer.port}/metrics`,
  });

  const shutdown = async (): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info('shutting down', { pendingSubmits: submitter.pending });
    health.setStatus('', 'NOT_SERVING');
    health.setStatus(SERVICE_NAME, 'NOT_SERVING');
    // Open streams never end by themselves: end them first, each told where to resume.
    streams.closeAll();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logger.warn('grace period over; cutting remaining calls', { timeoutMs: config.shutdownTimeoutMs });
        server.forceShutdown();
        resolve();
      }, config.shutdownTimeoutMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    await metricsServer?.close();
    await feed?.stop();
    feed = undefined;
    await trustSource?.stop();
    await endorsers.stop();
    fabric.close();
    index.close();
    logger.info('gateway stopped', { lastSequenceNumber: sequencer.lastSequenceNumber });
  };
  return { port, metricsPort: metricsServer?.port, shutdown };
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
