import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import * as sinon from 'sinon';
import type { ClientIdentity } from 'fabric-shim';
import { GovernanceContract } from '@chaincode/contracts/governanceContract';
import { JournalContract } from '@chaincode/contracts/journalContract';
import type { LedgerContract } from '@chaincode/contracts/ledgerContract';
import type { LedgerContext } from '@chaincode/ledgerContext';
import { LedgerError } from '@chaincode/lib/errors';
import { Harness } from '../harness';

const CONSORTIUM_FILE = readFileSync(
  path.resolve(__dirname, '../../../../channel-config/consortium.json'),
  'utf8',
);
const TX_TIME = '2026-01-01T00:00:00.000Z';
const TX_NANOS = BigInt(Date.parse(TX_TIME)) * 1_000_000n;
const SECOND = 1_000_000_000n;
const MILLI = 1_000_000n;

const EVENTS = JSON.stringify([
  {
    eventId: 'skew-1',
    payload: Buffer.from('payload').toString('base64'),
    vepsSignature: Buffer.from('sig').toString('base64'),
    vepsTimestamp: '1735689600000',
    metadata: {},
  },
]);

describe('endorsement clock-skew check in the contracts', () => {
  let h: Harness;
  const governance = new GovernanceContract();
  const journal = new JournalContract();

  beforeEach(() => {
    h = new Harness();
  });

  afterEach(() => {
    sinon.restore();
  });

  /**
   * Runs one transaction stamped {@link TX_TIME} on an endorser whose clock reads `endorserNanos`, with
   * `env` as the chaincode server's environment; commits on success, rolls back on failure.
   */
  async function endorse(
    contract: LedgerContract,
    identity: ClientIdentity,
    call: (ctx: LedgerContext) => Promise<string>,
    endorserNanos: bigint,
    env: Readonly<Record<string, string>> = {},
  ): Promise<string> {
    h.fake.beginTransaction({ time: TX_TIME });
    const ctx = h.context(contract, identity);
    ctx.endorserNowNanos = () => endorserNanos;
    ctx.endorserEnv = env;
    try {
      const result = await call(ctx);
      await contract.afterTransaction(ctx);
      h.fake.commit();
      return result;
    } catch (err) {
      h.fake.rollback();
      throw err;
    }
  }

  const init = (ctx: LedgerContext): Promise<string> => governance.InitConsortium(ctx, CONSORTIUM_FILE);

  it('endorses a governance write whose timestamp is exactly the default 300 s behind the endorser clock', async () => {
    const result = await endorse(governance, h.ids.admin1, init, TX_NANOS + 300n * SECOND);

    expect(result).to.contain('"acceptedBy":["Org1MSP"]');
    expect(h.fake.events).to.have.length(1);
  });

  it('refuses to endorse a governance write one millisecond beyond the default skew, writing and emitting nothing', async () => {
    const attempt = endorse(governance, h.ids.admin1, init, TX_NANOS + 300n * SECOND + MILLI);

    await expect(attempt).to.be.rejectedWith(
      LedgerError,
      /^\[FAILED_PRECONDITION\] Governance:InitConsortium: transaction timestamp 2026-01-01T00:00:00\.000Z is 300\.001 s behind this endorsing peer's clock 2026-01-01T00:05:00\.001Z; the allowed skew is 300 s \(LEDGER_MAX_CLOCK_SKEW_SECONDS\)/,
    );
    expect(h.fake.pendingWrites.size).to.equal(0);
    expect(h.fake.events).to.have.length(0);
    expect(h.fake.state.size).to.equal(0);
  });

  it('refuses a governance write dated 25 hours ahead of the endorser clock and endorses the same write at the endorser time', async () => {
    const future = TX_NANOS - 25n * 3600n * SECOND;
    await expect(endorse(governance, h.ids.admin1, init, future)).to.be.rejectedWith(
      LedgerError,
      /is 90000\.000 s ahead of this endorsing peer's clock/,
    );
    expect(h.fake.state.size).to.equal(0);

    await endorse(governance, h.ids.admin1, init, TX_NANOS);
    expect(h.fake.state.size).to.be.greaterThan(0);
  });

  it('applies the skew of LEDGER_MAX_CLOCK_SKEW_SECONDS: 10 s allows 10 s and refuses 10.001 s', async () => {
    const env = { LEDGER_MAX_CLOCK_SKEW_SECONDS: '10' };
    await expect(
      endorse(governance, h.ids.admin1, init, TX_NANOS + 10n * SECOND + MILLI, env),
    ).to.be.rejectedWith(LedgerError, /the allowed skew is 10 s/);

    await endorse(governance, h.ids.admin1, init, TX_NANOS + 10n * SECOND, env);
    expect(h.fake.events).to.have.length(1);
  });

  it('refuses every governance write and SubmitEvents when the setting is malformed', async () => {
    await expect(
      endorse(governance, h.ids.admin1, init, TX_NANOS, {
        LEDGER_MAX_CLOCK_SKEW_SECONDS: 'x',
      }),
    ).to.be.rejectedWith(LedgerError, /chaincode setting LEDGER_MAX_CLOCK_SKEW_SECONDS got "x"/);
    await expect(
      endorse(journal, h.ids.gateway1, (ctx) => journal.SubmitEvents(ctx, EVENTS), TX_NANOS, {
        LEDGER_MAX_CLOCK_SKEW_SECONDS: '0',
      }),
    ).to.be.rejectedWith(LedgerError, /chaincode setting LEDGER_MAX_CLOCK_SKEW_SECONDS got "0"/);
  });

  it('refuses to endorse Journal:SubmitEvents one millisecond beyond the skew and endorses it at the limit', async () => {
    const call = (ctx: LedgerContext): Promise<string> => journal.SubmitEvents(ctx, EVENTS);
    await expect(endorse(journal, h.ids.gateway1, call, TX_NANOS - 300n * SECOND - MILLI)).to.be.rejectedWith(
      LedgerError,
      /^\[FAILED_PRECONDITION\] Journal:SubmitEvents: transaction timestamp .* ahead of/,
    );
    expect(h.fake.events).to.have.length(0);

    const result = await endorse(journal, h.ids.gateway1, call, TX_NANOS - 300n * SECOND);
    expect(result).to.contain('"accepted":["skew-1"]');
  });

  it('does not check reads: GetConsortium answers whatever the timestamp', async () => {
    const read = endorse(
      governance,
      h.ids.auditor1,
      (ctx) => governance.GetConsortium(ctx),
      TX_NANOS + 3600n * SECOND,
    );
    await expect(read).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] no consortium/);
  });
});
