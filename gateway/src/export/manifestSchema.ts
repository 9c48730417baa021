/**
 * Reads `manifest.json` strictly: exact keys, integer ranges, lowercase hex. Pure.
 */
import {
  EXPORT_FORMAT,
  type ExportManifest,
  type ManifestDigest,
  type ManifestProof,
  type ShardInfo,
} from './exportFormat';

type Fields = Readonly<Record<string, unknown>>;

const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;
const HASH_HEX = /^[0-9a-f]{64}$/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function fail(path: string, got: unknown, want: string): never {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got).slice(0, 80);
  throw new Error(`${path}: got ${shown}, want ${want}`);
}

function object(value: unknown, path: string, keys: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, value, 'an object');
  const fields = value as Fields;
  const got = Object.keys(fields);
  if (got.length !== keys.length || got.some((k, i) => k !== keys[i])) {
    fail(path, got, `the keys ${keys.join(', ')} in this order`);
  }
  return fields;
}

function int(fields: Fields, key: string, path: string, min: number): number {
  const value = fields[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(`${path}.${key}`, value, `an integer ≥ ${min}`);
  }
  return value;
}

function str(fields: Fields, key: string, path: string, pattern?: RegExp): string {
  const value = fields[key];
  if (typeof value !== 'string' || (pattern !== undefined && !pattern.test(value))) {
    fail(
      `${path}.${key}`,
      value,
      pattern === undefined ? 'a string' : `a string matching ${String(pattern)}`,
    );
  }
  return value;
}

function shard(value: unknown, path: string): ShardInfo {
  const f = object(value, path, ['file', 'firstSequence', 'lastSequence', 'count', 'sha256']);
  return {
    file: str(f, 'file', path, /^shard-[0-9]{6}\.jsonl$/),
    firstSequence: int(f, 'firstSequence', path, 1),
    lastSequence: int(f, 'lastSequence', path, 1),
    count: int(f, 'count', path, 1),
    sha256: str(f, 'sha256', path, HASH_HEX),
  };
}

function digest(value: unknown): ManifestDigest {
  const path = 'digest';
  const keys = ['treeSize', 'rootHash', 'chainTipHash', 'lastBlockNumber', 'signature', 'certificatePem'];
  const f = object(value, path, keys);
  return {
    treeSize: int(f, 'treeSize', path, 1),
    rootHash: str(f, 'rootHash', path, HASH_HEX),
    chainTipHash: str(f, 'chainTipHash', path, HASH_HEX),
    lastBlockNumber: str(f, 'lastBlockNumber', path, DECIMAL),
    signature: str(f, 'signature', path, LOWER_HEX),
    certificatePem: str(f, 'certificatePem', path),
  };
}

function hashList(f: Fields, key: string): string[] {
  const hashes = f[key];
  if (!Array.isArray(hashes)) fail(`proof.${key}`, hashes, 'an array');
  (hashes as readonly unknown[]).forEach((h, i) => {
    if (typeof h !== 'string' || !HASH_HEX.test(h)) fail(`proof.${key}[${i}]`, h, '64 lowercase hex digits');
  });
  return hashes as string[];
}

function proof(value: unknown): ManifestProof {
  const f = object(value, 'proof', ['kind', 'prefix', 'hashes']);
  const kind = str(f, 'kind', 'proof', /^consistency$/) as ManifestProof['kind'];
  return { kind, prefix: hashList(f, 'prefix'), hashes: hashList(f, 'hashes') };
}

/** Formats this verifier reads no longer, with what to do. */
const RETIRED_FORMATS: Readonly<Record<string, string>> = {
  'ledger-export-v1': 'its leaves bind only the event hash; export the range again',
  'ledger-export-v2':
    "a range after sequence 1 proves only its last entry's leaf; export the range again (v3 binds every entry)",
};

function format(f: Fields): ExportManifest['format'] {
  const got = f.format;
  const retired = typeof got === 'string' ? RETIRED_FORMATS[got] : undefined;
  if (retired !== undefined) fail('$.format', got, `${EXPORT_FORMAT} (${retired})`);
  return str(f, 'format', '$', new RegExp(`^${EXPORT_FORMAT}$`)) as ExportManifest['format'];
}

/**
 * Parses and checks the manifest's bytes.
 *
 * @param bytes - the content of `manifest.json`.
 * @returns the manifest.
 * @throws Error naming the field, what was found and what is wanted.
 */
export function parseManifest(bytes: Uint8Array): ExportManifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('not UTF-8 JSON');
  }
  const keys = [
    'format',
    'fromSequence',
    'toSequence',
    'count',
    'shardSize',
    'shards',
    'digest',
    'proof',
    'checksum',
  ];
  const f = object(value, '$', keys);
  const manifestFormat = format(f);
  const shards = f.shards;
  if (!Array.isArray(shards) || shards.length === 0) fail('shards', shards, 'a non-empty array');
  const fromSequence = int(f, 'fromSequence', '$', 1);
  const toSequence = int(f, 'toSequence', '$', fromSequence);
  return {
    format: manifestFormat,
    fromSequence,
    toSequence,
    count: int(f, 'count', '$', 1),
    shardSize: int(f, 'shardSize', '$', 1),
    shards: (shards as readonly unknown[]).map((s, i) => shard(s, `shards[${i}]`)),
    digest: digest(f.digest),
    proof: proof(f.proof),
    checksum: str(f, 'checksum', '$', HASH_HEX),
  };
}
