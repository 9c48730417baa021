/**
 * World-state key layout. Every key the chaincode writes is built here, from exported constants, so a
 * prefix is never repeated as a literal. Composite keys use Fabric's format
 * (`\u0000type\u0000attr1\u0000attr2\u0000`), built without the shim so the module stays pure.
 */

/** Fabric's composite-key namespace and separator character. */
export const COMPOSITE_KEY_SEPARATOR = '\u0000';

/** Object types of the primary records (each is an audited "resource"). */
export const RecordType = {
  ACCOUNT: 'account',
  TRANSACTION: 'transaction',
  PRODUCT: 'product',
  SHIPMENT: 'shipment',
  CUSTODY_RECORD: 'custody',
  CERTIFICATION: 'certification',
} as const;

/** One of the {@link RecordType} values. */
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** Object types of the secondary indexes (value `{}`; the key carries the data). */
export const IndexType = {
  /** `[ownerMsp, customerId, accountNumber]`: customer ids are scoped by the org owning the account. */
  ACCOUNT_BY_CUSTOMER: 'account~customer',
  /** `[ownerMsp, accountNumber]` */
  ACCOUNT_BY_OWNER: 'account~owner',
  /**
   * `[accountOwnerMsp, accountNumber, invertedTimeKey, transactionCreatorMsp, transactionId]`: newest
   * first.
   */
  TRANSACTION_BY_ACCOUNT: 'transaction~account',
  /** `[resource, timeKey, txId]`; the value is the audit record. */
  AUDIT_BY_RESOURCE: 'audit~resource',
  /** `[userId, timeKey, txId, resource]`; the value is the audit record. */
  AUDIT_BY_USER: 'audit~user',
} as const;

/** One of the {@link IndexType} values. */
export type IndexType = (typeof IndexType)[keyof typeof IndexType];

/**
 * Simple-key prefix of the journal's virtual per-event keys, `event/<eventId>`: the gateway lists an
 * event's history under it. World state holds no per-event key (see {@link EVENT_BATCH_KEY_PREFIX}).
 */
export const EVENT_KEY_PREFIX = 'event/';

/** Simple-key prefix of the record of one `Journal:SubmitEvents` transaction: `eventbatch/<txId>`. */
export const EVENT_BATCH_KEY_PREFIX = 'eventbatch/';

/**
 * Simple-key prefix of the audit time index: `audit~time/<timeKey>/<txId>/<resource>`, a simple key so
 * that a time window is one range query. The value is the audit record.
 */
export const AUDIT_TIME_KEY_PREFIX = 'audit~time/';

/** Highest Unicode code point, the open end of a prefix range. */
export const MAX_UNICODE_RUNE = '\u{10ffff}';

/**
 * Key types accepted by `Audit:GetHistory`, mapped to the record type they address: the primary
 * records, the record of a batch of submitted events, and the governance records (consortium, member,
 * proposal; their composite keys use the same names as object types).
 */
export const HISTORY_KEY_TYPES: Readonly<
  Record<string, RecordType | 'eventbatch' | 'consortium' | 'member' | 'proposal'>
> = Object.freeze({
  account: RecordType.ACCOUNT,
  transaction: RecordType.TRANSACTION,
  product: RecordType.PRODUCT,
  shipment: RecordType.SHIPMENT,
  eventbatch: 'eventbatch',
  consortium: 'consortium',
  member: 'member',
  proposal: 'proposal',
});

/** The {@link HISTORY_KEY_TYPES} whose records have a composite key (all but `eventbatch`). */
export const COMPOSITE_HISTORY_KEY_TYPES: readonly string[] = Object.freeze(
  Object.keys(HISTORY_KEY_TYPES).filter((keyType) => keyType !== 'eventbatch'),
);

const PRINTABLE_HISTORY_KEY = new RegExp(`^/(${COMPOSITE_HISTORY_KEY_TYPES.join('|')})/(.+)/$`);

/**
 * The printable key of a record with a composite key, from its type and id, as journal entries list
 * it: `/<type>/<id>/`, where a scoped id `<mspId>/<id>` is two key attributes.
 *
 * @param objectType - one of {@link COMPOSITE_HISTORY_KEY_TYPES}.
 * @param recordId - e.g. `Org1MSP/ACC-1`, or `current` for the consortium.
 * @returns e.g. `/account/Org1MSP/ACC-1/`.
 * @throws {@link RangeError} for an empty part or one containing U+0000.
 */
export function printableRecordKey(objectType: string, recordId: string): string {
  return printableKey(compositeKey(objectType, recordId.split('/')));
}

/**
 * The inverse of {@link printableRecordKey} for the types of {@link COMPOSITE_HISTORY_KEY_TYPES}.
 *
 * @param key - a printable key.
 * @returns its type and id, or `undefined` when it is not the key of such a record.
 */
export function recordOfPrintableKey(key: string): { objectType: string; recordId: string } | undefined {
  const match = PRINTABLE_HISTORY_KEY.exec(key);
  const objectType = match?.[1];
  const recordId = match?.[2];
  return objectType === undefined || recordId === undefined ? undefined : { objectType, recordId };
}

/**
 * Builds a composite key exactly as `ChaincodeStub.createCompositeKey` does.
 *
 * @param objectType - non-empty, no U+0000.
 * @param attributes - each non-empty, no U+0000.
 * @returns the key.
 * @throws {@link RangeError} for an empty part or one containing U+0000.
 */
export function compositeKey(objectType: string, attributes: readonly string[]): string {
  for (const part of [objectType, ...attributes]) {
    if (part.length === 0 || part.includes(COMPOSITE_KEY_SEPARATOR)) {
      throw new RangeError(`composite key part ${JSON.stringify(part)} is empty or contains U+0000`);
    }
  }
  return (
    COMPOSITE_KEY_SEPARATOR + [objectType, ...attributes].map((p) => p + COMPOSITE_KEY_SEPARATOR).join('')
  );
}

/**
 * Splits a composite key as `ChaincodeStub.splitCompositeKey` does.
 *
 * @param key - a composite key.
 * @returns its object type and attributes, or `undefined` for a simple key.
 */
export function splitCompositeKey(key: string): { objectType: string; attributes: string[] } | undefined {
  if (!key.startsWith(COMPOSITE_KEY_SEPARATOR) || !key.endsWith(COMPOSITE_KEY_SEPARATOR) || key.length < 3) {
    return undefined;
  }
  const [objectType, ...attributes] = key.slice(1, -1).split(COMPOSITE_KEY_SEPARATOR);
  return objectType === undefined ? undefined : { objectType, attributes };
}

/**
 * The printable form of a key used in journal entries and audit records: U+0000 replaced by `/`.
 *
 * @param key - any world-state key.
 * @returns e.g. `/account/Org1MSP/ACC-1/` for the composite key of Org1MSP's account `ACC-1`.
 */
export function printableKey(key: string): string {
  return key.replaceAll(COMPOSITE_KEY_SEPARATOR, '/');
}

/**
 * @param ownerMsp - the org that opened the account (its scope).
 * @param accountNumber - the bare account number.
 * @returns the key of an account, `/account/<ownerMsp>/<accountNumber>/` in printable form.
 */
export function accountKey(ownerMsp: string, accountNumber: string): string {
  return compositeKey(RecordType.ACCOUNT, [ownerMsp, accountNumber]);
}

/**
 * @param creatorMsp - the org whose client chose the transaction id (its scope).
 * @param transactionId - the bare client-chosen id.
 * @returns the key of a transaction record.
 */
export function transactionKey(creatorMsp: string, transactionId: string): string {
  return compositeKey(RecordType.TRANSACTION, [creatorMsp, transactionId]);
}

/**
 * @param registrantMsp - the org that registered the product (its scope, kept across hand-offs).
 * @param productId - the bare product id.
 * @returns the key of a product.
 */
export function productKey(registrantMsp: string, productId: string): string {
  return compositeKey(RecordType.PRODUCT, [registrantMsp, productId]);
}

/**
 * @param custodianMsp - the org that created the shipment (its scope).
 * @param shipmentId - the bare shipment id.
 * @returns the key of a shipment.
 */
export function shipmentKey(custodianMsp: string, shipmentId: string): string {
  return compositeKey(RecordType.SHIPMENT, [custodianMsp, shipmentId]);
}

/**
 * @returns the key of one custody hand-off of a product (scoped like the product); ordered by time
 * within the product.
 */
export function custodyRecordKey(
  registrantMsp: string,
  productId: string,
  timeKey: string,
  txId: string,
): string {
  return compositeKey(RecordType.CUSTODY_RECORD, [registrantMsp, productId, timeKey, txId]);
}

/** @returns the key of one certification of a product (scoped like the product). */
export function certificationKey(
  registrantMsp: string,
  productId: string,
  certifierMsp: string,
  type: string,
  issuedKey: string,
): string {
  return compositeKey(RecordType.CERTIFICATION, [registrantMsp, productId, certifierMsp, type, issuedKey]);
}

/** @returns the simple key of the record of one batch of submitted events, `eventbatch/<txId>`. */
export function eventBatchKey(txId: string): string {
  return EVENT_BATCH_KEY_PREFIX + txId;
}

/**
 * Simple-key prefix of the marker of one imported record, `import/<mspId>/<importId>`: imports are
 * scoped by the importing org, and the marker makes a second import of the same id a no-op.
 */
export const IMPORT_KEY_PREFIX = 'import/';

/** Simple-key prefix of the record of one `Migration:ImportEntries` transaction: `importbatch/<txId>`. */
export const IMPORT_BATCH_KEY_PREFIX = 'importbatch/';

/**
 * @param mspId - the importing org.
 * @param importId - the record's import id.
 * @returns the simple key of the marker of one imported record.
 */
export function importKey(mspId: string, importId: string): string {
  return `${IMPORT_KEY_PREFIX}${mspId}/${importId}`;
}

/** @returns the simple key of the record of one `Migration:ImportEntries` transaction. */
export function importBatchKey(txId: string): string {
  return IMPORT_BATCH_KEY_PREFIX + txId;
}

/** @returns the simple key of an audit record in the time index. */
export function auditTimeKey(timeKey: string, txId: string, resource: string): string {
  return `${AUDIT_TIME_KEY_PREFIX}${timeKey}/${txId}/${resource}`;
}

/** Object types of the governance records (composite keys). */
export const GovernanceRecordType = {
  /** `[CONSORTIUM_RECORD_ID]`: network name and policies. */
  CONSORTIUM: 'consortium',
  /** `[mspId]`: one current member. */
  MEMBER: 'member',
  /** `[proposalId]`: a proposal with its votes and execution outcome. */
  PROPOSAL: 'proposal',
  /** `[charterSha256]`: a consortium definition and the founding members that accepted it. */
  CHARTER: 'charter',
  /** `[CONSORTIUM_RECORD_ID]`: the consortium's VEPS verification keys (`VepsKeysRecord` of `model/governance.ts`). */
  VEPS_KEYS: 'veps-keys',
} as const;

/** The one attribute of the consortium record's key. */
export const CONSORTIUM_RECORD_ID = 'current';

/** @returns the key of the consortium record. */
export function consortiumKey(): string {
  return compositeKey(GovernanceRecordType.CONSORTIUM, [CONSORTIUM_RECORD_ID]);
}

/** @returns the key of a member record. */
export function memberKey(mspId: string): string {
  return compositeKey(GovernanceRecordType.MEMBER, [mspId]);
}

/** @returns the key of a consortium charter. */
export function charterKey(charterSha256: string): string {
  return compositeKey(GovernanceRecordType.CHARTER, [charterSha256]);
}

/** @returns the key of a proposal. */
export function proposalKey(proposalId: string): string {
  return compositeKey(GovernanceRecordType.PROPOSAL, [proposalId]);
}

/** @returns the key of the consortium's VEPS keys record. */
export function vepsKeysKey(): string {
  return compositeKey(GovernanceRecordType.VEPS_KEYS, [CONSORTIUM_RECORD_ID]);
}
