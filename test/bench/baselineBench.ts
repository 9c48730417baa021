// Baseline 1: plain one-write-per-transaction chaincode calls through @hyperledger/fabric-gateway, as
// fabric-samples' asset-transfer does (here Accounts:OpenAccount as teller1 of Org1, a new account
// per call), closed loop at the same concurrency as SubmitEvent, on the same network.
import { connectAs } from '@gateway/fabric/connect';
import type { BenchContext } from './benchContext';
import { closedLoop } from './loadGenerator';
import { measured } from './processSampler';
import type { ClosedLoopRow } from './submitBench';
import { orgLayout } from '@gateway/fabric/networkLayout';

export async function runBaselineBench(ctx: BenchContext): Promise<ClosedLoopRow[]> {
  const fabric = connectAs({ org: orgLayout(ctx.layout, 'org1'), user: 'teller1' });
  const contract = fabric.gateway.getNetwork(ctx.layout.channelName).getContract(ctx.layout.chaincodeName);
  const rows: ClosedLoopRow[] = [];
  try {
    for (const concurrency of ctx.options.concurrency) {
      ctx.log(`plain Fabric transactions, ${concurrency} clients, ${ctx.options.durationS} s`);
      const summary = await measured(ctx.processes, () =>
        closedLoop(
          async (n) => {
            await contract.submitTransaction(
              'Accounts:OpenAccount',
              `${ctx.runId}-${concurrency}-${n}`,
              'bench',
              'USD',
            );
          },
          { concurrency, durationS: ctx.options.durationS },
        ),
      );
      rows.push({ concurrency, ...summary });
    }
  } finally {
    fabric.close();
  }
  return rows;
}
