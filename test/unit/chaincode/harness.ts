/**
 * Runs contract functions the way fabric-shim's contract runtime does (createContext, before,
 * function, after), one simulated Fabric transaction per call, over a {@link FakeStub}.
 */
import { expect } from 'chai';
import type { ClientIdentity } from 'fabric-shim';
import type { SinonStubbedInstance } from 'sinon';
import { KeyEndorsementPolicy } from 'fabric-shim';
import type { LedgerContract } from '@chaincode/contracts/ledgerContract';
import type { LedgerContext } from '@chaincode/ledgerContext';
import { decodeJournalRecord, JOURNAL_EVENT_NAME, type JournalRecord } from '@chaincode/lib/journal';
import { timestampToNanos } from '@chaincode/lib/time';
import { roleIdentity } from '@test-support/fakeIdentity';
import { newFakeStub, type FakeStub, type FakeTxOptions } from '@test-support/fakeStub';

/** Names of the identities every harness provides. */
export type IdentityName =
  | 'teller1'
  | 'admin1'
  | 'auditor1'
  | 'custodian1'
  | 'gateway1'
  | 'teller2'
  | 'admin2'
  | 'custodian2'
  | 'custodian3'
  | 'noRole1'
  | 'stranger1';

/** The identities of one harness. */
export type Identities = Readonly<Record<IdentityName, SinonStubbedInstance<ClientIdentity>>>;

/** Identities used across the chaincode suites (fresh stubs per harness: sinon.restore() resets stubs). */
export function newIdentities(): Identities {
  return {
    teller1: roleIdentity('Org1MSP', 'teller', 'teller1'),
    admin1: roleIdentity('Org1MSP', 'admin', 'admin1'),
    auditor1: roleIdentity('Org1MSP', 'auditor', 'auditor1'),
    custodian1: roleIdentity('Org1MSP', 'custodian', 'custodian1'),
    gateway1: roleIdentity('Org1MSP', 'gateway', 'gateway1'),
    teller2: roleIdentity('Org2MSP', 'teller', 'teller2'),
    admin2: roleIdentity('Org2MSP', 'admin', 'admin2'),
    custodian2: roleIdentity('Org2MSP', 'custodian', 'custodian2'),
    custodian3: roleIdentity('Org3MSP', 'custodian', 'custodian3'),
    noRole1: roleIdentity('Org1MSP', '', 'norole1'),
    stranger1: roleIdentity('Org1MSP', 'superuser', 'stranger1'),
  };
}

/** One fake ledger and helpers to submit and evaluate transactions against it. */
export class Harness {
  readonly fake: FakeStub = newFakeStub();
  readonly ids: Identities = newIdentities();

  /**
   * Builds a context the way the runtime does: `createContext()`, then stub and identity.
   */
  context(contract: LedgerContract, identity: ClientIdentity): LedgerContext {
    const ctx = contract.createContext();
    ctx.stub = this.fake.stub;
    ctx.clientIdentity = identity;
    // The fake ledger's clock runs in transaction time: the endorser's clock agrees with every timestamp.
    ctx.endorserNowNanos = () => timestampToNanos(this.fake.stub.getTxTimestamp());
    return ctx;
  }

  /**
   * Runs one submitted transaction; commits on success, rolls back and rethrows on failure.
   *
   * The rollback is what a peer does with a failed simulation, so committed state compared before and
   * after a refused call is equal whatever the contract did: such a comparison proves nothing. Check a
   * refusal by its exact code and field, and by `fake.events` (the refused transaction's events stay
   * visible after the rollback), which can fail.
   */
  async submit<T>(
    contract: LedgerContract,
    identity: ClientIdentity,
    fn: (ctx: LedgerContext) => Promise<T>,
    options?: FakeTxOptions,
  ): Promise<T> {
    this.fake.beginTransaction(options);
    const ctx = this.context(contract, identity);
    try {
      await contract.beforeTransaction(ctx);
      const result = await fn(ctx);
      await contract.afterTransaction(ctx);
      this.fake.commit();
      return result;
    } catch (err) {
      this.fake.rollback();
      throw err;
    }
  }

  /**
   * Runs a read-only function and checks that it wrote nothing and emitted nothing.
   */
  async evaluate<T>(
    contract: LedgerContract,
    identity: ClientIdentity,
    fn: (ctx: LedgerContext) => Promise<T>,
  ): Promise<T> {
    this.fake.beginTransaction();
    const ctx = this.context(contract, identity);
    try {
      const result = await fn(ctx);
      await contract.afterTransaction(ctx);
      expect(this.fake.pendingWrites.size, 'a read wrote state').to.equal(0);
      expect(this.fake.events, 'a read emitted an event').to.have.length(0);
      return result;
    } finally {
      this.fake.rollback();
    }
  }

  /** The single journal record of the last transaction; fails unless exactly one event was emitted. */
  journal(): JournalRecord {
    expect(this.fake.events, 'journal events of the last transaction').to.have.length(1);
    const event = this.fake.events[0]!;
    expect(event.name).to.equal(JOURNAL_EVENT_NAME);
    return decodeJournalRecord(event.payload);
  }

  /** Orgs of the committed key-level endorsement policy of a key (sorted). */
  endorsers(key: string): string[] {
    const policy = this.fake.validationParameters.get(key);
    return policy === undefined ? [] : new KeyEndorsementPolicy(policy).listOrgs().sort();
  }
}

/** Parses a canonical JSON result string into the shape the test expects. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed JSON.parse for assertions
export function parse<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}
