// Random and adversarial arguments for every chaincode function on the real network, as users of both
// orgs with every role: each proposal ends in success or a documented refusal (a [CODE] from the
// closed list, or the contract runtime's unknown contract / function / "Expected N parameters"), a
// refused proposal never reaches the ledger (qscc does not know its transaction id), and the chaincode
// server process stays alive.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { GatewayError, type Contract, type Network } from '@hyperledger/fabric-gateway';
import type { FabricConnection } from '@gateway/fabric/connect';
import { parseLedgerErrorMessage } from '@chaincode/lib/errors';
import { adversarialString } from '@test-support/adversarial';
import { chaincodeFunctions } from '@test-support/chaincodeFunctions';
import { connectUser, layout, uniqueId } from '@test-support/testNetwork';

const USERS = [
  ['org1', 'teller1'],
  ['org1', 'auditor1'],
  ['org1', 'custodian1'],
  ['org1', 'norole1'],
  ['org1', 'admin1'],
  ['org2', 'teller1'],
  ['org2', 'custodian1'],
] as const;

const RUNTIME_REFUSALS = [
  /function that does not exist/,
  /Contract name is not known/,
  /Expected \d+ parameters, but \d+ have been supplied/,
];

function chaincodePid(): number {
  return Number(fs.readFileSync(path.join(layout.runDir, 'pids', 'chaincode-ledger.pid'), 'utf8').trim());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The documented refusal an endorsement error carries, or undefined. */
function refusalOf(err: unknown): string | undefined {
  if (!(err instanceof GatewayError)) return undefined;
  const texts = [err.message, ...err.details.map((d) => d.message)];
  for (const t of texts) {
    const code = parseLedgerErrorMessage(t)?.code;
    if (code !== undefined) return code;
    if (RUNTIME_REFUSALS.some((re) => re.test(t))) return 'RUNTIME';
  }
  return undefined;
}

describe('chaincode functions on the real network under random input', function () {
  this.timeout(600_000);
  const connections: FabricConnection[] = [];
  const contracts: { label: string; contract: Contract; network: Network }[] = [];
  const outcomes = new Map<string, number>();
  let cases = 0;
  const tally = (key: string): void => {
    cases++;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  };
  const functions = chaincodeFunctions();
  let pid: number;

  before(() => {
    for (const [org, user] of USERS) {
      const connection = connectUser(org, user);
      connections.push(connection);
      const network = connection.gateway.getNetwork(layout.channelName);
      contracts.push({
        label: `${org}/${user}`,
        contract: network.getContract(layout.chaincodeName),
        network,
      });
    }
    pid = chaincodePid();
  });

  after(() => {
    connections.forEach((c) => {
      c.close();
    });
    const summary = [...outcomes]
      .sort()
      .map(([k, n]) => `${k}=${n}`)
      .join(' ');
    console.log(`      real-network chaincode fuzz: ${cases} proposals: ${summary}`);
  });

  it('ends every proposal in success or a documented refusal, and commits no refused one', async () => {
    const known = [uniqueId('fz-acct'), 'USD', '1.00', 'Org1MSP', 'Org2MSP', 'a'.repeat(64)];
    const target = fc.oneof(
      {
        arbitrary: fc.constantFrom(...functions).map((f) => ({ name: f.qualifiedName, arity: f.arity })),
        weight: 9,
      },
      {
        arbitrary: fc.constantFrom('Accounts:DropAll', 'NoSuch:Thing').map((name) => ({ name, arity: 1 })),
        weight: 1,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.integer({ min: 0, max: contracts.length - 1 }),
        fc.array(adversarialString(known, 16 * 1024), { minLength: 0, maxLength: 8 }),
        fc.integer({ min: -1, max: 1 }),
        async (fn, who, pool, arityShift) => {
          const caller = contracts[who];
          if (caller === undefined) throw new Error('no caller');
          const count = Math.max(0, fn.arity + (arityShift === 0 || pool.length > 2 ? 0 : arityShift));
          const args = Array.from({ length: count }, (_, i) => pool[i % Math.max(1, pool.length)] ?? '');
          const proposal = caller.contract.newProposal(fn.name, { arguments: args });
          try {
            const transaction = await proposal.endorse();
            const commit = await transaction.submit();
            const status = await commit.getStatus();
            tally(status.successful ? 'committed' : `invalidated:${status.code}`);
          } catch (err) {
            const refusal = refusalOf(err);
            expect(
              refusal,
              `${caller.label} ${fn.name}(${args.length} args) ended in ${String(err)} ${JSON.stringify(err instanceof GatewayError ? err.details : [])}`,
            ).to.not.equal(undefined);
            tally(refusal ?? 'undocumented');
            const qscc = caller.network.getContract('qscc');
            const lookup = qscc.evaluateTransaction(
              'GetTransactionByID',
              layout.channelName,
              proposal.getTransactionId(),
            );
            await expect(lookup, 'a refused proposal reached the ledger').to.be.rejected.then(
              (e: unknown) => {
                // qscc's refusal names the id it could not find, so any other failure of the lookup fails here.
                expect(e).to.be.instanceOf(GatewayError);
                const texts = [
                  (e as GatewayError).message,
                  ...(e as GatewayError).details.map((d) => d.message),
                ];
                expect(texts.join(' | ')).to.include(
                  `Failed to get transaction with id ${proposal.getTransactionId()}`,
                );
              },
            );
          }
          expect(alive(pid), 'chaincode server died').to.equal(true);
        },
      ),
      { numRuns: Number(process.env.FUZZ_CHAINCODE_NETWORK_RUNS ?? 120) },
    );
    expect(chaincodePid()).to.equal(pid);
  });
});
