/**
 * Cuts a run of entries into shards and builds the manifest. Pure: the caller writes the shards it
 * returns and the manifest's bytes ({@link encodeManifest}).
 */
import { sha256, toHex, utf8 } from '../core';
import {
  encodeEntryLine,
  EXPORT_FORMAT,
  manifestChecksum,
  shardFileName,
  type UncheckedManifest,
  type ExportEntry,
  type ExportManifest,
  type ManifestDigest,
  type ManifestProof,
  type ShardInfo,
} from './exportFormat';

/** A complete shard: what the manifest says of it and its text. */
export interface ExportShard {
  readonly info: ShardInfo;
  readonly content: string;
}

/** Builds the shards and the manifest of one range. */
export interface ExportAssembler {
  /** Entries added so far. */
  readonly count: number;
  /**
   * Adds the next entry of the range.
   *
   * @returns the shard this entry completed, if it did.
   * @throws Error if the entry is not the next sequence number of the range.
   */
  add(entry: ExportEntry): ExportShard | undefined;
  /** Ends the range: the last, partial shard if any. */
  finish(): ExportShard | undefined;
  /**
   * The manifest of the finished range.
   *
   * @throws Error if the range is not complete.
   */
  manifest(digest: ManifestDigest, proof: ManifestProof): ExportManifest;
}

class ExportAssemblerImpl implements ExportAssembler {
  readonly #from: number;
  readonly #to: number;
  readonly #shardSize: number;
  readonly #shards: ShardInfo[] = [];
  #lines: string[] = [];
  #count = 0;

  constructor(from: number, to: number, shardSize: number) {
    this.#from = from;
    this.#to = to;
    this.#shardSize = shardSize;
  }

  get count(): number {
    return this.#count;
  }

  add(entry: ExportEntry): ExportShard | undefined {
    const want = this.#from + this.#count;
    if (entry.sequenceNumber !== want || want > this.#to) {
      throw new Error(
        `export: got sequence ${entry.sequenceNumber}, want ${want} (range ${this.#from}..${this.#to})`,
      );
    }
    this.#lines.push(encodeEntryLine(entry));
    this.#count++;
    return this.#lines.length === this.#shardSize ? this.#cut() : undefined;
  }

  finish(): ExportShard | undefined {
    return this.#lines.length === 0 ? undefined : this.#cut();
  }

  manifest(digest: ManifestDigest, proof: ManifestProof): ExportManifest {
    const count = this.#to - this.#from + 1;
    if (this.#count !== count || this.#lines.length !== 0) {
      throw new Error(`export: ${this.#count} of ${count} entries written; the range is not complete`);
    }
    const manifest: UncheckedManifest = {
      format: EXPORT_FORMAT,
      fromSequence: this.#from,
      toSequence: this.#to,
      count,
      shardSize: this.#shardSize,
      shards: this.#shards,
      digest,
      proof,
    };
    return { ...manifest, checksum: manifestChecksum(manifest) };
  }

  #cut(): ExportShard {
    const content = this.#lines.join('');
    const last = this.#from + this.#count - 1;
    const info: ShardInfo = {
      file: shardFileName(this.#shards.length + 1),
      firstSequence: last - this.#lines.length + 1,
      lastSequence: last,
      count: this.#lines.length,
      sha256: toHex(sha256(utf8(content))),
    };
    this.#shards.push(info);
    this.#lines = [];
    return { info, content };
  }
}

/**
 * Starts assembling the export of `from..to`.
 *
 * @param from - first sequence number (≥ 1).
 * @param to - last sequence number (≥ from).
 * @param shardSize - entries per shard (≥ 1).
 * @returns the assembler.
 * @throws Error for an empty range or a shard size below 1.
 */
export function newExportAssembler(from: number, to: number, shardSize: number): ExportAssembler {
  if (!Number.isSafeInteger(from) || from < 1 || !Number.isSafeInteger(to) || to < from) {
    throw new Error(`export: range ${from}..${to}, want 1 ≤ from ≤ to`);
  }
  if (!Number.isSafeInteger(shardSize) || shardSize < 1)
    throw new Error(`export: shard size ${shardSize}, want ≥ 1`);
  return new ExportAssemblerImpl(from, to, shardSize);
}
