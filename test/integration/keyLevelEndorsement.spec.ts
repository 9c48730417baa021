import * as path from 'node:path';
import { expect } from 'chai';
import type { Network } from '@hyperledger/fabric-gateway';
import type { PeerOrg } from '@gateway/fabric/networkLayout';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { channelState, ensureThirdMember } from '@test-support/orgMembership';
import { validationOnEveryPeer } from '@test-support/peerValidation';
import { layout, openLedger, text, uniqueId, type LedgerSession } from '@test-support/testNetwork';

// With two member orgs the chaincode-level policy (MAJORITY of the members) already means both, so the
// owners' key-level policies (chaincode/src/ledgerContext.ts putRecord → setStateValidationParameter)
// change nothing there. With three members a majority can leave the owner out: these tests show, on
// the real peers, that the key-level policy then still requires the owner, and that the same majority
// is enough for keys without one (so each invalid outcome below is the key-level policy's doing).

const repo = path.join(__dirname, '..', '..');
const ALL_THREE = ['Org1MSP', 'Org2MSP', 'Org3MSP'];
/** The majority of three that leaves Org1, the owner of everything below, out. */
const WITHOUT_OWNER = ['Org2MSP', 'Org3MSP'];
/** A majority of three with the owner (Org1) and the receiving org (Org2). */
const WITH_OWNER = ['Org1MSP', 'Org2MSP'];
const PROOF = 'c'.repeat(64);

/** Every peer's validation code, by org: the same name for each. */
const onEveryPeer = (code: string): Record<string, string> =>
  Object.fromEntries(ALL_THREE.map((msp) => [msp, code]));

interface Account {
  readonly ownerMsp: string;
  readonly balance: string;
}

interface Product {
  readonly currentCustodian: string;
  readonly currentLocation: string;
  readonly pendingOffer: { readonly toMsp: string } | null;
}

/** How a transaction went: the commit status its submitter got and each peer's validation. */
interface Outcome {
  readonly code: number;
  readonly validation: Record<string, string>;
}

describe('key-level endorsement on a real network of three member orgs: the owner org must endorse a change of what it owns, whatever the majority', function () {
  this.timeout(600_000);
  const sessions: LedgerSession[] = [];
  const open = (org: PeerOrg, user: string): LedgerSession => {
    const session = openLedger(org, user);
    sessions.push(session);
    return session;
  };
  /** A connection to each org's peer (as its auditor), by MSP id: to ask each how it validated. */
  let peers: Record<string, Network>;
  let org1Teller: LedgerSession;
  let org2Teller: LedgerSession;
  let org1Custodian: LedgerSession;
  let org2Custodian: LedgerSession;
  /** Reads on Org3's peer, the one org that owns nothing here. */
  let org3Auditor: LedgerSession;

  /**
   * Endorses `fn` on the peers of exactly `orgs` (the Fabric Gateway asks no other), submits it and
   * waits until every peer has committed its block; returns the status and each peer's validation.
   */
  const endorsedBy = async (
    session: LedgerSession,
    fn: string,
    args: readonly string[],
    orgs: readonly string[],
  ): Promise<Outcome> => {
    const proposal = session.contract.newProposal(fn, {
      arguments: [...args],
      endorsingOrganizations: [...orgs],
    });
    const status = await (await (await proposal.endorse()).submit()).getStatus();
    return { code: status.code, validation: await validationOnEveryPeer(peers, status) };
  };

  /** A set-up write endorsed by Org1 and Org2, checked VALID on every peer (so all can endorse next). */
  const setUp = async (session: LedgerSession, fn: string, ...args: string[]): Promise<void> => {
    const outcome = await endorsedBy(session, fn, args, WITH_OWNER);
    expect(outcome.validation, `set-up ${fn}`).to.deep.equal(onEveryPeer('VALID'));
  };

  const readAccount = async (ref: string): Promise<Account> =>
    JSON.parse(text(await org3Auditor.contract.evaluateTransaction('Accounts:GetAccount', ref))) as Account;
  const readProduct = async (ref: string): Promise<Product> =>
    JSON.parse(text(await org3Auditor.contract.evaluateTransaction('Custody:GetProduct', ref))) as Product;
  /** The chaincode's error code of a read, or `found`. */
  const lookup = (fn: string, ...args: string[]): Promise<string> =>
    org3Auditor.contract.evaluateTransaction(fn, ...args).then(
      () => 'found',
      (err: unknown) => String(chaincodeErrorCode(err)),
    );

  before(async () => {
    await ensureThirdMember(layout, repo, 'org3', (org) => open(org, 'admin1'));
    org3Auditor = open('org3', 'auditor1');
    peers = {
      Org1MSP: open('org1', 'auditor1').network,
      Org2MSP: open('org2', 'auditor1').network,
      Org3MSP: org3Auditor.network,
    };
    org1Teller = open('org1', 'teller1');
    org2Teller = open('org2', 'teller1');
    org1Custodian = open('org1', 'custodian1');
    org2Custodian = open('org2', 'custodian1');
  });

  after(() => {
    sessions.forEach((s) => {
      s.close();
    });
  });

  it('runs on a channel whose application orgs are Org1, Org2 and Org3, each with its peer joined', () => {
    const state = channelState(repo);

    expect([...state.members].sort()).to.deep.equal(ALL_THREE);
    expect([...state.joinedPeers].sort()).to.deep.equal(ALL_THREE);
  });

  describe('keys without a key-level policy: the chaincode-level MAJORITY of three decides', () => {
    it('commits an Org1 account opened by an Org1 teller and endorsed by Org2 and Org3 only', async () => {
      const accountNumber = uniqueId('kl-open');

      const outcome = await endorsedBy(
        org1Teller,
        'Accounts:OpenAccount',
        [accountNumber, 'cust-kl', 'USD'],
        WITHOUT_OWNER,
      );

      expect(outcome.validation).to.deep.equal(onEveryPeer('VALID'));
      expect(await readAccount(`Org1MSP/${accountNumber}`)).to.include({
        ownerMsp: 'Org1MSP',
        balance: '0.00',
      });
    });

    it('commits an Org1 product registered by an Org1 custodian and endorsed by Org2 and Org3 only', async () => {
      const productId = uniqueId('kl-reg');

      const outcome = await endorsedBy(
        org1Custodian,
        'Custody:RegisterProduct',
        [productId, 'crate of tea', 'Antwerp'],
        WITHOUT_OWNER,
      );

      expect(outcome.validation).to.deep.equal(onEveryPeer('VALID'));
      expect((await readProduct(`Org1MSP/${productId}`)).currentCustodian).to.equal('Org1MSP');
    });

    it('invalidates an account endorsed by Org2 alone with ENDORSEMENT_POLICY_FAILURE: one of three is no majority', async () => {
      const accountNumber = uniqueId('kl-one');

      const outcome = await endorsedBy(
        org1Teller,
        'Accounts:OpenAccount',
        [accountNumber, 'cust-kl', 'USD'],
        ['Org2MSP'],
      );

      expect(outcome.validation).to.deep.equal(onEveryPeer('ENDORSEMENT_POLICY_FAILURE'));
      expect(await lookup('Accounts:GetAccount', `Org1MSP/${accountNumber}`)).to.equal('NOT_FOUND');
    });
  });

  describe('a transfer out of an Org1 account into an Org2 account', () => {
    const from = uniqueId('kl-from');
    const to = uniqueId('kl-to');
    /** The client's transaction id: the same for the refused and the committed attempt. */
    const transferId = uniqueId('kl-tr');
    const transfer = [transferId, from, `Org2MSP/${to}`, '25.00'];

    before(async () => {
      await setUp(org1Teller, 'Accounts:OpenAccount', from, 'cust-kl', 'EUR');
      await setUp(org1Teller, 'Transactions:Deposit', uniqueId('kl-dep'), from, '100.00');
      await setUp(org2Teller, 'Accounts:OpenAccount', to, 'cust-kl', 'EUR');
    });

    it('is invalidated with ENDORSEMENT_POLICY_FAILURE on every peer when Org2 and Org3, a majority without the owner, endorse it, and moves no money', async () => {
      const outcome = await endorsedBy(org1Teller, 'Transactions:Transfer', transfer, WITHOUT_OWNER);

      expect(outcome.code).to.equal(10); // fabric-protos TxValidationCode ENDORSEMENT_POLICY_FAILURE
      expect(outcome.validation).to.deep.equal(onEveryPeer('ENDORSEMENT_POLICY_FAILURE'));
      expect((await readAccount(`Org1MSP/${from}`)).balance).to.equal('100.00');
      expect((await readAccount(`Org2MSP/${to}`)).balance).to.equal('0.00');
      expect(await lookup('Transactions:GetTransaction', `Org1MSP/${transferId}`)).to.equal('NOT_FOUND');
    });

    it('commits the same transfer, with the same transaction id, when Org1 endorses it with Org2, and moves the money', async () => {
      const outcome = await endorsedBy(org1Teller, 'Transactions:Transfer', transfer, WITH_OWNER);

      expect(outcome.code).to.equal(0); // VALID
      expect(outcome.validation).to.deep.equal(onEveryPeer('VALID'));
      expect((await readAccount(`Org1MSP/${from}`)).balance).to.equal('75.00');
      expect((await readAccount(`Org2MSP/${to}`)).balance).to.equal('25.00');
      expect(await lookup('Transactions:GetTransaction', `Org1MSP/${transferId}`)).to.equal('found');
    });
  });

  describe('a custody hand-off of an Org1 product to Org2', () => {
    const productId = uniqueId('kl-prod');
    const product = `Org1MSP/${productId}`;

    before(async () => {
      await setUp(org1Custodian, 'Custody:RegisterProduct', productId, 'pallet of coffee', 'Rotterdam');
      await setUp(org1Custodian, 'Custody:OfferCustody', productId, 'Org2MSP', 'Hamburg', PROOF);
    });

    it('is invalidated with ENDORSEMENT_POLICY_FAILURE on every peer when Org2 accepts it endorsed by Org2 and Org3 without Org1, the current custodian, and custody stays with Org1', async () => {
      const outcome = await endorsedBy(org2Custodian, 'Custody:AcceptCustody', [product], WITHOUT_OWNER);

      expect(outcome.code).to.equal(10); // fabric-protos TxValidationCode ENDORSEMENT_POLICY_FAILURE
      expect(outcome.validation).to.deep.equal(onEveryPeer('ENDORSEMENT_POLICY_FAILURE'));
      const after = await readProduct(product);
      expect(after).to.include({ currentCustodian: 'Org1MSP', currentLocation: 'Rotterdam' });
      expect(after.pendingOffer?.toMsp).to.equal('Org2MSP');
    });

    it('commits the same acceptance when Org1, the current custodian, endorses it with Org2, and custody moves to Org2', async () => {
      const outcome = await endorsedBy(org2Custodian, 'Custody:AcceptCustody', [product], WITH_OWNER);

      expect(outcome.code).to.equal(0); // VALID
      expect(outcome.validation).to.deep.equal(onEveryPeer('VALID'));
      expect(await readProduct(product)).to.deep.include({
        currentCustodian: 'Org2MSP',
        currentLocation: 'Hamburg',
        pendingOffer: null,
      });
    });
  });
});
