// Property-based test of every transaction function of the chaincode over the fake stub: random and
// adversarial arguments from random identities. Every call either succeeds (and a write is journaled)
// or fails with a LedgerError whose code is one of the closed list, leaving the state as it was.
import { expect } from 'chai';
import fc from 'fast-check';
import { ERROR_CODES, LedgerError } from '@chaincode/lib/errors';
import { adversarialString } from '@test-support/adversarial';
import { chaincodeFunctions } from '@test-support/chaincodeFunctions';
import { Harness, newIdentities, type IdentityName } from './harness';

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
  const functions = chaincodeFunctions();
  const call = (who: IdentityName, qualifiedName: string, ...args: string[]): Promise<string> => {
    const target = functions.find((f) => f.qualifiedName === qualifiedName);
    if (target === undefined) throw new Error(`${qualifiedName} missing`);
    return h.submit(target.contract, h.ids[who], (ctx) => target.fn.call(target.contract, ctx, ...args));
  };
  await call('teller1', 'Accounts:OpenAccount', 'ACC-1', 'CUST-1', 'USD');
  await call('teller2', 'Accounts:OpenAccount', 'ACC-2', 'CUST-2', 'USD');
  await call('teller1', 'Transactions:Deposit', 'dep-1', 'ACC-1', '100.00');
  await call('custodian1', 'Custody:RegisterProduct', 'PROD-1', 'coffee', 'Rotterdam');
  const event = { eventId: 'ev-1', payload: 'AA==', vepsSignature: '', vepsTimestamp: '1', metadata: {} };
  await call('gateway1', 'Journal:SubmitEvents', JSON.stringify([event]));
}

function snapshot(h: Harness): string {
  return JSON.stringify([...h.fake.state].map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
}

describe('chaincode transaction functions under random input', function () {
  this.timeout(600_000);
  const targets = chaincodeFunctions();
  const identities = Object.keys(newIdentities()) as IdentityName[];
  const RUNS = Number(process.env.FUZZ_CHAINCODE_RUNS ?? 700);

  it('ends every call in success or a documented LedgerError code, and a refused call emits no event', async () => {
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
          const before = snapshot(h);
          calls++;
          try {
            await h.submit(target.contract, h.ids[who], (ctx) =>
              target.fn.call(target.contract, ctx, ...args.slice(0, target.arity)),
            );
            outcomes.set('OK', (outcomes.get('OK') ?? 0) + 1);
            if (snapshot(h) !== before)
              expect(h.fake.events, `${target.name} wrote without one journal event`).to.have.length(1);
          } catch (err) {
            expect(err, `${target.qualifiedName} threw a non-LedgerError`).to.be.instanceOf(LedgerError);
            const code = (err as LedgerError).code;
            expect(ERROR_CODES).to.include(code);
            expect((err as LedgerError).message).to.match(/^\[[A-Z_]+\] /);
            outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
            // Committed state is not compared: the harness rolls a failed call back as a peer does.
            expect(h.fake.events, `${target.name} refused but emitted an event`).to.have.length(0);
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
