/**
 * An Amazon QLDB journal block as exported (ION_TEXT, ION_BINARY or JSON Lines) or returned by
 * GetBlock, read from its Ion value into a typed form. Pure.
 *
 * A block: `blockAddress{strandId, sequenceNo}`, `transactionId`, `blockTimestamp`, `blockHash`,
 * `entriesHash`, `previousBlockHash`, `entriesHashList`, optional `transactionInfo`,
 * `redactionInfo` and `revisions`. A revision is full (`metadata` and `data`), redacted (`metadata`
 * and `dataHash`), deleted (`metadata` only) or a system entry with only its `hash`.
 *
 * In a JSON Lines export QLDB has down-converted Ion to JSON: hashes are base64 strings and Ion types
 * (timestamps, decimals, symbols, blobs) are lost, so {@link JournalBlock.ionTyped} is false and no
 * Ion hash of its contents may be recomputed.
 */
import { dom, IonTypes } from 'ion-js';

/** Where a block sits: its strand and sequence number. */
export interface BlockAddress {
  readonly strandId: string;
  readonly sequenceNo: number;
}

/** What a revision in a block carries. */
export type RevisionKind = 'full' | 'redacted' | 'deleted' | 'hash-only';

/** One entry of a block's `revisions`. */
export interface JournalRevision {
  readonly kind: RevisionKind;
  readonly hash: Uint8Array;
  /** Present for full, redacted and deleted revisions. */
  readonly metadata?: dom.Value;
  /** Present for full revisions. */
  readonly data?: dom.Value;
  /** Present for redacted revisions: the hash of the data that was removed. */
  readonly dataHash?: Uint8Array;
  /** `metadata.id`, when given. */
  readonly documentId?: string;
  /** `metadata.version`, when given. */
  readonly version?: number;
}

/** A journal block in typed form. */
export interface JournalBlock {
  readonly address: BlockAddress;
  readonly transactionId: string;
  readonly blockHash: Uint8Array;
  readonly entriesHash: Uint8Array;
  /** Empty when the block has none (the first block of a strand). */
  readonly previousBlockHash: Uint8Array;
  readonly entriesHashList: readonly Uint8Array[];
  readonly transactionInfo?: dom.Value;
  readonly redactionInfo?: dom.Value;
  readonly revisions?: readonly JournalRevision[];
  /** False when read from JSON Lines: Ion types were lost, Ion hashes cannot be recomputed. */
  readonly ionTyped: boolean;
}

/** A block or revision whose form is wrong; the message names the field. */
export class JournalFormatError extends Error {}

/** `strandId:sequenceNo`, how reports name a block. */
export function formatAddress(address: BlockAddress): string {
  return `${address.strandId}:${address.sequenceNo}`;
}

function present(value: dom.Value | null): value is dom.Value {
  return value !== null && !value.isNull();
}

function field(value: dom.Value, name: string, where: string): dom.Value {
  const found = value.get(name);
  if (!present(found)) throw new JournalFormatError(`${where}: field ${name} is missing`);
  return found;
}

function optionalField(value: dom.Value, name: string): dom.Value | undefined {
  const found = value.get(name);
  return present(found) ? found : undefined;
}

/** A hash: an Ion blob, or (JSON Lines) a base64 string. */
export function hashValue(value: dom.Value, where: string): Uint8Array {
  const type = value.getType();
  if (type === IonTypes.BLOB) return value.uInt8ArrayValue() ?? new Uint8Array(0);
  if (type === IonTypes.STRING) {
    const text = value.stringValue() ?? '';
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
      throw new JournalFormatError(`${where}: not base64`);
    }
    return new Uint8Array(Buffer.from(text, 'base64'));
  }
  throw new JournalFormatError(`${where}: want a blob or a base64 string, got ${type.name}`);
}

function hashField(value: dom.Value, name: string, where: string, length = 32): Uint8Array {
  const hash = hashValue(field(value, name, where), `${where}: ${name}`);
  if (hash.length !== length) {
    throw new JournalFormatError(`${where}: ${name} has ${hash.length} bytes, want ${length}`);
  }
  return hash;
}

function stringField(value: dom.Value, name: string, where: string): string {
  const found = field(value, name, where);
  const type = found.getType();
  if (type !== IonTypes.STRING && type !== IonTypes.SYMBOL) {
    throw new JournalFormatError(`${where}: ${name} is not a string`);
  }
  return found.stringValue() ?? '';
}

function integerField(value: dom.Value, name: string, where: string): number {
  const found = field(value, name, where);
  const n = found.getType() === IonTypes.INT ? found.numberValue() : null;
  if (n === null || !Number.isSafeInteger(n) || n < 0) {
    throw new JournalFormatError(`${where}: ${name} is not an integer ≥ 0`);
  }
  return n;
}

/** Reads a `blockAddress` struct. */
export function parseBlockAddress(value: dom.Value, where: string): BlockAddress {
  if (value.getType() !== IonTypes.STRUCT) throw new JournalFormatError(`${where}: not a struct`);
  return {
    strandId: stringField(value, 'strandId', where),
    sequenceNo: integerField(value, 'sequenceNo', where),
  };
}

function revisionKind(
  metadata: dom.Value | undefined,
  data: dom.Value | undefined,
  dataHash: unknown,
): RevisionKind {
  if (metadata === undefined) return 'hash-only';
  if (data !== undefined) return 'full';
  return dataHash === undefined ? 'deleted' : 'redacted';
}

function metadataIdentity(metadata: dom.Value | undefined): { documentId?: string; version?: number } {
  const id = metadata === undefined ? undefined : optionalField(metadata, 'id');
  const version = metadata === undefined ? undefined : optionalField(metadata, 'version');
  return {
    ...(id === undefined ? {} : { documentId: id.stringValue() ?? '' }),
    ...(version === undefined ? {} : { version: version.numberValue() ?? -1 }),
  };
}

/** Reads one revision (a block's `revisions` element, or GetRevision's `Revision`). */
export function parseRevision(value: dom.Value, where: string): JournalRevision {
  if (value.getType() !== IonTypes.STRUCT) throw new JournalFormatError(`${where}: not a struct`);
  const hash = hashField(value, 'hash', where);
  const metadata = optionalField(value, 'metadata');
  const data = optionalField(value, 'data');
  const dataHashValue = optionalField(value, 'dataHash');
  const dataHash = dataHashValue === undefined ? undefined : hashValue(dataHashValue, `${where}: dataHash`);
  return {
    kind: revisionKind(metadata, data, dataHash),
    hash,
    ...(metadata === undefined ? {} : { metadata }),
    ...(data === undefined ? {} : { data }),
    ...(dataHash === undefined ? {} : { dataHash }),
    ...metadataIdentity(metadata),
  };
}

function hashList(value: dom.Value, where: string): Uint8Array[] {
  const list = field(value, 'entriesHashList', where);
  if (list.getType() !== IonTypes.LIST)
    throw new JournalFormatError(`${where}: entriesHashList is not a list`);
  return list.elements().map((element, i) => {
    const hash = hashValue(element, `${where}: entriesHashList[${i}]`);
    if (hash.length !== 32) throw new JournalFormatError(`${where}: entriesHashList[${i}] is not 32 bytes`);
    return hash;
  });
}

function revisionList(value: dom.Value, where: string): JournalRevision[] | undefined {
  const list = optionalField(value, 'revisions');
  if (list === undefined) return undefined;
  if (list.getType() !== IonTypes.LIST) throw new JournalFormatError(`${where}: revisions is not a list`);
  return list.elements().map((element, i) => parseRevision(element, `${where}: revisions[${i}]`));
}

function previousHash(value: dom.Value, where: string): Uint8Array {
  const found = optionalField(value, 'previousBlockHash');
  if (found === undefined) return new Uint8Array(0);
  const hash = hashValue(found, `${where}: previousBlockHash`);
  if (hash.length !== 0 && hash.length !== 32) {
    throw new JournalFormatError(`${where}: previousBlockHash has ${hash.length} bytes, want 32`);
  }
  return hash;
}

/**
 * Reads one journal block. `where` names its source (file and position) in errors; `ionTyped` is
 * false for a block read from JSON Lines.
 */
export function parseJournalBlock(value: dom.Value, where: string, ionTyped: boolean): JournalBlock {
  if (value.getType() !== IonTypes.STRUCT) throw new JournalFormatError(`${where}: a block is not a struct`);
  const address = parseBlockAddress(field(value, 'blockAddress', where), `${where}: blockAddress`);
  const at = `${where} (block ${formatAddress(address)})`;
  const transactionInfo = optionalField(value, 'transactionInfo');
  const redactionInfo = optionalField(value, 'redactionInfo');
  const revisions = revisionList(value, at);
  return {
    address,
    transactionId: stringField(value, 'transactionId', at),
    blockHash: hashField(value, 'blockHash', at),
    entriesHash: hashField(value, 'entriesHash', at),
    previousBlockHash: previousHash(value, at),
    entriesHashList: hashList(value, at),
    ...(transactionInfo === undefined ? {} : { transactionInfo }),
    ...(redactionInfo === undefined ? {} : { redactionInfo }),
    ...(revisions === undefined ? {} : { revisions }),
    ionTyped,
  };
}
