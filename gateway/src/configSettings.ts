/**
 * The gateway's settings, declared once: per setting its config-file key, environment variable,
 * flag, typed default, parser and meaning. The loader (config.ts), `--help` and the settings table of
 * docs/gateway.md (configDocs.ts, checked by a unit test) are all derived from {@link SETTING_TABLE}.
 */
import * as path from 'node:path';
import {
  DEFAULT_CHAINCODE_NAME,
  DEFAULT_CHANNEL_NAME,
  defaultOrg,
  peerOrgNames,
  type NetworkLayout,
  type PeerOrg,
  orgLayout,
} from './fabric/networkLayout';
import {
  bool,
  channelList,
  clientCaList,
  endpoint,
  filePath,
  host,
  int,
  mspList,
  oneOf,
  optStr,
  pathList,
  str,
  type ClientCaFile,
  type Parser,
} from './configParsers';
import type { LogLevel } from './logger';

/**
 * The gateway's settings; the meaning of each field is the `doc` of its row in {@link SETTING_TABLE}
 * (a compile-time check makes every field but `layout` have exactly one row).
 */
export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  /** Plaintext gRPC without client authentication: development mode only. */
  readonly insecure: boolean;
  readonly tlsCertFile: string;
  readonly tlsKeyFile: string;
  readonly tlsClientCaFile?: string;
  /** Trusted client CAs by MSP id; empty: the members of the current channel configuration. */
  readonly clientCas: readonly ClientCaFile[];
  /** JSON authorization table; undefined = the built-in default. */
  readonly authorizationFile?: string;
  readonly maxInFlightSubmits: number;
  readonly maxInFlightSubmitBytes: number;
  readonly maxStreams: number;
  readonly maxMessageBytes: number;
  readonly org: PeerOrg;
  readonly user: string;
  /** The user's MSP folder: signcerts/cert.pem and keystore/ (its signing identity). */
  readonly userMspDir: string;
  readonly peerEndpoint: string;
  readonly peerHostAlias: string;
  readonly peerTlsCaFile: string;
  readonly indexFile: string;
  /**
   * The channels served besides the main one; `null`: those of `$NETWORK_RUN_DIR/channels/` whose
   * members include the org's MSP id, read at start.
   */
  readonly channels: readonly string[] | null;
  readonly batchWindowMs: number;
  readonly regroupWindowMs: number;
  readonly maxBatchEvents: number;
  readonly maxInFlightTransactions: number;
  readonly commitTimeoutMs: number;
  /**
   * MSP ids that endorse journal transactions in parallel (empty: the peer chooses); `null`: the
   * smallest majority of the channel's current members, own org first, following the channel.
   */
  readonly endorsingOrganizations: readonly string[] | null;
  readonly sealTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
  /** PEM files or folders of `*.pem` files with VEPS public keys (Ed25519, ECDSA P-256). */
  readonly vepsKeyPaths: readonly string[];
  readonly metricsHost: string;
  /** Port of the Prometheus `/metrics` endpoint; 0 = no endpoint. */
  readonly metricsPort: number;
  /** Channel, chaincode and the orgs' MSP ids and folders of the network (network/env.sh). */
  readonly layout: NetworkLayout;
  /** The settings given by a flag, the environment or the config file (not defaulted). */
  readonly given?: ReadonlySet<string>;
}

/** The fields of {@link GatewayConfig} that are settings (every one but `layout` and `given`). */
export type SettingField = Exclude<keyof GatewayConfig, 'layout' | 'given'>;

/** What a derived default may read: the network layout and the other settings' values. */
export interface DefaultContext {
  readonly layout: NetworkLayout;
  /** The value of another setting (resolved on demand). */
  value<K extends SettingField>(field: K): GatewayConfig[K];
}

/**
 * A default: a typed value (shown as itself, or as `text` when given), or one derived from the
 * network layout or other settings (shown as `text`).
 */
export type SettingDefault<T> =
  | { readonly value: T; readonly text?: string }
  | { readonly derive: (context: DefaultContext) => T; readonly text: string };

/** One setting. */
export interface Setting<T> {
  /** Config-file key; also the name in error messages. */
  readonly key: string;
  /** Older config-file keys still read, after `key`. */
  readonly keyAliases?: readonly string[];
  /** Environment variable. */
  readonly env: string;
  /** Other environment variables read, after `env`, in this order. */
  readonly envAliases?: readonly string[];
  /** Command-line flag(s) of `ledger-gateway` that set it, as documented (e.g. `--port N`). */
  readonly flag?: string;
  readonly default: SettingDefault<T>;
  readonly parse: Parser<T>;
  /** Meaning, for `--help` and docs/gateway.md (markdown code spans allowed). */
  readonly doc: string;
}

/** One row per setting, keyed by its {@link GatewayConfig} field, in documentation order. */
export type SettingTable = { readonly [K in SettingField]-?: Setting<GatewayConfig[K]> };

/** The port of a host:port endpoint. */
const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));

const orgOf = (c: DefaultContext): (typeof c.layout.orgs)[PeerOrg] => orgLayout(c.layout, c.value('org'));

/** The gateway's settings. */
export const SETTING_TABLE: SettingTable = {
  host: {
    key: 'host',
    env: 'LEDGER_GATEWAY_HOST',
    default: { value: '127.0.0.1' },
    parse: host,
    doc: 'listen address',
  },
  port: {
    key: 'port',
    env: 'LEDGER_GATEWAY_PORT',
    envAliases: ['GATEWAY_PORT'],
    flag: '--port N',
    default: {
      derive: (c) => portOf(orgOf(c).gatewayEndpoint),
      text: "the org's gateway port in the topology",
    },
    parse: int(0, 65535),
    doc: 'listen port (0: any free port)',
  },
  insecure: {
    key: 'plaintext',
    keyAliases: ['insecure'],
    env: 'LEDGER_GATEWAY_PLAINTEXT',
    envAliases: ['LEDGER_GATEWAY_INSECURE'],
    flag: '--dev, --insecure',
    default: { value: false },
    parse: bool,
    doc: '1 = plaintext development mode: no TLS, no client authentication, every caller may do everything',
  },
  tlsCertFile: {
    key: 'tlsCertFile',
    env: 'LEDGER_GATEWAY_TLS_CERT',
    default: {
      derive: (c) => path.join(orgOf(c).gatewayTlsDir, 'cert.pem'),
      text: '$NETWORK_RUN_DIR/crypto/<org>/gateway/tls/cert.pem',
    },
    parse: filePath,
    doc: "TLS server certificate PEM (the org gateway's, issued by the org CA)",
  },
  tlsKeyFile: {
    key: 'tlsKeyFile',
    env: 'LEDGER_GATEWAY_TLS_KEY',
    default: {
      derive: (c) => path.join(orgOf(c).gatewayTlsDir, 'key.pem'),
      text: '$NETWORK_RUN_DIR/crypto/<org>/gateway/tls/key.pem',
    },
    parse: filePath,
    doc: 'TLS server private key PEM',
  },
  clientCas: {
    key: 'clientCas',
    env: 'LEDGER_GATEWAY_CLIENT_CAS',
    default: {
      derive: (c) => {
        const file = c.value('tlsClientCaFile');
        return file === undefined ? [] : [{ mspId: orgOf(c).mspId, file }];
      },
      text: '(channel)',
    },
    parse: clientCaList,
    doc: 'override for use without a channel: trusted client CAs `<MSP id>=/path/ca.pem,<MSP id>=/path/ca.pem` (config file: `{"<MSP id>": "/path/ca.pem"}`), no CRLs, not followed; default: `tlsClientCaFile` if set, else the member orgs (root CAs, CRLs) of the current channel configuration, followed as it changes',
  },
  tlsClientCaFile: {
    key: 'tlsClientCaFile',
    env: 'LEDGER_GATEWAY_TLS_CLIENT_CA',
    default: { value: undefined, text: '(channel)' },
    parse: optStr,
    doc: "override: trust only this CA PEM, as the gateway org's MSP",
  },
  authorizationFile: {
    key: 'authorizationFile',
    env: 'LEDGER_GATEWAY_AUTHZ',
    default: { value: undefined, text: '(built in)' },
    parse: optStr,
    doc: 'JSON authorization table (see "Security"); default: the built-in rows for each member MSP',
  },
  maxInFlightSubmits: {
    key: 'maxInFlightSubmits',
    env: 'LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS',
    default: { value: 5000 },
    parse: int(1, 1_000_000),
    doc: 'SubmitEvent calls in flight at most (1..1000000); more fail at once with `RESOURCE_EXHAUSTED`',
  },
  maxInFlightSubmitBytes: {
    key: 'maxInFlightSubmitBytes',
    env: 'LEDGER_GATEWAY_MAX_INFLIGHT_SUBMIT_BYTES',
    default: { value: 256 * 1024 * 1024 },
    parse: int(1024 * 1024, 64 * 1024 * 1024 * 1024),
    doc: 'request bytes (payload, id, signature, metadata) those calls hold at most (256 MiB; 1 MiB..64 GiB); more fail at once with `RESOURCE_EXHAUSTED`',
  },
  maxStreams: {
    key: 'maxStreams',
    env: 'LEDGER_GATEWAY_MAX_STREAMS',
    default: { value: 100 },
    parse: int(1, 100_000),
    doc: 'open StreamEvents calls at most (1..100000); more fail with `RESOURCE_EXHAUSTED`',
  },
  maxMessageBytes: {
    key: 'maxMessageBytes',
    env: 'LEDGER_GATEWAY_MAX_MESSAGE_BYTES',
    default: { value: 4 * 1024 * 1024 },
    parse: int(64 * 1024, 64 * 1024 * 1024),
    doc: 'largest request message (4 MiB; 64 KiB..64 MiB); larger fail with `RESOURCE_EXHAUSTED`',
  },
  org: {
    key: 'org',
    env: 'LEDGER_GATEWAY_ORG',
    flag: '--org ORG',
    default: { derive: (c) => defaultOrg(c.layout), text: "the topology's first founding org" },
    parse: (value, name) => oneOf(peerOrgNames())(value, name),
    doc: 'org whose peers the gateway uses and whose user signs submits and digests: a member org of the topology file (`orgs[].name`)',
  },
  user: {
    key: 'user',
    env: 'LEDGER_GATEWAY_USER',
    default: { value: 'gateway1' },
    parse: str,
    doc: "Fabric user (folder under the org's `users/`) with `ledger.role=gateway`",
  },
  userMspDir: {
    key: 'userMspDir',
    env: 'LEDGER_GATEWAY_USER_MSP_DIR',
    default: {
      derive: (c) => path.join(orgOf(c).usersDir, c.value('user'), 'msp'),
      text: '$NETWORK_RUN_DIR/crypto/<org>/users/<user>/msp',
    },
    parse: filePath,
    doc: "the user's MSP folder (`signcerts/cert.pem`, `keystore/`): its signing identity",
  },
  peerEndpoint: {
    key: 'peerEndpoint',
    env: 'LEDGER_GATEWAY_PEER_ENDPOINT',
    default: {
      derive: (c) => orgOf(c).peerEndpoint,
      text: "the org's first peer in the topology",
    },
    parse: endpoint,
    doc: "host:port of the org's peer (Fabric Gateway service, TLS). Unset, the gateway dials all the org's peers of the topology and fails over between them; set, only this one",
  },
  peerHostAlias: {
    key: 'peerHostAlias',
    env: 'LEDGER_GATEWAY_PEER_HOST_ALIAS',
    default: { derive: (c) => orgOf(c).peerHostAlias, text: '<first peer>.<org domain>' },
    parse: host,
    doc: "host name the peer's TLS certificate must carry (checked instead of the endpoint's host)",
  },
  peerTlsCaFile: {
    key: 'peerTlsCaFile',
    env: 'LEDGER_GATEWAY_PEER_TLS_CA',
    default: {
      derive: (c) => orgOf(c).caCertPath,
      text: '$NETWORK_RUN_DIR/crypto/<org>/ca/ca-cert.pem',
    },
    parse: filePath,
    doc: "TLS root CA PEM of the peer's certificate",
  },
  indexFile: {
    key: 'indexFile',
    env: 'LEDGER_GATEWAY_INDEX',
    flag: '--index FILE',
    default: {
      derive: (c) => path.join(c.layout.runDir, 'gateway', c.value('org'), 'index.sqlite'),
      text: '$NETWORK_RUN_DIR/gateway/<org>/index.sqlite',
    },
    parse: filePath,
    doc: "SQLite index file of the main channel (a cache: delete it to rebuild); another channel's index is next to it, `index-<channel>.sqlite`",
  },
  channels: {
    key: 'channels',
    env: 'LEDGER_GATEWAY_CHANNELS',
    default: {
      value: null,
      text: "the org's channels in $NETWORK_RUN_DIR/channels/",
    },
    parse: channelList,
    doc: 'channels whose journals the gateway serves besides the main one (topology `channels[0]`), each chosen per call by the `ledger-channel` metadata ("Channels"): comma-separated names (config file: an array; `-`: none). Unset: every `$NETWORK_RUN_DIR/channels/<name>.json` (written by `ledger channel create`) whose `members` include the org\'s MSP id, read at start',
  },
  batchWindowMs: {
    key: 'batchWindowMs',
    env: 'LEDGER_GATEWAY_BATCH_WINDOW_MS',
    default: { value: 5 },
    parse: int(0, 1000),
    doc: 'batching window (0..1000 ms) of concurrent submits while a journal transaction is in flight (an idle gateway sends at once)',
  },
  regroupWindowMs: {
    key: 'regroupWindowMs',
    env: 'LEDGER_GATEWAY_REGROUP_WINDOW_MS',
    default: { value: 2 },
    parse: int(0, 1000),
    doc: "under light load (fewer than 32 events queued when a journal transaction completes), the next one waits for the completed one's seals (at most 20 ms) and then this long (0..1000 ms), so clients that send again at once share one transaction instead of splitting into two alternating groups; 0 turns it off",
  },
  maxBatchEvents: {
    key: 'maxBatchEvents',
    env: 'LEDGER_GATEWAY_MAX_BATCH',
    default: { value: 500 },
    parse: int(1, 500),
    doc: 'events per Fabric transaction at most (1..500)',
  },
  maxInFlightTransactions: {
    key: 'maxInFlightTransactions',
    env: 'LEDGER_GATEWAY_MAX_INFLIGHT_TX',
    default: { value: 1 },
    parse: int(1, 64),
    doc: 'journal transactions sent and not yet committed at once (1..64); while that many are in flight, new events gather into the next batch',
  },
  commitTimeoutMs: {
    key: 'commitTimeoutMs',
    env: 'LEDGER_GATEWAY_COMMIT_TIMEOUT_MS',
    default: { value: 15_000 },
    parse: int(100, 600_000),
    doc: 'commit status wait of a journal transaction (100..600000 ms); after it the events are sent again in a new transaction (an orderer may lose a transaction it accepted when it dies)',
  },
  endorsingOrganizations: {
    key: 'endorsingOrganizations',
    env: 'LEDGER_GATEWAY_ENDORSING_ORGS',
    default: {
      value: null,
      text: "a majority of the channel's current members, own org first",
    },
    parse: mspList,
    doc: "MSP ids that endorse journal transactions, in parallel (comma-separated; config file: an array); `-` lets the peer choose (it then endorses on its own org first, one more round). Unset, the gateway asks the smallest majority of the channel's application orgs (the chaincode's MAJORITY policy), its own org first, and follows each configuration block: an org that joins or leaves by vote changes it",
  },
  sealTimeoutMs: {
    key: 'sealTimeoutMs',
    env: 'LEDGER_GATEWAY_SEAL_TIMEOUT_MS',
    default: { value: 30_000 },
    parse: int(1, 3_600_000),
    doc: 'SubmitEvent wait without a client deadline (1..3600000 ms)',
  },
  shutdownTimeoutMs: {
    key: 'shutdownTimeoutMs',
    env: 'LEDGER_GATEWAY_SHUTDOWN_TIMEOUT_MS',
    default: { value: 5000 },
    parse: int(0, 600_000),
    doc: 'graceful shutdown grace period (0..600000 ms) before in-flight calls are cut',
  },
  logLevel: {
    key: 'logLevel',
    env: 'LEDGER_GATEWAY_LOG_LEVEL',
    default: { value: 'info' },
    parse: oneOf(['debug', 'info', 'warn', 'error'] as const),
    doc: 'debug, info, warn or error; JSON lines on stderr; payload bytes appear only at `debug`',
  },
  vepsKeyPaths: {
    key: 'vepsKeys',
    env: 'LEDGER_GATEWAY_VEPS_KEYS',
    default: { value: [] },
    parse: pathList,
    doc: 'VEPS public keys (Ed25519, P-256): PEM files or folders of `*.pem`, separated by the path delimiter (`:`; `;` on Windows; config file: a path or an array); when set and the consortium has no VEPS keys of its own (`Governance:GetVepsKeys`), SubmitEvent requires a valid `veps_signature` ("VEPS signatures")',
  },
  metricsHost: {
    key: 'metricsHost',
    env: 'LEDGER_GATEWAY_METRICS_HOST',
    default: { value: '127.0.0.1' },
    parse: host,
    doc: 'listen address of the Prometheus `GET /metrics` endpoint (plain HTTP, no authentication)',
  },
  metricsPort: {
    key: 'metricsPort',
    env: 'LEDGER_GATEWAY_METRICS_PORT',
    default: {
      derive: (c) => orgOf(c).gatewayMetricsPort,
      text: "the org's gateway metrics port in the topology",
    },
    parse: int(0, 65535),
    doc: 'port of the Prometheus `GET /metrics` endpoint; 0 = off',
  },
};

/** A documented variable that is not a field of {@link GatewayConfig}. */
export interface ExtraSettingDoc {
  readonly env: string;
  readonly flag?: string;
  readonly def: string;
  readonly doc: string;
}

/** The config file itself, then what the network layout reads (as network/env.sh does). */
export const EXTRA_SETTINGS: readonly ExtraSettingDoc[] = [
  {
    env: 'LEDGER_GATEWAY_CONFIG',
    flag: '--config FILE',
    def: '–',
    doc: 'JSON config file with the config keys of this table',
  },
  {
    env: 'NETWORK_RUN_DIR',
    def: 'network/.run',
    doc: "Fabric network state: the orgs' crypto material (users, CAs, the gateway TLS certificates)",
  },
  {
    env: 'NETWORK_PORT_BASE',
    def: 'topology ports.networkBase',
    doc: 'port block of the Fabric network (see network/env.sh): moves the ports of the topology file, so gives the default `peerEndpoint`',
  },
  { env: 'CHANNEL_NAME', def: DEFAULT_CHANNEL_NAME, doc: 'Fabric channel of the journal' },
  { env: 'CHAINCODE_NAME', def: DEFAULT_CHAINCODE_NAME, doc: 'chaincode of the journal' },
];

/** The fields of {@link SETTING_TABLE}, in documentation order. */
export const SETTING_FIELDS = Object.keys(SETTING_TABLE) as readonly SettingField[];
