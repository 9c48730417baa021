import { expect } from 'chai';
import * as sinon from 'sinon';
import { CustodyContract } from '@chaincode/contracts/custodyContract';
import { LedgerError } from '@chaincode/lib/errors';
import { consortiumKey, memberKey, productKey, shipmentKey } from '@chaincode/lib/keys';
import type { Certification, CustodyRecord, Product, Shipment } from '@chaincode/model/custody';
import { Harness, parse } from '../harness';

const PROOF = 'ab'.repeat(32);
const DOC = 'cd'.repeat(32);

describe('CustodyContract', () => {
  let h: Harness;
  const custody = new CustodyContract();

  const register = (id = 'P-1', who = h.ids.custodian1): Promise<string> =>
    h.submit(custody, who, (ctx) => custody.RegisterProduct(ctx, id, 'Vaccine batch 42', 'Warehouse A'));
  const offer = (id = 'P-1', to = 'Org2MSP', who = h.ids.custodian1): Promise<string> =>
    h.submit(custody, who, (ctx) => custody.OfferCustody(ctx, id, to, 'Dock 7', PROOF));
  const accept = (id = 'Org1MSP/P-1', who = h.ids.custodian2): Promise<string> =>
    h.submit(custody, who, (ctx) => custody.AcceptCustody(ctx, id));
  const product = (id = 'P-1', registrant = 'Org1MSP'): Product =>
    h.fake.json(productKey(registrant, id)) as Product;

  beforeEach(() => {
    h = new Harness();
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is named Custody', () => {
    expect(custody.getName()).to.equal('Custody');
  });

  describe('#RegisterProduct', () => {
    it('registers a product held by the caller org, endorsed by it', async () => {
      const result = parse<Product>(await register());
      expect(result).to.deep.equal({
        productId: 'P-1',
        description: 'Vaccine batch 42',
        currentCustodian: 'Org1MSP',
        currentLocation: 'Warehouse A',
        registeredBy: 'Org1MSP',
        createdAt: '2025-01-01T00:00:01.000Z',
        lastUpdated: '2025-01-01T00:00:01.000Z',
        pendingOffer: null,
      });
      expect(h.endorsers(productKey('Org1MSP', 'P-1'))).to.deep.equal(['Org1MSP']);
      expect(h.journal().entries[0]).to.include({ type: 'custody', action: 'Custody:RegisterProduct' });
    });

    it('rejects a duplicate product id', async () => {
      await register();
      await expect(register()).to.be.rejectedWith(LedgerError, /^\[ALREADY_EXISTS\] product "P-1"/);
    });

    it('rejects a teller', async () => {
      await expect(register('P-1', h.ids.teller1)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] Custody:RegisterProduct/,
      );
    });

    it('rejects empty or control-character text', async () => {
      await expect(
        h.submit(custody, h.ids.custodian1, (ctx) => custody.RegisterProduct(ctx, 'P-1', '', 'X')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] description/);
      await expect(
        h.submit(custody, h.ids.custodian1, (ctx) => custody.RegisterProduct(ctx, 'P-1', 'd', 'line\nbreak')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] location/);
    });
  });

  describe('org-scoped product and shipment ids', () => {
    const ship = (id: string, productIds: string, who = h.ids.custodian1): Promise<string> =>
      h.submit(custody, who, (ctx) => custody.CreateShipment(ctx, id, productIds, 'Warehouse A'));
    const read = async (id: string, who = h.ids.custodian1): Promise<Product> =>
      parse<Product>(await h.evaluate(custody, who, (ctx) => custody.GetProduct(ctx, id)));

    it('cannot be squatted: another org registering the same product id first makes a different product', async () => {
      const theirs = parse<Product>(await register('P-1', h.ids.custodian2));
      const mine = parse<Product>(await register('P-1', h.ids.custodian1));
      expect(theirs).to.include({ productId: 'P-1', registeredBy: 'Org2MSP', currentCustodian: 'Org2MSP' });
      expect(mine).to.include({ productId: 'P-1', registeredBy: 'Org1MSP', currentCustodian: 'Org1MSP' });
      expect(product('P-1', 'Org2MSP')).to.deep.equal(theirs);
      expect(product('P-1', 'Org1MSP')).to.deep.equal(mine);
      expect((await read('P-1')).registeredBy).to.equal('Org1MSP');
      expect((await read('P-1', h.ids.custodian2)).registeredBy).to.equal('Org2MSP');
      expect((await read('Org2MSP/P-1')).registeredBy).to.equal('Org2MSP');
      // Org1's offer of its bare P-1 moves its own product, not the squatter's.
      await offer('P-1', 'Org3MSP');
      expect(product('P-1', 'Org1MSP').pendingOffer?.toMsp).to.equal('Org3MSP');
      expect(product('P-1', 'Org2MSP').pendingOffer).to.equal(null);
    });

    it("refuses to register a product qualified with another org's MSP id, writing nothing", async () => {
      const puts = h.fake.stub.putState.callCount;
      await expect(register('Org1MSP/P-2', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] productId: got "Org1MSP\/P-2", want an id of the caller's org Org2MSP/,
      );
      expect(h.fake.stub.putState.callCount).to.equal(puts);
      expect(h.fake.events).to.have.length(0);
      expect(h.fake.state.has(productKey('Org1MSP', 'P-2'))).to.equal(false);
      expect(parse<Product>(await register('P-2')).registeredBy).to.equal('Org1MSP');
    });

    it('lets two orgs create shipments of the same id, and refuses one qualified with another org', async () => {
      await register('P-1', h.ids.custodian2);
      await register('P-1');
      const theirs = parse<Shipment>(await ship('S-1', '["P-1"]', h.ids.custodian2));
      const mine = parse<Shipment>(await ship('S-1', '["P-1"]'));
      expect(theirs).to.include({ shipmentId: 'S-1', custodianMsp: 'Org2MSP' });
      expect(mine).to.include({ shipmentId: 'S-1', custodianMsp: 'Org1MSP' });
      expect(h.fake.json(shipmentKey('Org2MSP', 'S-1'))).to.deep.equal(theirs);
      expect(h.fake.json(shipmentKey('Org1MSP', 'S-1'))).to.deep.equal(mine);
      const puts = h.fake.stub.putState.callCount;
      await expect(ship('Org1MSP/S-2', '["P-1"]', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] shipmentId: got "Org1MSP\/S-2", want an id of the caller's org Org2MSP/,
      );
      expect(h.fake.stub.putState.callCount).to.equal(puts);
      expect(h.fake.events).to.have.length(0);
      expect(h.fake.state.has(shipmentKey('Org1MSP', 'S-2'))).to.equal(false);
      const read = await h.evaluate(custody, h.ids.custodian2, (ctx) =>
        custody.GetShipment(ctx, 'Org1MSP/S-1'),
      );
      expect(parse<Shipment>(read)).to.deep.equal(mine);
    });

    it('ships a product received from another org under its qualified id, and shows its provenance to the receiver', async () => {
      await register('P-1');
      await offer('P-1', 'Org2MSP');
      await accept('Org1MSP/P-1');
      await register('P-5', h.ids.custodian2);
      const shipment = parse<Shipment>(await ship('S-1', '["P-5","Org1MSP/P-1"]', h.ids.custodian2));
      expect(shipment.productIds).to.deep.equal(['Org1MSP/P-1', 'P-5']);
      await expect(ship('S-2', '["Org2MSP/P-5","P-5"]', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /distinct product ids/,
      );
      const provenance = parse<{ product: Product; custodyChain: CustodyRecord[] }>(
        await h.evaluate(custody, h.ids.custodian2, (ctx) => custody.GetProvenance(ctx, 'Org1MSP/P-1')),
      );
      expect(provenance.product).to.include({
        productId: 'P-1',
        registeredBy: 'Org1MSP',
        currentCustodian: 'Org2MSP',
      });
      expect(provenance.custodyChain.map((r) => [r.registeredBy, r.productId, r.toEntity])).to.deep.equal([
        ['Org1MSP', 'P-1', 'Org2MSP'],
      ]);
    });
  });

  describe('#GetProduct', () => {
    it('reads a product and reports a missing one', async () => {
      await register();
      expect(
        parse<Product>(await h.evaluate(custody, h.ids.auditor1, (ctx) => custody.GetProduct(ctx, 'P-1')))
          .productId,
      ).to.equal('P-1');
      await expect(
        h.evaluate(custody, h.ids.auditor1, (ctx) => custody.GetProduct(ctx, 'P-2')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\]/);
    });
  });

  describe('#OfferCustody', () => {
    beforeEach(async () => {
      await register();
    });

    it("records the pending offer, valid for 168 hours, and leaves the product the custodian's to endorse", async () => {
      const result = parse<Product>(await offer());
      expect(result.pendingOffer).to.deep.equal({
        fromMsp: 'Org1MSP',
        toMsp: 'Org2MSP',
        location: 'Dock 7',
        verificationProof: PROOF,
        offeredAt: '2025-01-01T00:00:02.000Z',
        expiresAt: '2025-01-08T00:00:02.000Z',
        offerTxId: h.fake.txId,
      });
      expect(result.currentCustodian).to.equal('Org1MSP');
      expect(h.endorsers(productKey('Org1MSP', 'P-1'))).to.deep.equal(['Org1MSP']);
    });

    it('refuses an offer to an org that is not a member once the consortium is initialized', async () => {
      h.fake.seed(consortiumKey(), { id: 'current' });
      h.fake.seed(memberKey('Org2MSP'), { mspId: 'Org2MSP' });

      await expect(offer('P-1', 'Org9MSP')).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] toMsp: got "Org9MSP", want a member org of the consortium/,
      );
      expect(parse<Product>(await offer('P-1', 'Org2MSP')).pendingOffer?.toMsp).to.equal('Org2MSP');
    });

    it('takes any well-formed org before the consortium is initialized (membership is not on the ledger yet)', async () => {
      expect(parse<Product>(await offer('P-1', 'Org9MSP')).pendingOffer?.toMsp).to.equal('Org9MSP');
    });

    it('refuses a hand-off by a non-custodian org', async () => {
      await expect(offer('Org1MSP/P-1', 'Org3MSP', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] product "Org1MSP\/P-1" belongs to Org1MSP; caller MSP got "Org2MSP"/,
      );
    });

    it('refuses a hand-off by a non-custodian role of the custodian org', async () => {
      await expect(offer('P-1', 'Org2MSP', h.ids.admin1)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] Custody:OfferCustody/,
      );
    });

    it('refuses an offer to itself, a second pending offer and a bad proof', async () => {
      await expect(offer('P-1', 'Org1MSP')).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] toMsp/);
      await expect(
        h.submit(custody, h.ids.custodian1, (ctx) =>
          custody.OfferCustody(ctx, 'P-1', 'Org2MSP', 'Dock', 'not-a-hash'),
        ),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] verificationProof/);
      await offer();
      await expect(offer('P-1', 'Org3MSP')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] product "P-1" already has an offer pending for Org2MSP; cancel it first/,
      );
    });
  });

  describe('#CancelOffer', () => {
    const cancel = (who = h.ids.custodian1): Promise<string> =>
      h.submit(custody, who, (ctx) => custody.CancelOffer(ctx, 'Org1MSP/P-1'));

    beforeEach(async () => {
      await register();
    });

    it('lets the offering custodian withdraw an offer to an org that will never answer, endorsed by itself alone', async () => {
      await offer('P-1', 'Org9MSP');

      const result = parse<Product>(await cancel());

      expect(result.pendingOffer).to.equal(null);
      expect(result.currentCustodian).to.equal('Org1MSP');
      expect(h.endorsers(productKey('Org1MSP', 'P-1'))).to.deep.equal(['Org1MSP']);
      expect(parse<Product>(await offer('P-1', 'Org2MSP')).pendingOffer?.toMsp).to.equal('Org2MSP');
    });

    it('refuses the receiving org and a product without an offer', async () => {
      await expect(cancel()).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] product "Org1MSP\/P-1" has no pending/,
      );
      await offer();

      await expect(cancel(h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] product "Org1MSP\/P-1" belongs to Org1MSP; caller MSP got "Org2MSP"/,
      );
    });
  });

  describe('#AcceptCustody', () => {
    beforeEach(async () => {
      await register();
      await offer();
    });

    it('moves custody, appends a custody record and hands the key policy to the new custodian', async () => {
      const record = parse<CustodyRecord>(await accept());
      expect(record).to.deep.equal({
        productId: 'P-1',
        registeredBy: 'Org1MSP',
        fromEntity: 'Org1MSP',
        toEntity: 'Org2MSP',
        location: 'Dock 7',
        timestamp: '2025-01-01T00:00:03.000Z',
        verificationProof: PROOF,
        fabricTxId: h.fake.txId,
      });
      expect(product()).to.include({
        currentCustodian: 'Org2MSP',
        currentLocation: 'Dock 7',
        pendingOffer: null,
      });
      expect(h.endorsers(productKey('Org1MSP', 'P-1'))).to.deep.equal(['Org2MSP']);
      const entry = h.journal().entries[0]!;
      expect(entry).to.include({ action: 'Custody:AcceptCustody' });
      const keys = 'writes' in entry ? entry.writes.map((w) => w.key) : [];
      expect(keys[0]).to.match(/^\/custody\/Org1MSP\/P-1\/\d{20}\/[0-9a-f]{64}\/$/);
      expect(keys[1]).to.equal('/product/Org1MSP/P-1/');
    });

    it('accepts up to the last instant of the offer and refuses once it expired, naming when', async () => {
      const at = (time: string): Promise<string> =>
        h.submit(custody, h.ids.custodian2, (ctx) => custody.AcceptCustody(ctx, 'Org1MSP/P-1'), { time });

      await expect(at('2025-01-08T00:00:02.001Z')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] the offer of product "Org1MSP\/P-1" expired at 2025-01-08T00:00:02.000Z; Org1MSP may offer it again/,
      );
      expect(parse<CustodyRecord>(await at('2025-01-08T00:00:02.000Z')).toEntity).to.equal('Org2MSP');
    });

    it('refuses accepting an offer meant for another org', async () => {
      await expect(accept('Org1MSP/P-1', h.ids.custodian3)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] the offer of product "Org1MSP\/P-1" is for Org2MSP; caller MSP got "Org3MSP"/,
      );
      await expect(accept('P-1', h.ids.custodian1)).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\]/);
      // Org2's bare P-1 is Org2's own product, which does not exist.
      await expect(accept('P-1', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] product "P-1"/,
      );
      expect(product().currentCustodian).to.equal('Org1MSP');
    });

    it('refuses a product without a pending offer', async () => {
      await accept();
      await expect(accept()).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] product "Org1MSP\/P-1" has no pending custody offer/,
      );
    });

    it("lets the new custodian hand the product on, the product keeping its registrant's scope", async () => {
      await accept();
      await offer('Org1MSP/P-1', 'Org3MSP', h.ids.custodian2);
      await accept('Org1MSP/P-1', h.ids.custodian3);
      expect(product()).to.include({ currentCustodian: 'Org3MSP', registeredBy: 'Org1MSP' });
      expect(h.fake.state.has(productKey('Org2MSP', 'P-1'))).to.equal(false);
      expect(h.fake.state.has(productKey('Org3MSP', 'P-1'))).to.equal(false);
    });
  });

  describe('#RejectCustody', () => {
    beforeEach(async () => {
      await register();
      await offer();
    });

    it('clears the offer and keeps custody where it is', async () => {
      const result = parse<Product>(
        await h.submit(custody, h.ids.custodian2, (ctx) => custody.RejectCustody(ctx, 'Org1MSP/P-1')),
      );
      expect(result).to.include({ currentCustodian: 'Org1MSP', pendingOffer: null });
      expect(h.endorsers(productKey('Org1MSP', 'P-1'))).to.deep.equal(['Org1MSP']);
      const provenance = parse<{ custodyChain: CustodyRecord[] }>(
        await h.evaluate(custody, h.ids.auditor1, (ctx) => custody.GetProvenance(ctx, 'P-1')),
      );
      expect(provenance.custodyChain).to.have.length(0);
    });

    it('refuses the offering org', async () => {
      await expect(
        h.submit(custody, h.ids.custodian1, (ctx) => custody.RejectCustody(ctx, 'P-1')),
      ).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\]/);
    });
  });

  describe('#GetProvenance', () => {
    it('returns the product and every hand-off, oldest first', async () => {
      await register();
      await offer();
      await accept();
      await offer('Org1MSP/P-1', 'Org3MSP', h.ids.custodian2);
      await accept('Org1MSP/P-1', h.ids.custodian3);
      const result = parse<{ product: Product; custodyChain: CustodyRecord[] }>(
        await h.evaluate(custody, h.ids.teller1, (ctx) => custody.GetProvenance(ctx, 'P-1')),
      );
      expect(result.product.currentCustodian).to.equal('Org3MSP');
      expect(result.custodyChain.map((r) => [r.fromEntity, r.toEntity])).to.deep.equal([
        ['Org1MSP', 'Org2MSP'],
        ['Org2MSP', 'Org3MSP'],
      ]);
      expect(h.fake.openIterators).to.equal(0);
    });
  });

  describe('#CreateShipment', () => {
    const create = (productIds: string, who = h.ids.custodian1): Promise<string> =>
      h.submit(custody, who, (ctx) => custody.CreateShipment(ctx, 'S-1', productIds, 'Warehouse A'));

    beforeEach(async () => {
      await register('P-1');
      await register('P-2');
    });

    it('creates a shipment of products the caller org holds', async () => {
      const shipment = parse<Shipment>(await create('["P-2","P-1"]'));
      expect(shipment).to.deep.equal({
        shipmentId: 'S-1',
        productIds: ['P-1', 'P-2'],
        status: 'CREATED',
        currentLocation: 'Warehouse A',
        custodianMsp: 'Org1MSP',
        createdAt: '2025-01-01T00:00:03.000Z',
        updatedAt: '2025-01-01T00:00:03.000Z',
      });
      expect(h.endorsers(shipmentKey('Org1MSP', 'S-1'))).to.deep.equal(['Org1MSP']);
    });

    it('rejects malformed JSON, wrong types, empty and duplicate lists', async () => {
      const cases: [string, RegExp][] = [
        ['["P-1"', /^\[INVALID_ARGUMENT\] productIdsJson: got .*want well-formed JSON/],
        ['{"P-1":true}', /^\[INVALID_ARGUMENT\] productIdsJson/],
        ['[]', /^\[INVALID_ARGUMENT\] productIdsJson/],
        ['[1]', /^\[INVALID_ARGUMENT\] productIdsJson\[0\]/],
        ['["P-1","P-1"]', /distinct product ids/],
      ];
      for (const [json, pattern] of cases) {
        await expect(create(json), json).to.be.rejectedWith(LedgerError, pattern);
      }
    });

    it('rejects unknown products and products held by another org', async () => {
      await expect(create('["P-9"]')).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] product "P-9"/);
      await expect(create('["Org1MSP/P-1"]', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] product "Org1MSP\/P-1" belongs to Org1MSP/,
      );
      await expect(create('["P-1"]', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] product "P-1" does not exist/,
      );
    });

    it('rejects a duplicate shipment id', async () => {
      await create('["P-1"]');
      await expect(create('["P-2"]')).to.be.rejectedWith(LedgerError, /^\[ALREADY_EXISTS\] shipment "S-1"/);
    });
  });

  describe('#UpdateShipmentStatus', () => {
    const update = (status: string, location = 'Road', who = h.ids.custodian1): Promise<string> =>
      h.submit(custody, who, (ctx) => custody.UpdateShipmentStatus(ctx, 'S-1', status, location));

    beforeEach(async () => {
      await register();
      await h.submit(custody, h.ids.custodian1, (ctx) =>
        custody.CreateShipment(ctx, 'S-1', '["P-1"]', 'Warehouse A'),
      );
    });

    it('follows CREATED → IN_TRANSIT → IN_TRANSIT → DELIVERED', async () => {
      expect(parse<Shipment>(await update('IN_TRANSIT', 'Highway 1')).status).to.equal('IN_TRANSIT');
      expect(parse<Shipment>(await update('IN_TRANSIT', 'Highway 2')).currentLocation).to.equal('Highway 2');
      expect(parse<Shipment>(await update('DELIVERED', 'Dock 7')).status).to.equal('DELIVERED');
      const shipment = parse<Shipment>(
        await h.evaluate(custody, h.ids.auditor1, (ctx) => custody.GetShipment(ctx, 'S-1')),
      );
      expect(shipment).to.include({ status: 'DELIVERED', currentLocation: 'Dock 7' });
    });

    it('refuses invalid transitions and unknown statuses', async () => {
      await expect(update('DELIVERED')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] shipment "S-1" is CREATED: status got DELIVERED, want IN_TRANSIT or CANCELLED/,
      );
      await update('CANCELLED');
      await expect(update('IN_TRANSIT')).to.be.rejectedWith(LedgerError, /want nothing \(final status\)/);
      await expect(update('LOST')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] status: got "LOST"/,
      );
    });

    it('refuses another org and reports an unknown shipment', async () => {
      await expect(
        h.submit(custody, h.ids.custodian2, (ctx) =>
          custody.UpdateShipmentStatus(ctx, 'Org1MSP/S-1', 'IN_TRANSIT', 'Road'),
        ),
      ).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\] shipment "Org1MSP\/S-1"/);
      await expect(update('IN_TRANSIT', 'Road', h.ids.custodian2)).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] shipment "S-1"/,
      );
      await expect(
        h.submit(custody, h.ids.custodian1, (ctx) =>
          custody.UpdateShipmentStatus(ctx, 'S-9', 'IN_TRANSIT', 'x'),
        ),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] shipment "S-9"/);
    });
  });

  describe('#AddCertification', () => {
    const certify = (
      issued = '2025-01-01T00:00:00Z',
      expires = '2026-01-01T00:00:00Z',
      who = h.ids.custodian2,
    ): Promise<string> =>
      h.submit(custody, who, (ctx) =>
        custody.AddCertification(ctx, 'Org1MSP/P-1', 'GMP', issued, expires, DOC),
      );

    beforeEach(async () => {
      await register();
    });

    it('records a certification by the caller org and lists it', async () => {
      const cert = parse<Certification>(await certify());
      expect(cert).to.include({
        productId: 'P-1',
        registeredBy: 'Org1MSP',
        certifierMsp: 'Org2MSP',
        type: 'GMP',
        documentHash: DOC,
      });
      expect(h.journal().entries[0]).to.satisfy((entry: { writes?: { key: string }[] }) =>
        (entry.writes ?? []).some((w) => w.key.startsWith('/certification/Org1MSP/P-1/Org2MSP/GMP/')),
      );
      await certify('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', h.ids.admin1);
      const list = parse<Certification[]>(
        await h.evaluate(custody, h.ids.auditor1, (ctx) => custody.GetCertifications(ctx, 'P-1')),
      );
      expect(list.map((c) => c.certifierMsp)).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('rejects an expiry before the issue date, bad instants and a bad hash', async () => {
      await expect(certify('2025-01-01T00:00:00Z', '2024-01-01T00:00:00Z')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] expiresAt/,
      );
      await expect(certify('soon')).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] issuedAt/);
      await expect(
        h.submit(custody, h.ids.custodian1, (ctx) =>
          custody.AddCertification(ctx, 'P-1', 'GMP', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'XYZ'),
        ),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] documentHash/);
    });

    it('rejects a duplicate certification, an unknown product and a teller', async () => {
      await certify();
      await expect(certify()).to.be.rejectedWith(LedgerError, /^\[ALREADY_EXISTS\] certification GMP/);
      await expect(
        h.submit(custody, h.ids.custodian1, (ctx) =>
          custody.AddCertification(ctx, 'P-9', 'GMP', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', DOC),
        ),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\]/);
      await expect(certify(undefined, undefined, h.ids.teller1)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\]/,
      );
    });
  });
});
