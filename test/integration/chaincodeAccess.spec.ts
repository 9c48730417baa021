// Access control of the chaincode on the real network: the caller's org and ledger.role come from
// its Fabric CA certificate, and a refused call changes nothing on the ledger (same record, same
// history length, no transaction record).
import { expect } from 'chai';
import type { Contract, Network } from '@hyperledger/fabric-gateway';
import { awaitCommitted } from '@gateway/fabric/awaitCommitted';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { openLedger, submitWrite, text, uniqueId, type LedgerSession } from '@test-support/testNetwork';

type Json = Record<string, unknown>;

describe('chaincode access control on the real network', function () {
  this.timeout(180_000);
  const sessions: LedgerSession[] = [];
  const contractOf = (org: 'org1' | 'org2', user: string): Contract => {
    const session = openLedger(org, user);
    sessions.push(session);
    return session.contract;
  };
  /** Org1's and Org2's peers, to wait on before a read or an endorsement there after a write elsewhere. */
  let atOrg1: Network;
  let atOrg2: Network;
  let org1Teller: Contract;
  let org2Teller: Contract;
  let org1Auditor: Contract;
  let org1Custodian: Contract;
  let org2Custodian: Contract;
  let org1NoRole: Contract;

  const read = async (fn: string, ...args: string[]): Promise<Json> =>
    JSON.parse(text(await org1Auditor.evaluateTransaction(fn, ...args))) as Json;
  const historyLength = async (recordType: string, id: string): Promise<number> =>
    ((await read('Audit:GetHistory', recordType, id, '', '')).records as unknown[]).length;
  /** The chaincode error code of a submit that must fail. */
  const refusal = async (attempt: Promise<unknown>): Promise<string | undefined> =>
    attempt.then(
      () => 'COMMITTED',
      (err: unknown) => chaincodeErrorCode(err),
    );

  before(() => {
    org1Teller = contractOf('org1', 'teller1');
    org2Teller = contractOf('org2', 'teller1');
    org1Auditor = contractOf('org1', 'auditor1');
    org1Custodian = contractOf('org1', 'custodian1');
    org2Custodian = contractOf('org2', 'custodian1');
    org1NoRole = contractOf('org1', 'norole1');
    const networkOf = (contract: Contract): Network => sessions.find((x) => x.contract === contract)!.network;
    atOrg1 = networkOf(org1Auditor);
    atOrg2 = networkOf(org2Teller);
  });

  after(() => {
    sessions.forEach((s) => {
      s.close();
    });
  });

  describe('accounts', function () {
    it('refuses an Org2 teller a withdrawal, a deposit and a transfer on an Org1 account, writing nothing', async () => {
      const account = uniqueId('acl-o1');
      const own = uniqueId('acl-o2');
      await org1Teller.submitTransaction('Accounts:OpenAccount', account, 'cust-acl', 'USD');
      const deposited = await submitWrite(
        org1Teller,
        'Transactions:Deposit',
        uniqueId('acl-dep'),
        account,
        '100.00',
      );
      const opened = await submitWrite(org2Teller, 'Accounts:OpenAccount', own, 'cust-acl', 'USD');
      // Org2's peer answers the refused calls (it needs Org1's account to refuse for the right reason)
      // and Org1's peer answers the reads of Org2's account.
      await awaitCommitted(atOrg2, deposited.commit);
      await awaitCommitted(atOrg1, opened.commit);
      const before = await read('Accounts:GetAccount', account);
      const revisions = await historyLength('account', account);
      const withdrawId = uniqueId('acl-wd');

      // Account numbers are scoped by the owner org: Org2 names Org1's account `Org1MSP/<n>`.
      const theirs = `Org1MSP/${account}`;
      const codes = [
        await refusal(org2Teller.submitTransaction('Transactions:Withdraw', withdrawId, theirs, '10.00')),
        await refusal(
          org2Teller.submitTransaction('Transactions:Deposit', uniqueId('acl-d'), theirs, '1.00'),
        ),
        await refusal(
          org2Teller.submitTransaction('Transactions:Transfer', uniqueId('acl-t'), theirs, own, '5.00'),
        ),
      ];

      expect(codes).to.deep.equal(['PERMISSION_DENIED', 'PERMISSION_DENIED', 'PERMISSION_DENIED']);
      expect(await read('Accounts:GetAccount', account)).to.deep.equal(before);
      expect(await read('Accounts:GetAccount', `Org2MSP/${own}`)).to.include({ balance: '0.00' });
      expect(await historyLength('account', account)).to.equal(revisions);
      expect(
        await refusal(
          org1Auditor.evaluateTransaction('Transactions:GetTransaction', `Org2MSP/${withdrawId}`),
        ),
      ).to.equal('NOT_FOUND');
    });

    it('refuses an auditor to open an account or deposit, writing nothing', async () => {
      const account = uniqueId('acl-aud');
      const existing = uniqueId('acl-aud-x');
      await org1Teller.submitTransaction('Accounts:OpenAccount', existing, 'cust-acl', 'EUR');
      const before = await read('Accounts:GetAccount', existing);

      const open = await refusal(
        org1Auditor.submitTransaction('Accounts:OpenAccount', account, 'cust-acl', 'EUR'),
      );
      const deposit = await refusal(
        org1Auditor.submitTransaction('Transactions:Deposit', uniqueId('acl-ad'), existing, '9.00'),
      );

      expect(open).to.equal('PERMISSION_DENIED');
      expect(deposit).to.equal('PERMISSION_DENIED');
      expect(await refusal(org1Auditor.evaluateTransaction('Accounts:GetAccount', account))).to.equal(
        'NOT_FOUND',
      );
      expect(await read('Accounts:GetAccount', existing)).to.deep.equal(before);
    });

    it('refuses a member without a ledger.role to open an account', async () => {
      const account = uniqueId('acl-nr');

      expect(
        await refusal(org1NoRole.submitTransaction('Accounts:OpenAccount', account, 'c', 'USD')),
      ).to.equal('PERMISSION_DENIED');
      expect(await refusal(org1Auditor.evaluateTransaction('Accounts:GetAccount', account))).to.equal(
        'NOT_FOUND',
      );
    });
  });

  describe('custody', function () {
    it('refuses a hand-off by a non-custodian org and by a teller of the custodian org, writing nothing', async () => {
      const productId = uniqueId('acl-prod');
      const registered = await submitWrite(
        org1Custodian,
        'Custody:RegisterProduct',
        productId,
        'crate of tea',
        'Antwerp',
      );
      // Org2's peer endorses the offers below: unless it has the product, it answers NOT_FOUND.
      await awaitCommitted(atOrg2, registered.commit);
      const before = await read('Custody:GetProduct', productId);
      const revisions = await historyLength('product', productId);
      const proof = 'c'.repeat(64);

      const byOtherOrg = await refusal(
        org2Custodian.submitTransaction(
          'Custody:OfferCustody',
          `Org1MSP/${productId}`,
          'Org2MSP',
          'Paris',
          proof,
        ),
      );
      const byTeller = await refusal(
        org1Teller.submitTransaction('Custody:OfferCustody', productId, 'Org2MSP', 'Paris', proof),
      );
      const acceptWithoutOffer = await refusal(
        org2Custodian.submitTransaction('Custody:AcceptCustody', `Org1MSP/${productId}`),
      );

      expect([byOtherOrg, byTeller]).to.deep.equal(['PERMISSION_DENIED', 'PERMISSION_DENIED']);
      expect(acceptWithoutOffer).to.be.oneOf(['FAILED_PRECONDITION', 'PERMISSION_DENIED']);
      expect(await read('Custody:GetProduct', productId)).to.deep.equal(before);
      expect(before).to.include({ currentCustodian: 'Org1MSP' });
      expect(await historyLength('product', productId)).to.equal(revisions);
    });

    it('refuses the offering org to accept its own offer on behalf of the receiver', async () => {
      const productId = uniqueId('acl-prod2');
      await org1Custodian.submitTransaction('Custody:RegisterProduct', productId, 'bags', 'Ghent');
      await org1Custodian.submitTransaction(
        'Custody:OfferCustody',
        productId,
        'Org2MSP',
        'Lille',
        'd'.repeat(64),
      );
      const before = await read('Custody:GetProduct', productId);

      const accept = await refusal(org1Custodian.submitTransaction('Custody:AcceptCustody', productId));

      expect(accept).to.equal('PERMISSION_DENIED');
      expect(await read('Custody:GetProduct', productId)).to.deep.equal(before);
    });
  });
});
