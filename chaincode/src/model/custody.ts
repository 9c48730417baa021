/** Records of the Custody contract: products, shipments, custody hand-offs and certifications. */

/** A pending two-step hand-off of a product. */
export interface CustodyOffer {
  readonly fromMsp: string;
  readonly toMsp: string;
  /** Where the product will be when the receiver accepts. */
  readonly location: string;
  /** SHA-256 hex the offering custodian supplies (e.g. of a signed delivery note). */
  readonly verificationProof: string;
  readonly offeredAt: string;
  /**
   * After this instant the offer can no longer be accepted (offeredAt + CUSTODY_OFFER_HOURS); absent in
   * an offer recorded before offers expired, which expires the same time after its offer.
   */
  readonly expiresAt?: string;
  readonly offerTxId: string;
}

/**
 * A product, stored under `productKey(registeredBy, productId)`: it stays in the registering org's scope
 * whoever holds it.
 */
export interface Product {
  /** Bare product id, unique within {@link registeredBy}. */
  readonly productId: string;
  readonly description: string;
  /** MSP id of the org holding the product; its peers endorse changes (both orgs while an offer is open). */
  readonly currentCustodian: string;
  readonly currentLocation: string;
  /** MSP id of the org that registered the product: the scope of its id. */
  readonly registeredBy: string;
  readonly createdAt: string;
  readonly lastUpdated: string;
  readonly pendingOffer: CustodyOffer | null;
}

/**
 * One accepted hand-off, stored under `custodyRecordKey(registeredBy, productId, timeKey, txId)`; never
 * changed.
 */
export interface CustodyRecord {
  /** Bare product id. */
  readonly productId: string;
  /** MSP id of the org that registered the product: the scope of {@link productId}. */
  readonly registeredBy: string;
  /** MSP id of the previous custodian. */
  readonly fromEntity: string;
  /** MSP id of the new custodian. */
  readonly toEntity: string;
  readonly location: string;
  /** ISO-8601 instant of the accepting transaction. */
  readonly timestamp: string;
  readonly verificationProof: string;
  readonly fabricTxId: string;
}

/** Lifecycle of a shipment. */
export const ShipmentStatus = {
  CREATED: 'CREATED',
  IN_TRANSIT: 'IN_TRANSIT',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
} as const;

/** One of the {@link ShipmentStatus} values. */
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];

/**
 * Allowed status changes. IN_TRANSIT → IN_TRANSIT records a new location; DELIVERED and CANCELLED are
 * final.
 */
export const SHIPMENT_TRANSITIONS: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> =
  Object.freeze({
    CREATED: [ShipmentStatus.IN_TRANSIT, ShipmentStatus.CANCELLED],
    IN_TRANSIT: [ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED],
    DELIVERED: [],
    CANCELLED: [],
  });

/** A shipment, stored under `shipmentKey(custodianMsp, shipmentId)`. */
export interface Shipment {
  /** Bare shipment id, unique within {@link custodianMsp}. */
  readonly shipmentId: string;
  /**
   * Products carried, sorted, unique; relative to {@link custodianMsp}: bare for a product it registered,
   * `<mspId>/<id>` for one another org registered.
   */
  readonly productIds: readonly string[];
  readonly status: ShipmentStatus;
  readonly currentLocation: string;
  /** MSP id of the org that created and operates the shipment: the scope of its id. */
  readonly custodianMsp: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A certification of a product, stored under `certificationKey(...)`; never changed. */
export interface Certification {
  /** Bare product id. */
  readonly productId: string;
  /** MSP id of the org that registered the product: the scope of {@link productId}. */
  readonly registeredBy: string;
  /** MSP id of the certifying org (the caller). */
  readonly certifierMsp: string;
  readonly type: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** SHA-256 hex of the certificate document. */
  readonly documentHash: string;
  readonly recordedAt: string;
  readonly fabricTxId: string;
}
