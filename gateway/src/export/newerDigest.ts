/**
 * Ties an export's signed digest to a newer one, offline: the newer digest (saved with `ledger digest >
 * FILE`, possibly much later) must be signed, at least as large, and an RFC 9162 consistency proof
 * (saved with `ledger consistency OLD NEW > FILE`) must show the export's tree is a prefix of it. Pure:
 * it gets the files' bytes and returns the problems found.
 */
import {
  bytesEqual,
  channelOfSigningBytes,
  fromHex,
  verifyConsistency,
  verifyDigestSignature,
  type LedgerDigest,
} from '../core';
import { z } from 'zod';
import { JsonSchemaError, parseJson } from '../jsonSchema';
import { checkDigestSigner, type SignerPolicy } from '../security/digestSigner';

/** A digest as `ledger digest` prints it (GetDigest's answer, bytes base64, integers as strings). */
export interface SavedDigest {
  readonly digest: LedgerDigest;
  readonly signature: Uint8Array;
  readonly certificatePem: string;
}

/** A consistency proof as `ledger consistency` prints it. */
export interface SavedConsistency {
  readonly firstSize: number;
  readonly secondSize: number;
  readonly hashes: readonly Uint8Array[];
}

/** A JSON file's bytes checked by `schema`; errors read `<what> <field>: got …, want …`. */
function parseFile<T>(bytes: Uint8Array, what: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new Error(`${what}: not JSON`);
  }
  try {
    return parseJson(schema, value);
  } catch (err) {
    if (!(err instanceof JsonSchemaError)) throw err;
    throw new Error(`${what}${err.field === '$' ? '' : ` ${err.field}`}: ${err.problem}`);
  }
}

/** A tree size: a decimal string (GetDigest prints integers as strings). */
const size = z
  .string({ error: 'a decimal string' })
  .regex(/^[0-9]{1,16}$/, { error: 'a decimal string' })
  .transform(Number)
  .refine(Number.isSafeInteger, { error: 'a decimal string' });

/** A SHA-256 hash in hex (either case). */
const hash = z
  .string({ error: '64 hex digits' })
  .regex(/^[0-9a-fA-F]{64}$/, { error: '64 hex digits' })
  .transform((hex) => fromHex(hex));

/**
 * The channel named by a saved digest's base64 `signedBytes` (v3), else undefined: then the signature
 * is checked as a main channel's and fails for another channel's digest.
 */
function savedChannel(signedBytes: string | undefined): string | undefined {
  if (signedBytes === undefined) return undefined;
  try {
    return channelOfSigningBytes(new Uint8Array(Buffer.from(signedBytes, 'base64')));
  } catch {
    return undefined;
  }
}

const savedDigest = z
  .object(
    {
      treeSize: size,
      rootHash: hash,
      chainTipHash: hash,
      lastBlockNumber: z.string().regex(/^[0-9]{1,20}$/, { error: 'decimal' }),
      signature: z.string(),
      certificatePem: z.string(),
      // Base64; a digest of a channel other than the gateway's main one names it there (v3).
      signedBytes: z.string().optional(),
    },
    { error: 'an object' },
  )
  .transform((o): SavedDigest => {
    const channel = savedChannel(o.signedBytes);
    return {
      digest: {
        treeSize: o.treeSize,
        rootHash: o.rootHash,
        chainTipHash: o.chainTipHash,
        lastBlockNumber: BigInt(o.lastBlockNumber),
        ...(channel === undefined ? {} : { channel }),
      },
      signature: new Uint8Array(Buffer.from(o.signature, 'base64')),
      certificatePem: o.certificatePem,
    };
  });

const savedConsistency: z.ZodType<SavedConsistency> = z.object(
  {
    firstSize: size,
    secondSize: size,
    hashes: z.array(hash, { error: 'an array of hex strings' }),
  },
  { error: 'an object' },
);

/**
 * Reads the output of `ledger digest`.
 *
 * @throws {@link Error} naming the field for anything malformed.
 */
export function parseSavedDigest(bytes: Uint8Array): SavedDigest {
  return parseFile(bytes, 'newer digest', savedDigest);
}

/**
 * Reads the output of `ledger consistency`.
 *
 * @throws {@link Error} naming the field for anything malformed.
 */
export function parseSavedConsistency(bytes: Uint8Array): SavedConsistency {
  return parseFile(bytes, 'consistency proof', savedConsistency);
}

function signatureProblem(newer: SavedDigest, signers: SignerPolicy | undefined): string | undefined {
  if (!verifyDigestSignature(newer.digest, newer.signature, newer.certificatePem)) {
    return "newer digest: the signature does not verify against the digest's certificate";
  }
  if (signers === undefined) return undefined;
  const verdict = checkDigestSigner(newer.certificatePem, signers.trust, signers.at);
  return verdict.ok ? undefined : `newer digest: ${verdict.reason}`;
}

function consistencyProblem(
  older: LedgerDigest,
  newer: LedgerDigest,
  proof: SavedConsistency | undefined,
): string | undefined {
  if (newer.treeSize < older.treeSize) {
    return `newer digest: tree size ${newer.treeSize} is smaller than the export's digest ${older.treeSize}`;
  }
  if (newer.treeSize === older.treeSize) {
    const same =
      bytesEqual(newer.rootHash, older.rootHash) && bytesEqual(newer.chainTipHash, older.chainTipHash);
    return same ? undefined : `newer digest: same tree size ${newer.treeSize} but another root or chain tip`;
  }
  if (proof === undefined) {
    return `newer digest: a consistency proof from ${older.treeSize} to ${newer.treeSize} is needed (--consistency FILE)`;
  }
  if (proof.firstSize !== older.treeSize || proof.secondSize !== newer.treeSize) {
    return `consistency proof: from ${proof.firstSize} to ${proof.secondSize}, want from ${older.treeSize} to ${newer.treeSize}`;
  }
  try {
    verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, proof.hashes);
    return undefined;
  } catch (err) {
    return `consistency proof: the export's digest is not a prefix of the newer digest: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Checks that an export's (already verified) digest is a prefix of a newer signed digest.
 *
 * @param older - the export's digest.
 * @param newer - the newer signed digest.
 * @param proof - the consistency proof from `older.treeSize` to `newer.treeSize` (not needed for equal sizes).
 * @param signers - when given, who may sign the newer digest (a gateway identity of a trusted member).
 * @returns the problems found (empty when the newer digest extends the export's).
 */
export function checkNewerDigest(
  older: LedgerDigest,
  newer: SavedDigest,
  proof: SavedConsistency | undefined,
  signers?: SignerPolicy,
): string[] {
  const problems: string[] = [];
  try {
    const signature = signatureProblem(newer, signers);
    if (signature !== undefined) problems.push(signature);
  } catch (err) {
    problems.push(`newer digest: ${err instanceof Error ? err.message : String(err)}`);
  }
  const consistency = consistencyProblem(older, newer.digest, proof);
  if (consistency !== undefined) problems.push(consistency);
  return problems;
}
