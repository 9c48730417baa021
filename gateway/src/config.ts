/**
 * Gateway configuration: defaults, then a JSON config file, then the environment, then command-line
 * flags. Every setting has a working default for the local network on 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { networkLayout, type NetworkLayout, type PeerOrg } from './fabric/networkLayout';
import type { LogLevel } from './logger';

/** The gateway's settings. */
export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  /**
   * Plaintext gRPC without client authentication: development mode only (`--dev`,
   * LEDGER_GATEWAY_PLAINTEXT=1; `--insecure`, LEDGER_GATEWAY_INSECURE=1 are aliases).
   */
  readonly insecure: boolean;
  /** TLS server certificate; default: the org gateway's certificate from its CA in the run folder. */
  readonly tlsCertFile: string;
  readonly tlsKeyFile: string;
  /** Override: clients of the gateway's own MSP need a certificate signed by this CA (no channel). */
  readonly tlsClientCaFile?: string;
  /**
   * Override of the trusted client CAs by MSP id, from `clientCas`, else `tlsClientCaFile` (own MSP).
   * Empty (the default): the members of the current channel configuration, followed as it changes.
   */
  readonly clientCas: readonly ClientCaFile[];
  /** JSON authorization table (array of {msp, role, allow}); undefined = the documented default. */
  readonly authorizationFile?: string;
  /** Most SubmitEvent calls in flight; more are refused at once with RESOURCE_EXHAUSTED. */
  readonly maxInFlightSubmits: number;
  /** Most request bytes (payload, id, signature, metadata) held by SubmitEvent calls in flight. */
  readonly maxInFlightSubmitBytes: number;
  /** Most open StreamEvents calls; more are refused with RESOURCE_EXHAUSTED. */
  readonly maxStreams: number;
  /** Largest request message in bytes (grpc.max_receive_message_length); larger = RESOURCE_EXHAUSTED. */
  readonly maxMessageBytes: number;
  readonly org: PeerOrg;
  /** Fabric user (folder under the org's users/) with role `gateway`. */
  readonly user: string;
  readonly indexFile: string;
  readonly batchWindowMs: number;
  /** Light-load regrouping window after a transaction's seals (0 = off); see eventSubmitter.ts. */
  readonly regroupWindowMs: number;
  readonly maxBatchEvents: number;
  /** Most journal transactions sent and not yet committed at once. */
  readonly maxInFlightTransactions: number;
  /** How long a journal transaction may wait for its commit status before its events are sent again. */
  readonly commitTimeoutMs: number;
  /** MSP ids that endorse journal transactions in parallel (empty: the peer chooses). */
  readonly endorsingOrganizations: readonly string[];
  /** How long SubmitEvent waits for its seal when the client sets no deadline. */
  readonly sealTimeoutMs: number;
  /** Grace period of a graceful shutdown before in-flight calls are cut. */
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
  /**
   * PEM files or folders of `*.pem` files with VEPS public keys (Ed25519, ECDSA P-256). When non-empty,
   * SubmitEvent requires a valid `veps_signature`; when empty, signatures are stored as given.
   */
  readonly vepsKeyPaths: readonly string[];
  /** Port of the Prometheus `/metrics` endpoint on 127.0.0.1; 0 = no endpoint. */
  readonly metricsPort: number;
  readonly layout: NetworkLayout;
}

/** A trusted client CA: the MSP id its certificates identify, and its PEM file. */
export interface ClientCaFile {
  readonly mspId: string;
  readonly file: string;
}

/** One documented setting: environment variable, config-file key, default, meaning. */
export interface SettingDoc {
  readonly env: string;
  readonly key: string;
  readonly def: string;
  readonly text: string;
}

/** The settings table printed by `--help` and docs/gateway.md. */
export const SETTINGS: readonly SettingDoc[] = [
  { env: 'LEDGER_GATEWAY_CONFIG', key: '-', def: '(none)', text: 'JSON config file with the keys below' },
  { env: 'LEDGER_GATEWAY_HOST', key: 'host', def: '127.0.0.1', text: 'listen address' },
  { env: 'GATEWAY_PORT', key: 'port', def: '50051', text: 'listen port (LEDGER_GATEWAY_PORT also accepted)' },
  {
    env: 'LEDGER_GATEWAY_PLAINTEXT',
    key: 'plaintext',
    def: '0',
    text: '1 = plaintext gRPC, no client authentication: development only (flag --dev; LEDGER_GATEWAY_INSECURE, --insecure are aliases)',
  },
  {
    env: 'LEDGER_GATEWAY_TLS_CERT',
    key: 'tlsCertFile',
    def: '<run>/crypto/<org>/gateway/tls/cert.pem',
    text: "server certificate PEM (the org gateway's, issued by the org CA)",
  },
  {
    env: 'LEDGER_GATEWAY_TLS_KEY',
    key: 'tlsKeyFile',
    def: '<run>/crypto/<org>/gateway/tls/key.pem',
    text: 'server private key PEM',
  },
  {
    env: 'LEDGER_GATEWAY_CLIENT_CAS',
    key: 'clientCas',
    def: '(channel)',
    text: 'override for use without a channel: trusted client CAs \'MSP=ca.pem,MSP=ca.pem\' (config: {"Org1MSP": "ca.pem"}); default: the member orgs (root CAs, CRLs) of the current channel configuration',
  },
  {
    env: 'LEDGER_GATEWAY_TLS_CLIENT_CA',
    key: 'tlsClientCaFile',
    def: '(channel)',
    text: "override: trust only this CA PEM, as the gateway org's MSP",
  },
  {
    env: 'LEDGER_GATEWAY_AUTHZ',
    key: 'authorizationFile',
    def: '(built in)',
    text: 'JSON authorization table [{msp, role, allow: [submit|read|stream|export|health]}]; default: the built-in rows for each member MSP',
  },
  {
    env: 'LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS',
    key: 'maxInFlightSubmits',
    def: '5000',
    text: 'SubmitEvent calls in flight at most; beyond: RESOURCE_EXHAUSTED at once',
  },
  {
    env: 'LEDGER_GATEWAY_MAX_INFLIGHT_SUBMIT_BYTES',
    key: 'maxInFlightSubmitBytes',
    def: '268435456',
    text: 'request bytes SubmitEvent calls in flight hold at most (256 MiB); beyond: RESOURCE_EXHAUSTED at once',
  },
  {
    env: 'LEDGER_GATEWAY_MAX_STREAMS',
    key: 'maxStreams',
    def: '100',
    text: 'open StreamEvents calls at most; beyond: RESOURCE_EXHAUSTED',
  },
  {
    env: 'LEDGER_GATEWAY_MAX_MESSAGE_BYTES',
    key: 'maxMessageBytes',
    def: '4194304',
    text: 'largest request message (4 MiB); larger: RESOURCE_EXHAUSTED',
  },
  {
    env: 'LEDGER_GATEWAY_ORG',
    key: 'org',
    def: 'org1',
    text: 'org whose peer the gateway uses (org1, org2)',
  },
  {
    env: 'LEDGER_GATEWAY_USER',
    key: 'user',
    def: 'gateway1',
    text: 'Fabric user with ledger.role=gateway; signs submits and digests',
  },
  {
    env: 'LEDGER_GATEWAY_INDEX',
    key: 'indexFile',
    def: '$NETWORK_RUN_DIR/gateway/<org>/index.sqlite',
    text: 'SQLite index file (a cache: delete it to rebuild)',
  },
  {
    env: 'LEDGER_GATEWAY_BATCH_WINDOW_MS',
    key: 'batchWindowMs',
    def: '5',
    text: 'how long submits are gathered into one transaction while another is in flight (an idle gateway sends at once)',
  },
  {
    env: 'LEDGER_GATEWAY_REGROUP_WINDOW_MS',
    key: 'regroupWindowMs',
    def: '2',
    text: 'under light load (< 32 queued), the next transaction waits for the seals of the last one and this long, so closed-loop clients regroup (0 = off)',
  },
  {
    env: 'LEDGER_GATEWAY_MAX_BATCH',
    key: 'maxBatchEvents',
    def: '500',
    text: 'most events per transaction (1..500)',
  },
  {
    env: 'LEDGER_GATEWAY_MAX_INFLIGHT_TX',
    key: 'maxInFlightTransactions',
    def: '1',
    text: 'journal transactions sent and not yet committed at once (1..64); more events wait for the next batch',
  },
  {
    env: 'LEDGER_GATEWAY_COMMIT_TIMEOUT_MS',
    key: 'commitTimeoutMs',
    def: '15000',
    text: 'commit status wait of a journal transaction before its events are sent again (a lost transaction)',
  },
  {
    env: 'LEDGER_GATEWAY_ENDORSING_ORGS',
    key: 'endorsingOrganizations',
    def: 'Org1MSP,Org2MSP',
    text: 'MSP ids that endorse journal transactions in parallel; "-" lets the peer choose (one more round)',
  },
  {
    env: 'LEDGER_GATEWAY_SEAL_TIMEOUT_MS',
    key: 'sealTimeoutMs',
    def: '30000',
    text: 'SubmitEvent wait when the client sets no deadline',
  },
  {
    env: 'LEDGER_GATEWAY_SHUTDOWN_TIMEOUT_MS',
    key: 'shutdownTimeoutMs',
    def: '5000',
    text: 'graceful shutdown grace period',
  },
  {
    env: 'LEDGER_GATEWAY_LOG_LEVEL',
    key: 'logLevel',
    def: 'info',
    text: 'debug, info, warn or error (JSON lines on stderr)',
  },
  {
    env: 'LEDGER_GATEWAY_VEPS_KEYS',
    key: 'vepsKeys',
    def: '(none)',
    text: `VEPS public keys (Ed25519, P-256): PEM files or folders, '${path.delimiter}'-separated; set = veps_signature must verify`,
  },
  {
    env: 'LEDGER_GATEWAY_METRICS_PORT',
    key: 'metricsPort',
    def: '9464',
    text: 'Prometheus GET /metrics on 127.0.0.1 at this port; 0 = off (scripts/gateway-up.sh gives each org its own)',
  },
  {
    env: 'NETWORK_PORT_BASE',
    key: '-',
    def: '7000',
    text: 'port block of the Fabric network (see network/env.sh)',
  },
  {
    env: 'NETWORK_RUN_DIR',
    key: '-',
    def: 'network/.run',
    text: 'Fabric network state (crypto material of the users)',
  },
];

/** Command-line overrides. */
export interface ConfigFlags {
  readonly configFile?: string;
  readonly insecure?: boolean;
  readonly port?: number;
  readonly org?: string;
  readonly indexFile?: string;
}

type Raw = Readonly<Record<string, unknown>>;

const MSP_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A list of MSP ids from `"A,B"` text or a JSON array; `"-"` or an empty list for none. */
function mspList(value: unknown, key: string): readonly string[] {
  const items =
    typeof value === 'string'
      ? value === '-'
        ? []
        : value.split(',').map((item) => item.trim())
      : Array.isArray(value)
        ? (value as unknown[])
        : undefined;
  if (items?.every((item): item is string => typeof item === 'string' && MSP_ID.test(item)) !== true) {
    throw new Error(
      `${key}: got ${JSON.stringify(value)}, want MSP ids like "Org1MSP,Org2MSP" (or "-" for none)`,
    );
  }
  return items;
}

/**
 * Loads the configuration.
 *
 * @param env - the environment (default process.env).
 * @param flags - command-line overrides.
 * @returns the configuration.
 * @throws Error naming a bad setting, what came and what is allowed.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  flags: Readonly<ConfigFlags> = {},
): GatewayConfig {
  const file = readConfigFile(flags.configFile ?? env.LEDGER_GATEWAY_CONFIG);
  const flagValues: Raw = { ...flags, insecure: flags.insecure === true ? true : undefined };
  const fileInsecure = file.plaintext ?? file.insecure;
  const pick = (key: string, def: unknown, ...envNames: string[]): unknown => {
    if (flagValues[key] !== undefined) return flagValues[key];
    const fromEnv = envNames.map((name) => env[name]).find((value) => value !== undefined && value !== '');
    return fromEnv ?? file[key] ?? def;
  };
  const layout = networkLayout(env);
  const org = oneOf(pick('org', 'org1', 'LEDGER_GATEWAY_ORG'), 'org', ['org1', 'org2', 'org3'] as const);
  const defaultIndex = path.join(layout.runDir, 'gateway', org, 'index.sqlite');
  const tlsClientCaFile = optStr(pick('tlsClientCaFile', undefined, 'LEDGER_GATEWAY_TLS_CLIENT_CA'));
  const tlsDir = layout.orgs[org].gatewayTlsDir;
  return {
    host: str(pick('host', '127.0.0.1', 'LEDGER_GATEWAY_HOST')),
    port: int(pick('port', 50051, 'LEDGER_GATEWAY_PORT', 'GATEWAY_PORT'), 'port', 0, 65535),
    insecure: bool(
      pick('insecure', fileInsecure ?? false, 'LEDGER_GATEWAY_PLAINTEXT', 'LEDGER_GATEWAY_INSECURE'),
      'plaintext',
    ),
    tlsCertFile: str(pick('tlsCertFile', path.join(tlsDir, 'cert.pem'), 'LEDGER_GATEWAY_TLS_CERT')),
    tlsKeyFile: str(pick('tlsKeyFile', path.join(tlsDir, 'key.pem'), 'LEDGER_GATEWAY_TLS_KEY')),
    tlsClientCaFile,
    clientCas: clientCaFiles(pick('clientCas', undefined, 'LEDGER_GATEWAY_CLIENT_CAS'), tlsClientCaFile, {
      layout,
      org,
    }),
    authorizationFile: optStr(pick('authorizationFile', undefined, 'LEDGER_GATEWAY_AUTHZ')),
    maxInFlightSubmits: int(
      pick('maxInFlightSubmits', 5000, 'LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS'),
      'maxInFlightSubmits',
      1,
      1_000_000,
    ),
    maxInFlightSubmitBytes: int(
      pick('maxInFlightSubmitBytes', 256 * 1024 * 1024, 'LEDGER_GATEWAY_MAX_INFLIGHT_SUBMIT_BYTES'),
      'maxInFlightSubmitBytes',
      1024 * 1024,
      64 * 1024 * 1024 * 1024,
    ),
    maxStreams: int(pick('maxStreams', 100, 'LEDGER_GATEWAY_MAX_STREAMS'), 'maxStreams', 1, 100_000),
    maxMessageBytes: int(
      pick('maxMessageBytes', 4 * 1024 * 1024, 'LEDGER_GATEWAY_MAX_MESSAGE_BYTES'),
      'maxMessageBytes',
      64 * 1024,
      64 * 1024 * 1024,
    ),
    org,
    user: str(pick('user', 'gateway1', 'LEDGER_GATEWAY_USER')),
    indexFile: str(pick('indexFile', defaultIndex, 'LEDGER_GATEWAY_INDEX')),
    batchWindowMs: int(pick('batchWindowMs', 5, 'LEDGER_GATEWAY_BATCH_WINDOW_MS'), 'batchWindowMs', 0, 1000),
    regroupWindowMs: int(
      pick('regroupWindowMs', 2, 'LEDGER_GATEWAY_REGROUP_WINDOW_MS'),
      'regroupWindowMs',
      0,
      1000,
    ),
    maxBatchEvents: int(pick('maxBatchEvents', 500, 'LEDGER_GATEWAY_MAX_BATCH'), 'maxBatchEvents', 1, 500),
    maxInFlightTransactions: int(
      pick('maxInFlightTransactions', 1, 'LEDGER_GATEWAY_MAX_INFLIGHT_TX'),
      'maxInFlightTransactions',
      1,
      64,
    ),
    commitTimeoutMs: int(
      pick('commitTimeoutMs', 15_000, 'LEDGER_GATEWAY_COMMIT_TIMEOUT_MS'),
      'commitTimeoutMs',
      100,
      600_000,
    ),
    endorsingOrganizations: mspList(
      pick('endorsingOrganizations', 'Org1MSP,Org2MSP', 'LEDGER_GATEWAY_ENDORSING_ORGS'),
      'endorsingOrganizations',
    ),
    sealTimeoutMs: int(
      pick('sealTimeoutMs', 30_000, 'LEDGER_GATEWAY_SEAL_TIMEOUT_MS'),
      'sealTimeoutMs',
      1,
      3_600_000,
    ),
    shutdownTimeoutMs: int(
      pick('shutdownTimeoutMs', 5000, 'LEDGER_GATEWAY_SHUTDOWN_TIMEOUT_MS'),
      'shutdownTimeoutMs',
      0,
      600_000,
    ),
    logLevel: oneOf(pick('logLevel', 'info', 'LEDGER_GATEWAY_LOG_LEVEL'), 'logLevel', LOG_LEVELS),
    vepsKeyPaths: pathList(pick('vepsKeys', [], 'LEDGER_GATEWAY_VEPS_KEYS'), 'vepsKeys'),
    metricsPort: int(pick('metricsPort', 9464, 'LEDGER_GATEWAY_METRICS_PORT'), 'metricsPort', 0, 65535),
    layout,
  };
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function readConfigFile(file: string | undefined): Raw {
  if (file === undefined || file === '') return {};
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `config file ${file}: got ${Array.isArray(parsed) ? 'an array' : typeof parsed}, want a JSON object`,
    );
  }
  return parsed as Raw;
}

/**
 * The override of the trusted client CAs: an explicit list wins; else the single `tlsClientCaFile`
 * stands for the gateway's own org; else none (the channel configuration decides).
 */
function clientCaFiles(
  value: unknown,
  tlsClientCaFile: string | undefined,
  where: Readonly<{ layout: NetworkLayout; org: PeerOrg }>,
): ClientCaFile[] {
  if (value !== undefined && value !== '') return parseClientCas(value);
  if (tlsClientCaFile !== undefined) {
    return [{ mspId: where.layout.orgs[where.org].mspId, file: tlsClientCaFile }];
  }
  return [];
}

function parseClientCas(value: unknown): ClientCaFile[] {
  const want = `want 'MSP=file,MSP=file' or an object {"MSP": "file"}`;
  let pairs: [string, unknown][];
  if (typeof value === 'string') {
    pairs = value
      .split(',')
      .filter((p) => p.trim() !== '')
      .map((p) => {
        const at = p.indexOf('=');
        return at <= 0 ? [p, undefined] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
      });
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    pairs = Object.entries(value);
  } else {
    throw new Error(`clientCas: got ${JSON.stringify(value)}, ${want}`);
  }
  return pairs.map(([mspId, file]) => {
    if (typeof file !== 'string' || file === '') {
      throw new Error(`clientCas: got ${JSON.stringify(mspId)} without a CA file, ${want}`);
    }
    return { mspId, file };
  });
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function optStr(value: unknown): string | undefined {
  return value === undefined || value === '' ? undefined : str(value);
}

/** A list of paths: a JSON array of strings (config file) or one string split at path.delimiter. */
function pathList(value: unknown, name: string): string[] {
  if (typeof value === 'string') return value.split(path.delimiter).filter((p) => p !== '');
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) {
    return value.filter((p) => p !== '');
  }
  throw new Error(
    `${name}: got ${JSON.stringify(value)}, want a path, paths separated by '${path.delimiter}', or an array of paths`,
  );
}

function int(value: unknown, name: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name}: got ${JSON.stringify(value)}, want an integer from ${min} to ${max}`);
  }
  return n;
}

function bool(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  const text = str(value).toLowerCase();
  if (['1', 'true', 'yes'].includes(text)) return true;
  if (['0', 'false', 'no', ''].includes(text)) return false;
  throw new Error(`${name}: got ${JSON.stringify(value)}, want 1/0 or true/false`);
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  const text = str(value);
  if (!(allowed as readonly string[]).includes(text)) {
    throw new Error(`${name}: got ${JSON.stringify(value)}, want one of ${allowed.join(', ')}`);
  }
  return text as T;
}
