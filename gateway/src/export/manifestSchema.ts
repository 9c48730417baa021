/**
 * Reads `manifest.json` strictly: exact keys in order, integer ranges, lowercase hex. Pure.
 */
import { z } from 'zod';
import { orderedObject, parseJson } from '../jsonSchema';
import { EXPORT_FORMAT, type ExportManifest } from './exportFormat';

const HASH_HEX = /^[0-9a-f]{64}$/;

const intFrom = (min: number): z.ZodInt => z.int({ error: `an integer ≥ ${min}` }).min(min);
const matching = (pattern: RegExp): z.ZodString =>
  z.string({ error: `a string matching ${String(pattern)}` }).regex(pattern);
const hashList = z.array(z.string({ error: '64 lowercase hex digits' }).regex(HASH_HEX));

/** Formats this verifier reads no longer, with what to do. */
const RETIRED_FORMATS: Readonly<Record<string, string>> = {
  'ledger-export-v1': 'its leaves bind only the event hash; export the range again',
  'ledger-export-v2':
    "a range after sequence 1 proves only its last entry's leaf; export the range again (v3 binds every entry)",
};

const format = z.literal(EXPORT_FORMAT, {
  error: (issue) => {
    const retired = typeof issue.input === 'string' ? RETIRED_FORMATS[issue.input] : undefined;
    return retired === undefined ? `a string matching /^${EXPORT_FORMAT}$/` : `${EXPORT_FORMAT} (${retired})`;
  },
});

const shard = orderedObject({
  file: matching(/^shard-[0-9]{6}\.jsonl$/),
  firstSequence: intFrom(1),
  lastSequence: intFrom(1),
  count: intFrom(1),
  sha256: matching(HASH_HEX),
});

const digest = orderedObject({
  treeSize: intFrom(1),
  rootHash: matching(HASH_HEX),
  chainTipHash: matching(HASH_HEX),
  lastBlockNumber: matching(/^(?:0|[1-9][0-9]*)$/),
  signature: matching(/^(?:[0-9a-f]{2})*$/),
  certificatePem: z.string(),
  // Only in the export of a channel other than the gateway's main one: the signed bytes name it (v3).
  channel: matching(/^[a-z][a-z0-9.-]{0,248}$/).optional(),
});

const proof = orderedObject({
  kind: z.literal('consistency', { error: 'a string matching /^consistency$/' }),
  prefix: hashList,
  hashes: hashList,
});

const manifest = orderedObject({
  format,
  fromSequence: intFrom(1),
  toSequence: intFrom(1),
  count: intFrom(1),
  shardSize: intFrom(1),
  shards: z.array(shard, { error: 'a non-empty array' }).min(1, { error: 'a non-empty array' }),
  digest,
  proof,
  checksum: matching(HASH_HEX),
}).superRefine((m, ctx) => {
  if (m.toSequence < m.fromSequence) {
    ctx.addIssue({
      code: 'custom',
      path: ['toSequence'],
      input: m.toSequence,
      message: `an integer ≥ ${m.fromSequence}`,
    });
  }
});

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
  return parseJson(manifest, value);
}
