/** The Custody contract: products, shipments, two-step custody hand-offs and certifications. */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { ErrorCode, invalidArgument, LedgerError } from '../lib/errors';
import {
  certificationKey,
  consortiumKey,
  custodyRecordKey,
  memberKey,
  productKey,
  RecordType,
  shipmentKey,
} from '../lib/keys';
import { Permission, requireOrg, requirePermission } from '../lib/roles';
import { isoFromNanos, parseIsoInstant, timeKey } from '../lib/time';
import { formatScopedId, parseScopedId, requireOwnScopedId, type ScopedId } from '../lib/scopedId';
import { parseJsonArgument, requireId, requireMsp, requireSha256Hex, requireText } from '../lib/validate';
import {
  SHIPMENT_TRANSITIONS,
  ShipmentStatus,
  type Certification,
  type CustodyOffer,
  type CustodyRecord,
  type Product,
  type Shipment,
} from '../model/custody';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Custody:<Function>`. */
export const CUSTODY_CONTRACT = 'Custody';
/** Longest product description. */
export const MAX_DESCRIPTION_LENGTH = 1024;
/** Longest location text. */
export const MAX_LOCATION_LENGTH = 256;
/** Most products in one shipment. */
export const MAX_SHIPMENT_PRODUCTS = 100;

const action = (fn: string): string => `${CUSTODY_CONTRACT}:${fn}`;

/**
 * Supply-chain custody: who holds which product, and the provenance chain of every hand-off. Product
 * ids are scoped by the registering org (kept across hand-offs), shipment ids by the creating org: an
 * argument `P-1` means the caller's org's product, `Org1MSP/P-1` another org's (see `lib/scopedId.ts`).
 */
@Info({ title: CUSTODY_CONTRACT, description: 'Products, shipments, custody hand-offs, certifications' })
export class CustodyContract extends LedgerContract {
  constructor() {
    super(CUSTODY_CONTRACT);
  }

  /**
   * Registers a product in the custody of the caller's org.
   *
   * @param ctx - transaction context.
   * @param productId - new product id, unique within the caller's org (bare, or qualified with the
   *   caller's own MSP id).
   * @param description - 1..1024 characters.
   * @param location - 1..256 characters.
   * @returns the product as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (role custodian; an id qualified with
   *   another org), ALREADY_EXISTS.
   */
  @Transaction()
  @Returns('string')
  async RegisterProduct(
    ctx: LedgerContext,
    productId: string,
    description: string,
    location: string,
  ): Promise<string> {
    const name = action('RegisterProduct');
    requirePermission(ctx.actor, Permission.OPERATE_CUSTODY, name);
    const registrant = ctx.actor.msp;
    const id = requireOwnScopedId('productId', productId, registrant);
    requireText('description', description, MAX_DESCRIPTION_LENGTH);
    requireText('location', location, MAX_LOCATION_LENGTH);
    if ((await ctx.readJson<Product>(productKey(registrant, id))) !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `product ${JSON.stringify(id)} of ${registrant} already exists`,
      );
    }
    const product: Product = {
      productId: id,
      description,
      currentCustodian: ctx.actor.msp,
      currentLocation: location,
      registeredBy: ctx.actor.msp,
      createdAt: ctx.tx.iso,
      lastUpdated: ctx.tx.iso,
      pendingOffer: null,
    };
    await ctx.putRecord(productKey(registrant, id), product, [product.currentCustodian]);
    await ctx.commitWrites('custody', name);
    return canonicalJson(product);
  }

  /**
   * Reads a product.
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's.
   * @returns the product as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetProduct(ctx: LedgerContext, productId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetProduct'));
    return canonicalJson(await loadProduct(ctx, productRef(ctx, 'productId', productId)));
  }

  /**
   * Creates a shipment of products the caller's org holds.
   *
   * @param ctx - transaction context.
   * @param shipmentId - new shipment id, unique within the caller's org.
   * @param productIdsJson - JSON array of 1..100 distinct product ids (bare: registered by the caller's
   *   org; `<mspId>/<id>`: registered by another org and handed over).
   * @param location - where the shipment starts.
   * @returns the shipment as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (role, a product held by another org,
   * a shipment id qualified with another org), NOT_FOUND, ALREADY_EXISTS.
   */
  @Transaction()
  @Returns('string')
  async CreateShipment(
    ctx: LedgerContext,
    shipmentId: string,
    productIdsJson: string,
    location: string,
  ): Promise<string> {
    const name = action('CreateShipment');
    requirePermission(ctx.actor, Permission.OPERATE_CUSTODY, name);
    const custodian = ctx.actor.msp;
    const id = requireOwnScopedId('shipmentId', shipmentId, custodian);
    const products = checkProductIds(productIdsJson, custodian);
    requireText('location', location, MAX_LOCATION_LENGTH);
    if ((await ctx.readJson<Shipment>(shipmentKey(custodian, id))) !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `shipment ${JSON.stringify(id)} of ${custodian} already exists`,
      );
    }
    for (const scoped of products) {
      const product = await loadProduct(ctx, scoped);
      requireOrg(
        ctx.actor,
        product.currentCustodian,
        `product ${JSON.stringify(formatScopedId(scoped, custodian))}`,
      );
    }
    const shipment: Shipment = {
      shipmentId: id,
      productIds: products.map((scoped) => formatScopedId(scoped, custodian)),
      status: ShipmentStatus.CREATED,
      currentLocation: location,
      custodianMsp: ctx.actor.msp,
      createdAt: ctx.tx.iso,
      updatedAt: ctx.tx.iso,
    };
    await ctx.putRecord(shipmentKey(custodian, id), shipment, [shipment.custodianMsp]);
    await ctx.commitWrites('custody', name);
    return canonicalJson(shipment);
  }

  /**
   * Moves a shipment along CREATED → IN_TRANSIT → DELIVERED (or CANCELLED before delivery);
   * IN_TRANSIT → IN_TRANSIT records a new location.
   *
   * @param ctx - transaction context.
   * @param shipmentId - shipment id: bare for one of the caller's org, `<mspId>/<id>` for another org's.
   * @param status - the new status.
   * @param location - where the shipment is now.
   * @returns the shipment as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION.
   */
  @Transaction()
  @Returns('string')
  async UpdateShipmentStatus(
    ctx: LedgerContext,
    shipmentId: string,
    status: string,
    location: string,
  ): Promise<string> {
    const name = action('UpdateShipmentStatus');
    requirePermission(ctx.actor, Permission.OPERATE_CUSTODY, name);
    const scoped = parseScopedId('shipmentId', shipmentId, ctx.actor.msp);
    const next = checkShipmentStatus(status);
    requireText('location', location, MAX_LOCATION_LENGTH);
    const shipment = await loadShipment(ctx, scoped);
    requireOrg(ctx.actor, shipment.custodianMsp, `shipment ${JSON.stringify(shipmentId)}`);
    const allowed = SHIPMENT_TRANSITIONS[shipment.status];
    if (!allowed.includes(next)) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `shipment ${JSON.stringify(shipmentId)} is ${shipment.status}: status got ${next}, want ${allowed.length > 0 ? allowed.join(' or ') : 'nothing (final status)'}`,
      );
    }
    const changed: Shipment = { ...shipment, status: next, currentLocation: location, updatedAt: ctx.tx.iso };
    await ctx.putRecord(shipmentKey(changed.custodianMsp, changed.shipmentId), changed, [
      changed.custodianMsp,
    ]);
    await ctx.commitWrites('custody', name);
    return canonicalJson(changed);
  }

  /**
   * Reads a shipment.
   *
   * @param ctx - transaction context.
   * @param shipmentId - shipment id: bare for one of the caller's org, `<mspId>/<id>` for another org's.
   * @returns the shipment as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetShipment(ctx: LedgerContext, shipmentId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetShipment'));
    return canonicalJson(await loadShipment(ctx, parseScopedId('shipmentId', shipmentId, ctx.actor.msp)));
  }

  /**
   * Step one of a hand-off: the current custodian offers the product to another org, a member of the
   * consortium (checked once the consortium is initialized). The offer stays the custodian's to
   * withdraw ({@link CancelOffer}) until the receiver accepts it, and expires after
   * {@link CUSTODY_OFFER_HOURS} hours: the product key's policy stays the custodian's alone, so no
   * offer can leave a product that only an absent org could unlock.
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's (e.g. the receiver accepting `Org1MSP/P-1`).
   * @param toMsp - the receiving org.
   * @param location - where the receiver takes the product over.
   * @param verificationProof - SHA-256 hex supplied by the caller (e.g. of a signed delivery note).
   * @returns the product as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (not the custodian org), NOT_FOUND
   * (no such product; toMsp not a consortium member), FAILED_PRECONDITION (an offer is already pending).
   */
  @Transaction()
  @Returns('string')
  async OfferCustody(
    ctx: LedgerContext,
    productId: string,
    toMsp: string,
    location: string,
    verificationProof: string,
  ): Promise<string> {
    const name = action('OfferCustody');
    requirePermission(ctx.actor, Permission.OPERATE_CUSTODY, name);
    const scoped = productRef(ctx, 'productId', productId);
    requireMsp('toMsp', toMsp);
    requireText('location', location, MAX_LOCATION_LENGTH);
    requireSha256Hex('verificationProof', verificationProof);
    const product = await loadProduct(ctx, scoped);
    requireOrg(ctx.actor, product.currentCustodian, `product ${JSON.stringify(productId)}`);
    if (toMsp === product.currentCustodian) {
      throw invalidArgument(
        'toMsp',
        toMsp,
        `an org other than the current custodian ${product.currentCustodian}`,
      );
    }
    if (product.pendingOffer !== null) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `product ${JSON.stringify(productId)} already has an offer pending for ${product.pendingOffer.toMsp}; cancel it first (Custody:CancelOffer)`,
      );
    }
    await requireConsortiumMember(ctx, toMsp);
    const offer: CustodyOffer = {
      fromMsp: product.currentCustodian,
      toMsp,
      location,
      verificationProof,
      offeredAt: ctx.tx.iso,
      expiresAt: isoFromNanos(ctx.tx.nanos + OFFER_NANOS),
      offerTxId: ctx.tx.txId,
    };
    const changed: Product = { ...product, pendingOffer: offer, lastUpdated: ctx.tx.iso };
    await ctx.putRecord(keyOf(changed), changed, [offer.fromMsp]);
    await ctx.commitWrites('custody', name);
    return canonicalJson(changed);
  }

  /**
   * Step two: the receiving org accepts; custody moves and a custody record is appended.
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's (e.g. the receiver accepting `Org1MSP/P-1`).
   * @returns the custody record as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (not the receiving org), NOT_FOUND,
   * FAILED_PRECONDITION (no pending offer).
   */
  @Transaction()
  @Returns('string')
  async AcceptCustody(ctx: LedgerContext, productId: string): Promise<string> {
    const name = action('AcceptCustody');
    const { product, offer } = await this.#pendingOfferForCaller(ctx, name, productId);
    if (ctx.tx.nanos > parseIsoInstant('expiresAt', offerExpiry(offer))) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `the offer of product ${JSON.stringify(productId)} expired at ${offerExpiry(offer)}; ${offer.fromMsp} may offer it again`,
      );
    }
    const record: CustodyRecord = {
      productId: product.productId,
      registeredBy: product.registeredBy,
      fromEntity: offer.fromMsp,
      toEntity: offer.toMsp,
      location: offer.location,
      timestamp: ctx.tx.iso,
      verificationProof: offer.verificationProof,
      fabricTxId: ctx.tx.txId,
    };
    const changed: Product = {
      ...product,
      currentCustodian: offer.toMsp,
      currentLocation: offer.location,
      lastUpdated: ctx.tx.iso,
      pendingOffer: null,
    };
    await ctx.putRecord(keyOf(changed), changed, [changed.currentCustodian]);
    await ctx.putRecord(
      custodyRecordKey(product.registeredBy, product.productId, ctx.tx.timeKey, ctx.tx.txId),
      record,
    );
    await ctx.commitWrites('custody', name);
    return canonicalJson(record);
  }

  /**
   * The receiving org declines the offer; custody stays where it is.
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's (e.g. the receiver accepting `Org1MSP/P-1`).
   * @returns the product as canonical JSON.
   * @throws {@link LedgerError} as AcceptCustody.
   */
  @Transaction()
  @Returns('string')
  async RejectCustody(ctx: LedgerContext, productId: string): Promise<string> {
    const name = action('RejectCustody');
    const { product } = await this.#pendingOfferForCaller(ctx, name, productId);
    const changed: Product = { ...product, pendingOffer: null, lastUpdated: ctx.tx.iso };
    await ctx.putRecord(keyOf(changed), changed, [changed.currentCustodian]);
    await ctx.commitWrites('custody', name);
    return canonicalJson(changed);
  }

  /**
   * The offering org withdraws its pending offer (before it is accepted, or after it expired); custody
   * stays where it is.
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's (e.g. the receiver accepting `Org1MSP/P-1`).
   * @returns the product as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (role custodian; the custodian org),
   * NOT_FOUND, FAILED_PRECONDITION (no pending offer).
   */
  @Transaction()
  @Returns('string')
  async CancelOffer(ctx: LedgerContext, productId: string): Promise<string> {
    const name = action('CancelOffer');
    requirePermission(ctx.actor, Permission.OPERATE_CUSTODY, name);
    const product = await loadProduct(ctx, productRef(ctx, 'productId', productId));
    requireOrg(ctx.actor, product.currentCustodian, `product ${JSON.stringify(productId)}`);
    if (product.pendingOffer === null) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `product ${JSON.stringify(productId)} has no pending custody offer`,
      );
    }
    const changed: Product = { ...product, pendingOffer: null, lastUpdated: ctx.tx.iso };
    await ctx.putRecord(keyOf(changed), changed, [changed.currentCustodian]);
    await ctx.commitWrites('custody', name);
    return canonicalJson(changed);
  }

  /**
   * Records a certification of a product by the caller's org.
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's (e.g. the receiver accepting `Org1MSP/P-1`).
   * @param certType - certification type, an identifier such as `ISO-22000`.
   * @param issuedAt - ISO-8601 UTC instant.
   * @param expiresAt - ISO-8601 UTC instant after issuedAt.
   * @param documentHash - SHA-256 hex of the certificate document.
   * @returns the certification as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (role custodian or admin), NOT_FOUND,
   * ALREADY_EXISTS.
   */
  @Transaction()
  @Returns('string')
  async AddCertification(
    ctx: LedgerContext,
    productId: string,
    certType: string,
    issuedAt: string,
    expiresAt: string,
    documentHash: string,
  ): Promise<string> {
    const name = action('AddCertification');
    requirePermission(ctx.actor, Permission.CERTIFY, name);
    const scoped = productRef(ctx, 'productId', productId);
    requireId('certType', certType);
    const issued = parseIsoInstant('issuedAt', issuedAt);
    if (parseIsoInstant('expiresAt', expiresAt) <= issued) {
      throw invalidArgument('expiresAt', expiresAt, `an instant after issuedAt ${JSON.stringify(issuedAt)}`);
    }
    requireSha256Hex('documentHash', documentHash);
    const product = await loadProduct(ctx, scoped);
    const key = certificationKey(
      product.registeredBy,
      product.productId,
      ctx.actor.msp,
      certType,
      timeKey(issued),
    );
    if ((await ctx.readJson<Certification>(key)) !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `certification ${certType} of product ${JSON.stringify(productId)} by ${ctx.actor.msp} issued at ${issuedAt} already exists`,
      );
    }
    const certification: Certification = {
      productId: product.productId,
      registeredBy: product.registeredBy,
      certifierMsp: ctx.actor.msp,
      type: certType,
      issuedAt,
      expiresAt,
      documentHash,
      recordedAt: ctx.tx.iso,
      fabricTxId: ctx.tx.txId,
    };
    await ctx.putRecord(key, certification);
    await ctx.commitWrites('custody', name);
    return canonicalJson(certification);
  }

  /**
   * Lists the certifications of a product (by certifier, type, then issue time).
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's (e.g. the receiver accepting `Org1MSP/P-1`).
   * @returns a JSON array of certifications.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetCertifications(ctx: LedgerContext, productId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetCertifications'));
    const product = await loadProduct(ctx, productRef(ctx, 'productId', productId));
    return canonicalJson(await collect<Certification>(ctx, RecordType.CERTIFICATION, product));
  }

  /**
   * The provenance of a product: the product and every accepted hand-off, oldest first.
   *
   * @param ctx - transaction context.
   * @param productId - product id: bare for one the caller's org registered, `<mspId>/<id>` for
   *   another org's (e.g. the receiver accepting `Org1MSP/P-1`).
   * @returns `{product, custodyChain}` as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetProvenance(ctx: LedgerContext, productId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetProvenance'));
    const product = await loadProduct(ctx, productRef(ctx, 'productId', productId));
    const custodyChain = await collect<CustodyRecord>(ctx, RecordType.CUSTODY_RECORD, product);
    return canonicalJson({ product, custodyChain });
  }

  async #pendingOfferForCaller(
    ctx: LedgerContext,
    name: string,
    productId: string,
  ): Promise<{ product: Product; offer: CustodyOffer }> {
    requirePermission(ctx.actor, Permission.OPERATE_CUSTODY, name);
    const product = await loadProduct(ctx, productRef(ctx, 'productId', productId));
    const offer = product.pendingOffer;
    if (offer === null) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `product ${JSON.stringify(productId)} has no pending custody offer`,
      );
    }
    if (offer.toMsp !== ctx.actor.msp) {
      throw new LedgerError(
        ErrorCode.PERMISSION_DENIED,
        `the offer of product ${JSON.stringify(productId)} is for ${offer.toMsp}; caller MSP got ${JSON.stringify(ctx.actor.msp)}, want ${JSON.stringify(offer.toMsp)}`,
      );
    }
    return { product, offer };
  }
}

/** A product argument: bare for the caller's org's product, `<mspId>/<id>` for another org's. */
function productRef(ctx: LedgerContext, field: string, value: string): ScopedId {
  return parseScopedId(field, value, ctx.actor.msp);
}

/** The key of a product: in the scope of the org that registered it, whoever holds it now. */
function keyOf(product: Product): string {
  return productKey(product.registeredBy, product.productId);
}

async function loadProduct(ctx: LedgerContext, scoped: ScopedId): Promise<Product> {
  const product = await ctx.readJson<Product>(productKey(scoped.msp, scoped.id));
  if (product === undefined) {
    throw new LedgerError(
      ErrorCode.NOT_FOUND,
      `product ${JSON.stringify(formatScopedId(scoped, ctx.actor.msp))} does not exist`,
    );
  }
  return product;
}

async function loadShipment(ctx: LedgerContext, scoped: ScopedId): Promise<Shipment> {
  const shipment = await ctx.readJson<Shipment>(shipmentKey(scoped.msp, scoped.id));
  if (shipment === undefined) {
    throw new LedgerError(
      ErrorCode.NOT_FOUND,
      `shipment ${JSON.stringify(formatScopedId(scoped, ctx.actor.msp))} does not exist`,
    );
  }
  return shipment;
}

async function collect<T>(ctx: LedgerContext, objectType: string, product: Product): Promise<T[]> {
  const records: T[] = [];
  for await (const entry of ctx.scanPartialKey(objectType, [product.registeredBy, product.productId])) {
    records.push(JSON.parse(Buffer.from(entry.value).toString('utf8')) as T);
  }
  return records;
}

/** The products of a shipment, sorted by their id relative to the custodian, each once. */
function checkProductIds(productIdsJson: string, custodianMsp: string): ScopedId[] {
  const parsed = parseJsonArgument('productIdsJson', productIdsJson);
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_SHIPMENT_PRODUCTS) {
    throw invalidArgument(
      'productIdsJson',
      parsed,
      `a JSON array of 1 to ${MAX_SHIPMENT_PRODUCTS} product ids`,
    );
  }
  const byRef = new Map<string, ScopedId>();
  (parsed as readonly unknown[]).forEach((id, index) => {
    const scoped = parseScopedId(`productIdsJson[${index}]`, id, custodianMsp);
    byRef.set(formatScopedId(scoped, custodianMsp), scoped);
  });
  if (byRef.size !== parsed.length) {
    throw invalidArgument('productIdsJson', parsed, 'distinct product ids');
  }
  return [...byRef.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, scoped]) => scoped);
}

function checkShipmentStatus(status: string): ShipmentStatus {
  const statuses: readonly string[] = Object.values(ShipmentStatus);
  if (!statuses.includes(status)) {
    throw invalidArgument('status', status, `one of ${statuses.join(', ')}`);
  }
  return status as ShipmentStatus;
}

/** Hours a custody offer can be accepted for. */
export const CUSTODY_OFFER_HOURS = 168;
const OFFER_NANOS = BigInt(CUSTODY_OFFER_HOURS) * 3_600_000_000_000n;

/** When an offer expires (an offer recorded before offers expired: its offer time + the validity). */
function offerExpiry(offer: CustodyOffer): string {
  return offer.expiresAt ?? isoFromNanos(parseIsoInstant('offeredAt', offer.offeredAt) + OFFER_NANOS);
}

/**
 * Refuses an org the consortium does not have as a member (once the consortium is initialized: before,
 * membership is not recorded on the ledger).
 */
async function requireConsortiumMember(ctx: LedgerContext, mspId: string): Promise<void> {
  if ((await ctx.readJson<unknown>(consortiumKey())) === undefined) return;
  if ((await ctx.readJson<unknown>(memberKey(mspId))) === undefined) {
    throw new LedgerError(
      ErrorCode.NOT_FOUND,
      `toMsp: got ${JSON.stringify(mspId)}, want a member org of the consortium`,
    );
  }
}
