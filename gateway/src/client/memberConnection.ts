/**
 * Who calls a gateway, and how to reach it: a member org's user of the network started by `npm start`
 * (`--org org1 --user teller1`), resolved to the gateway address, the CA that signed the gateway's TLS
 * certificate and the user's certificate and key; explicit addresses and files override each part.
 * The `ledger` CLI and {@link newMemberLedgerClient} share this resolution.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  defaultOrg,
  networkLayout,
  type NetworkLayout,
  type OrgLayout,
  orgLayout,
} from '../fabric/networkLayout';
import { newLedgerClient, type LedgerClient, type LedgerClientOptions } from './ledgerClient';

/**
 * The identity options of a gateway client. Each is optional: `org` (default org1) and `user` name a
 * member's user in the network's run folder; the others override what they would give.
 */
export interface MemberConnectionOptions {
  /** A member org of the network (org1, org2, ...): its gateway's address and CA. */
  readonly org?: string;
  /** A user of that org (crypto/<org>/users/<user>/msp): its certificate and key. */
  readonly user?: string;
  /** host:port of the gateway (instead of the org's). */
  readonly address?: string;
  /** PEM file of the CA that signed the gateway's TLS certificate (instead of the org's CA). */
  readonly caFile?: string;
  /** PEM file of the client certificate (instead of the user's). */
  readonly certFile?: string;
  /** PEM file of the client's private key (instead of the user's). */
  readonly keyFile?: string;
  /** Plaintext: only for a gateway started in development mode. */
  readonly plaintext?: boolean;
}

/** What {@link resolveMemberConnection} found: every path absolute, every file present. */
export interface MemberConnection {
  readonly address: string;
  readonly plaintext: boolean;
  readonly org: string;
  readonly user?: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** What `scripts/gateway-up.sh` writes for each gateway it starts: `<run>/gateway/<org>/endpoint.json`. */
export interface GatewayEndpoint {
  readonly org: string;
  readonly mspId: string;
  readonly address: string;
  readonly tls: boolean;
  readonly caFile?: string;
}

/** Thrown when the options do not resolve: the message names the option (flag) and what is wrong. */
export class MemberConnectionError extends Error {
  override readonly name = 'MemberConnectionError';
}

const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The identity options given by the environment: LEDGER_ORG, LEDGER_USER, LEDGER_GATEWAY_ADDRESS,
 * LEDGER_GATEWAY_TLS_CA, LEDGER_CLIENT_CERT, LEDGER_CLIENT_KEY and LEDGER_GATEWAY_PLAINTEXT=1 (or
 * LEDGER_GATEWAY_INSECURE=1) — the variables `ledger env` prints.
 *
 * @param env - the environment.
 * @returns the options it sets (unset ones absent).
 */
export function memberConnectionOptionsFromEnv(env: NodeJS.ProcessEnv): MemberConnectionOptions {
  const plaintext = env.LEDGER_GATEWAY_PLAINTEXT === '1' || env.LEDGER_GATEWAY_INSECURE === '1';
  return definedOnly({
    org: env.LEDGER_ORG,
    user: env.LEDGER_USER,
    address: env.LEDGER_GATEWAY_ADDRESS,
    caFile: env.LEDGER_GATEWAY_TLS_CA,
    certFile: env.LEDGER_CLIENT_CERT,
    keyFile: env.LEDGER_CLIENT_KEY,
    plaintext: plaintext ? true : undefined,
  });
}

/**
 * Resolves the options (those given win over the environment's) against the network's run folder.
 *
 * @param options - the options given (flags).
 * @param env - the environment: the LEDGER_* fallbacks, NETWORK_RUN_DIR, NETWORK_PORT_BASE, GATEWAY_PORT.
 * @returns the address, the mode and the files to use.
 * @throws MemberConnectionError naming the option that does not resolve (an unknown org, a user with no
 *   credentials, a certificate without its key, a file that does not exist).
 */
export function resolveMemberConnection(
  options: Readonly<MemberConnectionOptions>,
  env: NodeJS.ProcessEnv = process.env,
): MemberConnection {
  const given = mergeOptions(memberConnectionOptionsFromEnv(env), definedOnly(options));
  const layout = networkLayout(env);
  const org = orgLayoutOf(layout, given.org ?? defaultOrg(layout));
  const files = clientFiles(given, org);
  const connection: MemberConnection = {
    ...gatewayOf(given, org, layout.runDir),
    org: org.org,
    ...definedOnly({ user: given.user, ...files }),
  };
  requireFile('--ca', connection.caFile, 'the CA certificate of the gateway (is the network started?)');
  const hint = userHint(org, given.user);
  requireFile(given.certFile === undefined ? '--user' : '--cert', connection.certFile, hint);
  requireFile(given.keyFile === undefined ? '--user' : '--key', connection.keyFile, hint);
  return connection;
}

/**
 * The options given (flags) over those of the environment, where a given org or user also replaces
 * what the environment derived from its own: `--user bob` is not overridden by a LEDGER_CLIENT_CERT of
 * another user, nor `--org org2` by org1's LEDGER_GATEWAY_ADDRESS (the variables `ledger env` printed
 * for another user stay harmless).
 */
function mergeOptions(
  fromEnv: MemberConnectionOptions,
  given: MemberConnectionOptions,
): MemberConnectionOptions {
  const base: { -readonly [K in keyof MemberConnectionOptions]: MemberConnectionOptions[K] } = { ...fromEnv };
  if (given.user !== undefined || given.org !== undefined) {
    delete base.certFile;
    delete base.keyFile;
  }
  if (given.org !== undefined) {
    delete base.address;
    delete base.caFile;
    delete base.plaintext;
  }
  return { ...base, ...given };
}

/** The gateway's address, mode and TLS CA: given, else from the org's endpoint file, else defaults. */
function gatewayOf(
  given: MemberConnectionOptions,
  org: OrgLayout,
  runDir: string,
): { address: string; plaintext: boolean; caFile?: string } {
  const endpoint = readEndpoint(runDir, org.org);
  const plaintext = given.plaintext ?? (endpoint === undefined ? false : !endpoint.tls);
  const address = given.address ?? endpoint?.address ?? org.gatewayEndpoint;
  if (plaintext) return { address, plaintext };
  return { address, plaintext, caFile: given.caFile ?? endpoint?.caFile ?? org.caCertPath };
}

/** The client certificate and key: given, else the user's; both or neither. */
function clientFiles(
  given: MemberConnectionOptions,
  org: OrgLayout,
): { certFile?: string; keyFile?: string } {
  const userFiles = given.user === undefined ? undefined : userCredentialFiles(org, given.user);
  const certFile = given.certFile ?? userFiles?.certFile;
  const keyFile = given.keyFile ?? userFiles?.keyFile;
  if (certFile === undefined && keyFile !== undefined) {
    throw new MemberConnectionError('--key: given without --cert');
  }
  if (certFile !== undefined && keyFile === undefined) {
    throw new MemberConnectionError('--cert: given without --key');
  }
  return definedOnly({ certFile, keyFile });
}

/**
 * Connects to a member org's gateway as one of its users (see {@link resolveMemberConnection}).
 *
 * @param options - the identity options.
 * @param clientOptions - the client's other options (default deadline, channel).
 * @param env - the environment.
 * @returns the client.
 * @throws MemberConnectionError as {@link resolveMemberConnection}.
 */
export function newMemberLedgerClient(
  options: Readonly<MemberConnectionOptions>,
  clientOptions: Readonly<Pick<LedgerClientOptions, 'timeoutMs' | 'channel'>> = {},
  env: NodeJS.ProcessEnv = process.env,
): LedgerClient {
  const connection = resolveMemberConnection(options, env);
  const read = (file: string | undefined): { bytes?: Buffer } =>
    file === undefined ? {} : { bytes: fs.readFileSync(file) };
  const ca = read(connection.caFile).bytes;
  const cert = read(connection.certFile).bytes;
  const key = read(connection.keyFile).bytes;
  return newLedgerClient(connection.address, {
    ...clientOptions,
    insecure: connection.plaintext,
    ...(ca === undefined ? {} : { rootCertPem: ca }),
    ...(cert === undefined ? {} : { clientCertPem: cert }),
    ...(key === undefined ? {} : { clientKeyPem: key }),
  });
}

/**
 * Parses an endpoint file's content.
 *
 * @param text - the JSON text of `<run>/gateway/<org>/endpoint.json`.
 * @param file - its path, for messages.
 * @returns the endpoint.
 * @throws MemberConnectionError when the content is not an endpoint.
 */
export function parseGatewayEndpoint(text: string, file: string): GatewayEndpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MemberConnectionError(`${file}: not JSON (${(err as Error).message})`);
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const names = [record.org, record.mspId, record.address];
  if (!names.every((v) => typeof v === 'string')) {
    throw new MemberConnectionError(`${file}: want {org, mspId, address, tls, caFile}`);
  }
  if (typeof record.tls !== 'boolean' || !['string', 'undefined'].includes(typeof record.caFile)) {
    throw new MemberConnectionError(`${file}: tls must be true or false and caFile a path`);
  }
  return record as unknown as GatewayEndpoint;
}

/**
 * One org of the network layout, by name.
 *
 * @param layout - the network layout.
 * @param orgName - the org (org1, ...).
 * @returns its layout.
 * @throws MemberConnectionError naming `--org` and the orgs there are.
 */
export function orgLayoutOf(layout: NetworkLayout, orgName: string): OrgLayout {
  const orgs = Object.keys(layout.orgs);
  if (!orgs.includes(orgName)) {
    throw new MemberConnectionError(`--org: got ${JSON.stringify(orgName)}, want one of ${orgs.join(', ')}`);
  }
  return orgLayout(layout, orgName);
}

/**
 * Where scripts/gateway-up.sh writes an org's gateway endpoint.
 *
 * @param runDir - the network's run folder.
 * @param org - the org (org1, ...).
 * @returns `<runDir>/gateway/<org>/endpoint.json`.
 */
export function gatewayEndpointFile(runDir: string, org: string): string {
  return path.join(runDir, 'gateway', org, 'endpoint.json');
}

function readEndpoint(runDir: string, org: string): GatewayEndpoint | undefined {
  const file = gatewayEndpointFile(runDir, org);
  if (!fs.existsSync(file)) return undefined;
  return parseGatewayEndpoint(fs.readFileSync(file, 'utf8'), file);
}

function userCredentialFiles(org: OrgLayout, user: string): { certFile: string; keyFile: string } {
  if (!USER_NAME.test(user)) {
    throw new MemberConnectionError(`--user: got ${JSON.stringify(user)}, want a name of [A-Za-z0-9._-]`);
  }
  const msp = path.join(org.usersDir, user, 'msp');
  return {
    certFile: path.join(msp, 'signcerts', 'cert.pem'),
    keyFile: path.join(msp, 'keystore', 'key.pem'),
  };
}

function userHint(org: OrgLayout, user: string | undefined): string {
  return user === undefined
    ? 'the client file'
    : `${org.org} has no user ${JSON.stringify(user)} in its run folder (add one with 'ledger users add --org ${org.org} --name ${user} --role ROLE')`;
}

function requireFile(option: string, file: string | undefined, hint: string): void {
  if (file !== undefined && !fs.existsSync(file)) {
    throw new MemberConnectionError(`${option}: no file ${file}: ${hint}`);
  }
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
