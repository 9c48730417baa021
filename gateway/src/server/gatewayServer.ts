/**
 * Wires the gateway together: one Fabric connection and client trust; per served channel its journal
 * (index → sequencer → chaincode event feed, batching submitter: channelJournal.ts); a gRPC server with
 * `ledger.ImmutableLedger` routed per call to its channel's journal (channelRouter.ts), `grpc.health.v1`
 * and server reflection. Owns the graceful shutdown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation } from 'grpc-health-check';
import { gatewayPeer, type GatewayConfig } from '../config';
import { connectAs, type FabricConnection } from '../fabric/connect';
import type { Logger } from '../logger';
import { newGatewayMetrics, type GatewayMetrics } from '../metrics/gatewayMetrics';
import type { DigestIdentity } from '../wire/ledgerDigest';
import { startMetricsServer, type MetricsServer } from '../metrics/metricsServer';
import { newReflectionService } from './reflection';
import { guardedService, newRefusedRequestInterceptor } from './requestGuard';
import { loadVepsKeys } from '../veps/vepsKeys';
import type { WireSchema } from './wireCheck';
import { wireSchemaOf } from './wireSchema';
import { newAdmissionGate } from '../security/admissionGate';
import { newMutualTlsCredentials, type MutualTlsCredentials } from '../security/mutualTlsCredentials';
import { securityFromConfig, trustOfCaFiles } from '../security/securityFromConfig';
import type { ChannelTrust } from '../security/channelTrust';
import { fixedTrust, followChannelTrust, type TrustSource } from '../fabric/channelTrustFollower';
import { orgLayout } from '../fabric/networkLayout';
import { loadLedgerProto, PROTO_LOADER_OPTIONS, PROTO_PATH, SERVICE_NAME } from '../proto/ledgerProto';
import { callChannelOf, channelRefusal, type ServedChannels } from '../security/callChannel';
import { openChannelJournal, type ChannelJournal, type SharedGatewayParts } from './channelJournal';
import { channelIndexFile } from './channelIndexFile';
import { routeByChannel } from './channelRouter';
import { channelsOfMember, readChannelsFolder } from '../fabric/channelsFolder';

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

/**
 * The channels served besides the main one: the `channels` setting, else the member channels of the
 * network's channels folder.
 */
function servedChannels(config: GatewayConfig, mspId: string): readonly string[] {
  if (config.channels !== null) return config.channels;
  const entries = readChannelsFolder(path.join(config.layout.runDir, 'channels'));
  return channelsOfMember(entries, mspId, config.layout.channelName);
}

/** The ids of keys for the start log line, or `none` when there are none. */
function keyIds(keys: readonly { readonly id: string }[], none: string): string | string[] {
  return keys.length === 0 ? none : keys.map((k) => k.id);
}

/**
 * Opens the journal of the main channel, then of each other served channel, into `journals`.
 *
 * @param onMainFatal - the main channel's sequencer stopped: the gateway's health. Another channel's
 *   failure shows in its own HealthCheck.
 * @throws Error of the first journal that does not open (those opened stay in `journals`).
 */
async function openJournals(
  config: GatewayConfig,
  shared: SharedGatewayParts,
  channels: readonly string[],
  trustSource: TrustSource | undefined,
  journals: Map<string, ChannelJournal>,
  logger: Logger,
  onMainFatal: () => void,
): Promise<void> {
  const mainName = config.layout.channelName;
  for (const name of [mainName, ...channels.filter((c) => c !== mainName)]) {
    const main = name === mainName;
    const journal = await openChannelJournal({
      shared,
      channelName: name,
      main,
      indexFile: channelIndexFile(config.indexFile, name, main),
      // The client trust is the main channel's membership when it follows the channel.
      trustSource: main && config.clientCas.length === 0 ? trustSource : undefined,
      logger: main ? logger : logger.child({ channel: name }),
      onFatal: main ? onMainFatal : () => undefined,
    });
    journals.set(name, journal);
  }
}

/** The served channels for the start log line. */
function describeChannels(journals: ReadonlyMap<string, ChannelJournal>, mainName: string): unknown[] {
  return [...journals.values()].map((j) => ({
    name: j.channelName,
    members: j.channelName === mainName ? undefined : [...j.members()],
    lastSequenceNumber: j.index.size,
  }));
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
  const channels = servedChannels(config, identity.mspId);
  if (config.insecure) {
    logger.warn('PLAINTEXT DEVELOPMENT MODE: no TLS, callers are not authenticated and may do everything', {
      mode: 'plaintext',
      authenticated: false,
    });
  }
  const vepsKeys = loadVepsKeys(config.vepsKeyPaths);
  const mainName = config.layout.channelName;
  const journals = new Map<string, ChannelJournal>();
  const metrics = newGatewayMetrics({
    // Read at scrape time, once the main channel's journal exists: the gauges are the main channel's.
    lastSequenceNumber: () => journals.get(mainName)?.index.size ?? 0,
    checkpointBlock: () => journals.get(mainName)?.index.checkpoint()?.blockNumber,
    openStreams: () => [...journals.values()].reduce((n, j) => n + j.openStreams(), 0),
    configBlock: () => trustSource?.current().configBlock,
  });
  const fabric: FabricConnection = connectAs({
    org: gatewayPeer(config),
    user: config.user,
    mspDir: config.userMspDir,
  });
  const mainNetwork = fabric.gateway.getNetwork(mainName);
  const { trustSource, tls } = await openTrust(config, mainNetwork, logger).catch((err: unknown) => {
    fabric.close();
    throw err;
  });
  const health = new HealthImplementation({ '': 'SERVING', [SERVICE_NAME]: 'SERVING' });
  let shuttingDown = false;
  const shared: SharedGatewayParts = {
    config,
    fabric,
    identity,
    vepsKeys,
    metrics,
    submitGate: newAdmissionGate(config.maxInFlightSubmits),
    submitBytesGate: newAdmissionGate(config.maxInFlightSubmitBytes),
    shuttingDown: () => shuttingDown,
  };
  const closeAll = async (): Promise<void> => {
    for (const journal of journals.values()) await journal.stop();
    await trustSource?.stop();
    fabric.close();
  };
  await openJournals(config, shared, channels, trustSource, journals, logger, () => {
    health.setStatus('', 'NOT_SERVING');
    health.setStatus(SERVICE_NAME, 'NOT_SERVING');
  }).catch(async (err: unknown) => {
    await closeAll();
    throw err;
  });
  const mainJournal = journals.get(mainName) as ChannelJournal;
  const credentials = tls?.credentials ?? grpc.ServerCredentials.createInsecure();
  const configBlock = (): bigint | undefined => trustSource?.current().configBlock;
  const { definition } = loadLedgerProto();
  const served: ServedChannels = new Map(
    [...journals.values()].filter((j) => j !== mainJournal).map((j) => [j.channelName, () => j.members()]),
  );
  const security = securityFromConfig(
    config,
    () => trustSource?.current() ?? { configBlock: undefined, members: [] },
    logger.child({ component: 'authz' }),
    metrics,
    (metadata, mspId) => channelRefusal(callChannelOf(metadata), mspId, mainName, served),
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
  const service = routeByChannel(
    mainName,
    new Map([...journals].map(([name, journal]) => [name, journal.handlers])),
    { logger: logger.child({ component: 'service' }), metrics },
  );
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
    endorsingOrganizations: mainJournal.endorsersNow(),
    channel: mainName,
    channels: describeChannels(journals, mainName),
    limits: {
      maxInFlightSubmits: config.maxInFlightSubmits,
      maxStreams: config.maxStreams,
      maxMessageBytes: config.maxMessageBytes,
    },
    mspId: identity.mspId,
    user: config.user,
    indexFile: config.indexFile,
    lastSequenceNumber: mainJournal.index.size,
    vepsKeys: keyIds(vepsKeys, 'none (signatures stored as given)'),
    consortiumVepsKeys: keyIds(
      mainJournal.consortiumVepsKeyIds().map((id) => ({ id })),
      'none (Governance:GetVepsKeys)',
    ),
    metrics: metricsServer === undefined ? 'off' : `http://127.0.0.1:${metricsServer.port}/metrics`,
  });

  const shutdown = async (): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info('shutting down', {
      pendingSubmits: [...journals.values()].reduce((n, j) => n + j.pendingSubmits(), 0),
    });
    health.setStatus('', 'NOT_SERVING');
    health.setStatus(SERVICE_NAME, 'NOT_SERVING');
    // Open streams never end by themselves: end them first, each told where to resume.
    for (const journal of journals.values()) journal.closeStreams();
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
    await closeAll();
    logger.info('gateway stopped', { lastSequenceNumber: mainJournal.index.size });
  };
  return { port, metricsPort: metricsServer?.port, shutdown };
}

export { describeStatus } from './channelJournal';
