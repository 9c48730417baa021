/**
 * Gateway configuration: defaults, then a JSON config file, then the environment, then command-line
 * flags, for every setting of {@link SETTING_TABLE}. Every setting has a working default for the local
 * network on 127.0.0.1.
 */
import * as fs from 'node:fs';
import { networkLayout, type OrgLayout, orgLayout } from './fabric/networkLayout';
import {
  SETTING_FIELDS,
  SETTING_TABLE,
  type DefaultContext,
  type GatewayConfig,
  type Setting,
  type SettingField,
} from './configSettings';

export type { ClientCaFile } from './configParsers';
export type { GatewayConfig, SettingField } from './configSettings';
export { SETTINGS, type SettingDoc } from './configDocs';

/** Command-line overrides (flags of `ledger-gateway`). */
export interface ConfigFlags {
  readonly configFile?: string;
  readonly insecure?: boolean;
  readonly port?: number;
  readonly org?: string;
  readonly indexFile?: string;
}

type Raw = Readonly<Record<string, unknown>>;

/** A raw value and where it came from (for error messages). */
interface Sourced {
  readonly value: unknown;
  readonly source: string;
}

/**
 * Where a setting's value comes from: a flag, else its first non-empty environment variable, else its
 * first key in the config file; undefined for the default.
 */
function rawOf<T>(
  field: SettingField,
  setting: Setting<T>,
  sources: Readonly<{ flags: Raw; env: NodeJS.ProcessEnv; file: Raw; fileName: string }>,
): Sourced | undefined {
  const flag = sources.flags[field];
  // A boolean flag is a switch: absent and false are the same.
  if (flag !== undefined && flag !== false) {
    return { value: flag, source: `flag ${(setting.flag ?? field).split(/[ ,]/)[0] ?? field}` };
  }
  const env = [setting.env, ...(setting.envAliases ?? [])].find((name) => (sources.env[name] ?? '') !== '');
  if (env !== undefined) return { value: sources.env[env], source: `environment ${env}` };
  const key = [setting.key, ...(setting.keyAliases ?? [])].find((k) => sources.file[k] !== undefined);
  if (key !== undefined)
    return { value: sources.file[key], source: `config file ${sources.fileName}, key ${key}` };
  return undefined;
}

/**
 * Loads the configuration.
 *
 * @param env - the environment (default process.env).
 * @param flags - command-line overrides.
 * @returns the configuration.
 * @throws Error naming a bad setting, what came, what is allowed and where it came from.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  flags: Readonly<ConfigFlags> = {},
): GatewayConfig {
  const fileName = flags.configFile ?? env.LEDGER_GATEWAY_CONFIG;
  const sources = { flags: flags as Raw, env, file: readConfigFile(fileName), fileName: fileName ?? '' };
  const layout = networkLayout(env);
  const values = new Map<SettingField, unknown>();
  const given = new Set<string>();
  const resolving = new Set<SettingField>();
  const context: DefaultContext = {
    layout,
    value: <K extends SettingField>(field: K): GatewayConfig[K] =>
      resolve(field, SETTING_TABLE[field] as Setting<GatewayConfig[K]>),
  };
  function resolve<T>(field: SettingField, setting: Setting<T>): T {
    if (values.has(field)) return values.get(field) as T;
    if (resolving.has(field)) throw new Error(`${setting.key}: its default depends on itself`);
    resolving.add(field);
    const raw = rawOf(field, setting, sources);
    let value: T;
    if (raw === undefined) {
      value = 'derive' in setting.default ? setting.default.derive(context) : setting.default.value;
    } else {
      given.add(field);
      try {
        value = setting.parse(raw.value, setting.key);
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)} (from ${raw.source})`);
      }
    }
    resolving.delete(field);
    values.set(field, value);
    return value;
  }
  for (const field of SETTING_FIELDS) resolve(field, SETTING_TABLE[field] as Setting<unknown>);
  return { ...(Object.fromEntries(values) as Omit<GatewayConfig, 'layout' | 'given'>), layout, given };
}

/**
 * The org layout the gateway connects with: its org's, with the peer endpoint, TLS host alias, TLS
 * root and user folder as configured. By default that is every peer of the org in the topology.
 *
 * @param config - the configuration.
 * @returns the layout to pass to `connectAs`.
 */
export function gatewayPeer(
  config: Pick<
    GatewayConfig,
    'layout' | 'org' | 'peerEndpoint' | 'peerHostAlias' | 'peerTlsCaFile' | 'given'
  >,
): OrgLayout {
  const org = orgLayout(config.layout, config.org);
  // The default dials every peer of the org, failing over between them; an endpoint or host alias
  // given by hand (even the first peer's own) means that one peer only.
  const given = config.given ?? new Set<string>();
  const asTopology = !given.has('peerEndpoint') && !given.has('peerHostAlias');
  return {
    ...org,
    peers: asTopology
      ? org.peers
      : [{ id: 'configured', endpoint: config.peerEndpoint, hostAlias: config.peerHostAlias }],
    peerEndpoint: config.peerEndpoint,
    peerHostAlias: config.peerHostAlias,
    caCertPath: config.peerTlsCaFile,
  };
}

function readConfigFile(file: string | undefined): Raw {
  if (file === undefined || file === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`config file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `config file ${file}: got ${Array.isArray(parsed) ? 'an array' : typeof parsed}, want a JSON object`,
    );
  }
  return parsed as Raw;
}
