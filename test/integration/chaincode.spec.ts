import { expect } from 'chai';
import { StatusCode, type Contract, type Network } from '@hyperledger/fabric-gateway';
import { awaitCommitted, type CommittedTransaction } from '@gateway/fabric/awaitCommitted';
import { chaincodeErrorCode, isCommitFailure, isEndorsementMismatch } from '@test-support/fabricErrors';
import { openLedger, submitWrite, text, uniqueId, type LedgerSession } from '@test-support/testNetwork';

interface Account {
  accountNumber: string;
  ownerMsp: string;
  balance: string;
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Exponential backoff with full jitter, capped at 2 s: spreads the retries of conflicting clients. */
const backoff = (attempt: number): Promise<void> => pause(Math.random() * Math.min(2000, 50 * 2 ** attempt));

describe('ledger chaincode on the real network', () => {
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
  let org1Custodian: Contract;
  let org2Custodian: Contract;
  let org2Auditor: Contract;

  /** Reads an account on Org2's peer; account numbers are scoped by the owner org, so it is named `<msp>/<n>`. */
  const readAccount = async (accountNumber: string, ownerMsp = 'Org1MSP'): Promise<Account> =>
    JSON.parse(
      text(await org2Auditor.evaluateTransaction('Accounts:GetAccount', `${ownerMsp}/${accountNumber}`)),
    ) as Account;
  const readAs = async (contract: Contract, accountNumber: string): Promise<Account> =>
    JSON.parse(text(await contract.evaluateTransaction('Accounts:GetAccount', accountNumber))) as Account;

  before(() => {
    org1Teller = contractOf('org1', 'teller1');
    org2Teller = contractOf('org2', 'teller1');
    org1Custodian = contractOf('org1', 'custodian1');
    org2Custodian = contractOf('org2', 'custodian1');
    org2Auditor = contractOf('org2', 'auditor1');
    const networkOf = (contract: Contract): Network => sessions.find((x) => x.contract === contract)!.network;
    atOrg1 = networkOf(org1Teller);
    atOrg2 = networkOf(org2Auditor);
  });

  after(() => {
    sessions.forEach((s) => {
      s.close();
    });
  });

  describe('endorsement policies', () => {
    it('invalidates a deposit to an Org1 account endorsed only by Org2 (ENDORSEMENT_POLICY_FAILURE)', async () => {
      const accountNumber = uniqueId('pol-acct');
      const opened = await submitWrite(org1Teller, 'Accounts:OpenAccount', accountNumber, 'cust-pol', 'USD');
      // Org2's peer endorses alone below: without the account it would refuse with NOT_FOUND.
      await awaitCommitted(atOrg2, opened.commit);
      const proposal = org1Teller.newProposal('Transactions:Deposit', {
        arguments: [uniqueId('pol-dep'), accountNumber, '10.00'],
        endorsingOrganizations: ['Org2MSP'],
      });

      const status = await (await (await proposal.endorse()).submit()).getStatus();

      expect(status.code).to.equal(StatusCode.ENDORSEMENT_POLICY_FAILURE);
      // The read below is on Org2's peer: it must have committed the (invalid) deposit's block first.
      await expect(awaitCommitted(atOrg2, status)).to.be.rejectedWith(/ENDORSEMENT_POLICY_FAILURE/);
      expect((await readAccount(accountNumber)).balance).to.equal('0.00');
    });

    it('applies a transfer between two orgs when both owners endorse', async () => {
      const from = uniqueId('x-org1');
      const to = uniqueId('x-org2');
      await org1Teller.submitTransaction('Accounts:OpenAccount', from, 'cust-x', 'EUR');
      const openedTo = await submitWrite(org2Teller, 'Accounts:OpenAccount', to, 'cust-x', 'EUR');
      const deposited = await submitWrite(
        org1Teller,
        'Transactions:Deposit',
        uniqueId('x-dep'),
        from,
        '25.50',
      );
      // Both owners' peers endorse the transfer: each must have the other org's writes.
      await awaitCommitted(atOrg1, openedTo.commit);
      await awaitCommitted(atOrg2, deposited.commit);

      const transfer = await submitWrite(
        org1Teller,
        'Transactions:Transfer',
        uniqueId('x-tr'),
        from,
        `Org2MSP/${to}`,
        '20.25',
      );

      await awaitCommitted(atOrg2, transfer.commit);
      expect((await readAccount(from)).balance).to.equal('5.25');
      expect((await readAccount(to, 'Org2MSP')).balance).to.equal('20.25');
    });
  });

  describe('org-scoped ids', () => {
    it("cannot be squatted: Org1 opens the account number Org2 opened first, each org reads its own, and a qualified transfer reaches Org2's", async () => {
      const accountNumber = uniqueId('ACC-SQUAT');
      const squat = await submitWrite(org2Teller, 'Accounts:OpenAccount', accountNumber, 'cust-squat', 'USD');
      // Org1's peer endorses Org1's open below: it must have the squat, or the open proves nothing.
      await awaitCommitted(atOrg1, squat.commit);

      const opened = await submitWrite(
        org1Teller,
        'Accounts:OpenAccount',
        accountNumber,
        'cust-squat',
        'USD',
      );

      expect(JSON.parse(text(opened.result))).to.include({ accountNumber, ownerMsp: 'Org1MSP' });
      const deposited = await submitWrite(
        org1Teller,
        'Transactions:Deposit',
        uniqueId('sq-dep'),
        accountNumber,
        '10.00',
      );
      // The transfer below is endorsed by both owners' peers: Org2's must have the deposit.
      await awaitCommitted(atOrg2, deposited.commit);
      const transfer = await submitWrite(
        org1Teller,
        'Transactions:Transfer',
        uniqueId('sq-tr'),
        accountNumber,
        `Org2MSP/${accountNumber}`,
        '4.00',
      );
      expect(JSON.parse(text(transfer.result))).to.include({
        creatorMsp: 'Org1MSP',
        fromAccount: accountNumber,
        toAccount: `Org2MSP/${accountNumber}`,
      });
      await awaitCommitted(atOrg2, transfer.commit);

      expect(await readAs(org1Teller, accountNumber)).to.include({ ownerMsp: 'Org1MSP', balance: '6.00' });
      expect(await readAs(org2Teller, accountNumber)).to.include({ ownerMsp: 'Org2MSP', balance: '4.00' });
      expect(await readAccount(accountNumber, 'Org2MSP')).to.include({
        ownerMsp: 'Org2MSP',
        balance: '4.00',
      });
    });

    it("refuses an org opening an account in another org's scope", async () => {
      const open = org2Teller.submitTransaction(
        'Accounts:OpenAccount',
        `Org1MSP/${uniqueId('ACC-SQUAT')}`,
        'cust-squat',
        'USD',
      );

      await expect(open).to.be.rejected.then((err: unknown) => {
        expect(chaincodeErrorCode(err)).to.equal('PERMISSION_DENIED');
      });
    });
  });

  describe('concurrent transfers', () => {
    it('conserves money over 50 concurrent transfers, retrying MVCC conflicts so each applies once', async () => {
      const accounts = [
        uniqueId('cc-a'),
        uniqueId('cc-b'),
        uniqueId('cc-c'),
        uniqueId('cc-d'),
        uniqueId('cc-e'),
      ];
      for (const a of accounts) {
        await org1Teller.submitTransaction('Accounts:OpenAccount', a, 'cust-cc', 'USD');
        await org1Teller.submitTransaction('Transactions:Deposit', uniqueId('cc-dep'), a, '100.00');
      }
      const transfers = Array.from({ length: 50 }, (_, i) => ({
        id: uniqueId(`cc-tr${i}`),
        from: accounts[i % 5]!,
        to: accounts[(i + 1 + (i % 3)) % 5]!,
        amount: `${(i % 7) + 1}.${String((i * 13) % 100).padStart(2, '0')}`,
      }));
      let conflicts = 0;
      let mismatches = 0;
      /** The applied transfer in the highest block: once Org2's peer has it, it has every one. */
      let lastApplied: CommittedTransaction | undefined;
      const outcome = async (t: (typeof transfers)[number]): Promise<'applied' | 'refused'> => {
        for (let attempt = 0; attempt < 60; attempt++) {
          try {
            const { commit } = await submitWrite(
              org1Teller,
              'Transactions:Transfer',
              t.id,
              t.from,
              t.to,
              t.amount,
            );
            if (lastApplied === undefined || commit.blockNumber > lastApplied.blockNumber)
              lastApplied = commit;
            return 'applied';
          } catch (err) {
            if (isCommitFailure(err, StatusCode.MVCC_READ_CONFLICT)) {
              conflicts++;
              await backoff(attempt);
              continue;
            }
            if (isEndorsementMismatch(err)) {
              // The two peers simulated at different heights: retry once the lagging one has caught up.
              mismatches++;
              await backoff(attempt);
              continue;
            }
            // No attempt that failed here was committed valid, so DUPLICATE_REQUEST cannot occur.
            if (chaincodeErrorCode(err) === 'INSUFFICIENT_FUNDS') return 'refused';
            throw err;
          }
        }
        throw new Error(`transfer ${t.id} still conflicting after 60 attempts`);
      };

      const results = await Promise.all(transfers.map(outcome));
      if (lastApplied !== undefined) await awaitCommitted(atOrg2, lastApplied);

      const expected = new Map(accounts.map((a) => [a, 10_000]));
      transfers.forEach((t, i) => {
        if (results[i] !== 'applied') return;
        expected.set(t.from, expected.get(t.from)! - cents(t.amount));
        expected.set(t.to, expected.get(t.to)! + cents(t.amount));
      });
      const balances = await Promise.all(accounts.map(async (a) => cents((await readAccount(a)).balance)));
      expect(balances).to.deep.equal(accounts.map((a) => expected.get(a)));
      expect(balances.reduce((x, y) => x + y, 0)).to.equal(50_000);
      expect(balances.every((b) => b >= 0)).to.equal(true);
      // Whether transfers collided is timing, not behaviour: it is reported, not asserted.
      console.log(`      ${conflicts} MVCC_READ_CONFLICT retries, ${mismatches} endorsement mismatches`);
      const replay = org1Teller.submitTransaction(
        'Transactions:Transfer',
        transfers[0]!.id,
        transfers[0]!.from,
        transfers[0]!.to,
        transfers[0]!.amount,
      );
      await expect(replay).to.be.rejected.then((err: unknown) => {
        expect(chaincodeErrorCode(err)).to.equal('DUPLICATE_REQUEST');
      });
    });
  });

  describe('custody hand-off between orgs', () => {
    it('moves custody to Org2 only after Org2 accepts, and records the provenance', async () => {
      const productId = uniqueId('prod');
      const proof = 'a'.repeat(64);
      await org1Custodian.submitTransaction(
        'Custody:RegisterProduct',
        productId,
        'pallet of coffee',
        'Rotterdam',
      );
      const offered = await submitWrite(
        org1Custodian,
        'Custody:OfferCustody',
        productId,
        'Org2MSP',
        'Hamburg',
        proof,
      );
      // Org2's peer, which answers the reads and endorses the acceptance, may be a block behind Org1's.
      await awaitCommitted(atOrg2, offered.commit);
      // Product ids are scoped by the registering org: Org2 names Org1's product `Org1MSP/<id>`.
      const theirs = `Org1MSP/${productId}`;
      const beforeAccept = JSON.parse(
        text(await org2Auditor.evaluateTransaction('Custody:GetProduct', theirs)),
      ) as {
        currentCustodian: string;
      };

      await org2Custodian.submitTransaction('Custody:AcceptCustody', theirs);

      const product = JSON.parse(
        text(await org2Auditor.evaluateTransaction('Custody:GetProduct', theirs)),
      ) as {
        currentCustodian: string;
        currentLocation: string;
        registeredBy: string;
      };
      expect(beforeAccept.currentCustodian).to.equal('Org1MSP');
      expect(product).to.include({
        currentCustodian: 'Org2MSP',
        currentLocation: 'Hamburg',
        registeredBy: 'Org1MSP',
      });
      const provenance = text(await org2Auditor.evaluateTransaction('Custody:GetProvenance', theirs));
      expect(provenance).to.contain('"fromEntity":"Org1MSP"').and.to.contain('"toEntity":"Org2MSP"');
      expect(provenance).to.contain(proof);
    });

    it('refuses a hand-off offered by an org that is not the custodian', async () => {
      const productId = uniqueId('prod-x');
      const registered = await submitWrite(
        org1Custodian,
        'Custody:RegisterProduct',
        productId,
        'crate',
        'Antwerp',
      );
      // Org2's peer endorses the offer below: unless it has the product, it answers NOT_FOUND.
      await awaitCommitted(atOrg2, registered.commit);

      const offer = org2Custodian.submitTransaction(
        'Custody:OfferCustody',
        `Org1MSP/${productId}`,
        'Org2MSP',
        'Paris',
        'b'.repeat(64),
      );

      await expect(offer).to.be.rejected.then((err: unknown) => {
        expect(chaincodeErrorCode(err)).to.equal('PERMISSION_DENIED');
      });
    });
  });

  describe('custody offers that cannot freeze a product', () => {
    it('lets the custodian withdraw an offer to an org that will never answer, or refuses the offer outright to a non-member', async () => {
      const productId = uniqueId('prod-cancel');
      const registered = await submitWrite(
        org1Custodian,
        'Custody:RegisterProduct',
        productId,
        'drum',
        'Oslo',
      );
      await awaitCommitted(atOrg2, registered.commit);
      const consortiumExists = await org2Auditor.evaluateTransaction('Governance:GetConsortium').then(
        () => true,
        (err: unknown) => {
          if (chaincodeErrorCode(err) === 'NOT_FOUND') return false;
          throw err;
        },
      );

      const offer = submitWrite(
        org1Custodian,
        'Custody:OfferCustody',
        productId,
        'Org9MSP',
        'Bergen',
        'f'.repeat(64),
      );

      if (consortiumExists) {
        await expect(offer).to.be.rejected.then((err: unknown) => {
          expect(chaincodeErrorCode(err)).to.equal('NOT_FOUND');
        });
      } else {
        await awaitCommitted(atOrg2, (await offer).commit);
        const cancelled = await submitWrite(org1Custodian, 'Custody:CancelOffer', productId);
        await awaitCommitted(atOrg2, cancelled.commit);
      }
      const reoffered = await submitWrite(
        org1Custodian,
        'Custody:OfferCustody',
        productId,
        'Org2MSP',
        'Bergen',
        'f'.repeat(64),
      );
      await awaitCommitted(atOrg2, reoffered.commit);
      await org2Custodian.submitTransaction('Custody:AcceptCustody', `Org1MSP/${productId}`);

      const product = JSON.parse(
        text(await org2Auditor.evaluateTransaction('Custody:GetProduct', `Org1MSP/${productId}`)),
      ) as { currentCustodian: string; pendingOffer: unknown };
      expect(product).to.deep.include({ currentCustodian: 'Org2MSP', pendingOffer: null });
    });
  });

  describe('history and audit', () => {
    it('returns every revision of an account and an audit record per write', async () => {
      const accountNumber = uniqueId('hist');
      await org1Teller.submitTransaction('Accounts:OpenAccount', accountNumber, 'cust-hist', 'JPY');
      await org1Teller.submitTransaction('Transactions:Deposit', uniqueId('h-dep'), accountNumber, '500');
      const withdrawn = await submitWrite(
        org1Teller,
        'Transactions:Withdraw',
        uniqueId('h-wd'),
        accountNumber,
        '120',
      );

      await awaitCommitted(atOrg2, withdrawn.commit);
      const history = JSON.parse(
        text(
          await org2Auditor.evaluateTransaction(
            'Audit:GetHistory',
            'account',
            `Org1MSP/${accountNumber}`,
            '',
            '',
          ),
        ),
      ) as { records: { value: Account | null }[] };
      const audit = JSON.parse(
        text(
          await org2Auditor.evaluateTransaction(
            'Audit:GetAuditByResource',
            `/account/Org1MSP/${accountNumber}/`,
            '',
            '',
          ),
        ),
      ) as { records: { action: string }[] };

      expect(history.records.map((r) => r.value?.balance)).to.have.members(['0', '500', '380']);
      expect(audit.records.map((r) => r.action)).to.have.members([
        'Accounts:OpenAccount',
        'Transactions:Deposit',
        'Transactions:Withdraw',
      ]);
    });
  });
});
