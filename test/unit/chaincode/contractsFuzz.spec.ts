// Property-based test of every transaction function of the chaincode over the fake stub: random and
// adversarial arguments from random identities. Every call either succeeds (and a write is journaled)
// or fails with a LedgerError whose code is one of the closed list, leaving the state as it was.
import { expect } from 'chai';
import fc from 'fast-check';
import { contracts } from '../../../chaincode/src';
import type { LedgerContract } from '../../../chaincode/src/contracts/ledgerContract';
import type { LedgerContext } from '../../../chaincode/src/ledgerContext';
import { ERROR_CODES, LedgerError } from '../../../chaincode/src/lib/errors';
import { adversarialString } from '../../support/adversarial';
import { Harness, newIdentities, type IdentityName } from './harness';

type TxFunction = (ctx: LedgerContext, ...args: string[]) => Promise<string>;

interface Target {
  readonly contract: LedgerContract;
  readonly name: string;
  readonly arity: number;
}

/** Every transaction function (PascalCase own methods) of every contract, with its argument count. */
function transactionFunctions(): Target[] {
  return contracts.flatMap((Contract) => {
    const contract = new Contract() as LedgerContract;
    const proto = Object.getPrototypeOf(contract) as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto)
      .filter((name) => /^[A-Z]/.test(name) && typeof proto[name] === 'function')
      .map((name) => ({ contract, name, arity: (proto[name] as TxFunction).length - 1 }));
  });
}

const KNOWN = [
  'ACC-1',
  'ACC-2',
  'PROD-1',
  'SHIP-1',
  'ev-1',
  'USD',
  'EUR',
  '10.00',
  'a'.repeat(64),
  'teller1',
];

function eventsJson(): fc.Arbitrary<string> {
  const s = adversarialString(KNOWN, 4096);
  const event = fc.record(
    {
      eventId: s,
      payload: s,
      vepsSignature: s,
      vepsTimestamp: s,
      metadata: fc.dictionary(s, s, { maxKeys: 4 }),
    },
    { requiredKeys: [] },
  );
  return fc.array(event, { maxLength: 3 }).map((events) => JSON.stringify(events));
}

async function seed(h: Harness): Promise<void> {
  const [accounts, money, custody, journal] = ['Accounts', 'Transactions', 'Custody', 'Journal'].map(
    (n) => transactionFunctions().find((t) => t.contract.getName() === n)?.contract,
  );
  const call = (
    c: LedgerContract | undefined,
    who: IdentityName,
    fn: string,
    ...args: string[]
  ): Promise<string> => {
    if (c === undefined) throw new Error('contract missing');
    const f = (c as unknown as Record<string, TxFunction>)[fn];
    if (f === undefined) throw new Error(`${fn} missing`);
    return h.submit(c, h.ids[who], (ctx) => f.call(c, ctx, ...args));
  };
  await call(accounts, 'teller1', 'OpenAccount', 'ACC-1', 'CUST-1', 'USD');
  await call(accounts, 'teller2', 'OpenAccount', 'ACC-2', 'CUST-2', 'USD');
  await call(money, 'teller1', 'Deposit', 'dep-1', 'ACC-1', '100.00');
  await call(custody, 'custodian1', 'RegisterProduct', 'PROD-1', 'coffee', 'Rotterdam');
  const event = { eventId: 'ev-1', payload: 'AA==', vepsSignature: '', vepsTimestamp: '1', metadata: {} };
  await call(journal, 'gateway1', 'SubmitEvents', JSON.stringify([event]));
}

function snapshot(h: Harness): string {
  return JSON.stringify([...h.fake.state].map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
}

describe('chaincode transaction functions under random input', function () {
  this.timeout(600_000);
  const targets = transactionFunctions();
  const identities = Object.keys(newIdentities()) as IdentityName[];
  const RUNS = Number(process.env.FUZZ_CHAINCODE_RUNS ?? 700);

  it('ends every call in success or a documented LedgerError code, and a refused call writes nothing', async () => {
    const outcomes = new Map<string, number>();
    let calls = 0;
    const call = fc.record({
      target: fc.constantFrom(...targets),
      who: fc.constantFrom(...identities),
      args: fc.array(fc.oneof(adversarialString(KNOWN), eventsJson()), { minLength: 8, maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 6 }), async (sequence) => {
        const h = new Harness();
        await seed(h);
        for (const { target, who, args } of sequence) {
          const fn = (target.contract as unknown as Record<string, TxFunction>)[target.name];
          if (fn === undefined) throw new Error(`${target.name} missing`);
          const before = snapshot(h);
          calls++;
          try {
            await h.submit(target.contract, h.ids[who], (ctx) =>
              fn.call(target.contract, ctx, ...args.slice(0, target.arity)),
            );
            outcomes.set('OK', (outcomes.get('OK') ?? 0) + 1);
            if (snapshot(h) !== before)
              expect(h.fake.events, `${target.name} wrote without one journal event`).to.have.length(1);
          } catch (err) {
            expect(
              err,
              `${target.contract.getName()}:${target.name} threw a non-LedgerError`,
            ).to.be.instanceOf(LedgerError);
            const code = (err as LedgerError).code;
            expect(ERROR_CODES).to.include(code);
            expect((err as LedgerError).message).to.match(/^\[[A-Z_]+\] /);
            outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
            expect(snapshot(h), `${target.name} refused but changed state`).to.equal(before);
          }
        }
      }),
      { numRuns: RUNS },
    );
    const summary = [...outcomes]
      .sort()
      .map(([k, n]) => `${k}=${n}`)
      .join(' ');
    console.log(
      `      chaincode fuzz: ${calls} calls over ${targets.length} functions in ${RUNS} runs: ${summary}`,
    );
    expect(outcomes.get('OK') ?? 0).to.be.greaterThan(0);
  });
});
