import { expect } from 'chai';
import { JSONSerializer } from 'fabric-contract-api';
import * as sinon from 'sinon';
import { contracts, JOURNAL_EVENT_NAME, LedgerContext } from '@chaincode';

interface TransactionMetadata {
  readonly name: string;
  readonly tag: readonly string[];
  readonly parameters?: readonly { name: string; schema: { type?: string } }[];
  readonly returns?: { type?: string };
}

interface ChaincodeMetadata {
  readonly contracts: Readonly<Record<string, { readonly transactions: readonly TransactionMetadata[] }>>;
}

type ChaincodeFromContract = new (
  contracts: unknown[],
  serializers: unknown,
) => { metadata: ChaincodeMetadata };

/** Builds the metadata the real contract runtime would serve from `org.hyperledger.fabric:GetMetadata`. */
function runtimeMetadata(): ChaincodeMetadata {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Runtime = require('fabric-shim/lib/contract-spi/chaincodefromcontract') as ChaincodeFromContract;
  const serializers = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
  return new Runtime([...contracts], serializers).metadata;
}

const EXPECTED: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Governance: {
    InitConsortium: ['SUBMIT', 'consortiumJson'],
    CreateProposal: ['SUBMIT', 'actionsJson', 'description'],
    VoteOnProposal: ['SUBMIT', 'proposalId', 'vote'],
    ClaimExecution: ['SUBMIT', 'proposalId'],
    RecordExecution: ['SUBMIT', 'proposalId', 'outcomeJson'],
    SupersedeProposal: ['SUBMIT', 'proposalId'],
    GetProposal: ['EVALUATE', 'proposalId'],
    ListProposals: ['EVALUATE', 'status', 'pageSize', 'bookmark'],
    ListMembers: ['EVALUATE'],
    GetConsortium: ['EVALUATE'],
    GetVepsKeys: ['EVALUATE'],
    ListInvitations: ['EVALUATE'],
  },
  Accounts: {
    OpenAccount: ['SUBMIT', 'accountNumber', 'customerId', 'currency'],
    GetAccount: ['EVALUATE', 'accountNumber'],
    ListAccountsByCustomer: ['EVALUATE', 'customerId', 'pageSize', 'bookmark'],
    ListAccountsByOwner: ['EVALUATE', 'ownerMsp', 'pageSize', 'bookmark'],
    FreezeAccount: ['SUBMIT', 'accountNumber'],
    UnfreezeAccount: ['SUBMIT', 'accountNumber'],
    CloseAccount: ['SUBMIT', 'accountNumber'],
  },
  Transactions: {
    Deposit: ['SUBMIT', 'transactionId', 'accountNumber', 'amount'],
    Withdraw: ['SUBMIT', 'transactionId', 'accountNumber', 'amount'],
    Transfer: ['SUBMIT', 'transactionId', 'fromAccount', 'toAccount', 'amount'],
    GetTransaction: ['EVALUATE', 'transactionId'],
    GetAccountTransactions: ['EVALUATE', 'accountNumber', 'pageSize', 'bookmark', 'fromIso', 'toIso'],
  },
  Custody: {
    RegisterProduct: ['SUBMIT', 'productId', 'description', 'location'],
    GetProduct: ['EVALUATE', 'productId'],
    CreateShipment: ['SUBMIT', 'shipmentId', 'productIdsJson', 'location'],
    UpdateShipmentStatus: ['SUBMIT', 'shipmentId', 'status', 'location'],
    GetShipment: ['EVALUATE', 'shipmentId'],
    OfferCustody: ['SUBMIT', 'productId', 'toMsp', 'location', 'verificationProof'],
    AcceptCustody: ['SUBMIT', 'productId'],
    RejectCustody: ['SUBMIT', 'productId'],
    CancelOffer: ['SUBMIT', 'productId'],
    AddCertification: ['SUBMIT', 'productId', 'certType', 'issuedAt', 'expiresAt', 'documentHash'],
    GetCertifications: ['EVALUATE', 'productId'],
    GetProvenance: ['EVALUATE', 'productId'],
  },
  Terms: {
    PutTerms: ['SUBMIT', 'termsId', 'partyA', 'partyB'],
    GetTerms: ['EVALUATE', 'termsId', 'partyA', 'partyB'],
    GetTermsHash: ['EVALUATE', 'termsId', 'partyA', 'partyB'],
  },
  Journal: {
    SubmitEvents: ['SUBMIT', 'eventsJson'],
    GetEventBatch: ['EVALUATE', 'txId'],
  },
  Audit: {
    GetAuditByResource: ['EVALUATE', 'resource', 'pageSize', 'bookmark'],
    GetAuditByUser: ['EVALUATE', 'userId', 'pageSize', 'bookmark'],
    GetAuditByTime: ['EVALUATE', 'fromIso', 'toIso', 'pageSize', 'bookmark'],
    GetHistory: ['EVALUATE', 'keyType', 'id', 'pageSize', 'bookmark'],
  },
};

describe('index', () => {
  afterEach(() => {
    sinon.restore();
  });

  describe('contracts', () => {
    it('lists Accounts, Transactions, Custody, Journal, Audit, Governance, Migration and Terms, each with a LedgerContext', () => {
      const instances = contracts.map(
        (Contract) => new Contract() as { getName(): string; createContext(): unknown },
      );
      expect(instances.map((c) => c.getName())).to.deep.equal([
        'Accounts',
        'Transactions',
        'Custody',
        'Journal',
        'Audit',
        'Governance',
        'Migration',
        'Terms',
      ]);
      for (const instance of instances) {
        expect(instance.createContext()).to.be.instanceOf(LedgerContext);
      }
    });

    it('exports the journal event name for the gateway', () => {
      expect(JOURNAL_EVENT_NAME).to.equal('ledger.journal');
    });
  });

  describe('runtime metadata (what GetMetadata serves)', () => {
    const metadata = runtimeMetadata();

    it('has exactly the expected transaction functions, tags and string parameters', () => {
      for (const [contract, functions] of Object.entries(EXPECTED)) {
        const transactions = metadata.contracts[contract]?.transactions ?? [];
        expect(transactions.map((t) => t.name).sort(), contract).to.deep.equal(Object.keys(functions).sort());
        for (const transaction of transactions) {
          const [tag, ...params] = functions[transaction.name] ?? [];
          expect(transaction.tag, transaction.name).to.include(tag);
          expect(
            (transaction.parameters ?? []).map((p) => p.name),
            transaction.name,
          ).to.deep.equal(params);
          expect(
            (transaction.parameters ?? []).every((p) => p.schema.type === 'string'),
            transaction.name,
          ).to.equal(true);
          expect(transaction.returns?.type, transaction.name).to.equal('string');
        }
      }
    });
  });
});
