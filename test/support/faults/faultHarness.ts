// What the fault suites do to the network and the gateway: find the Raft leader from the orderers'
// operations metrics, kill a network process by its PID file and bring it back with network-up.sh, run
// the gateway under test on a fixed port and index (so it can be kill -9'd and restarted in place), and
// open the accounts the workload's transfers use.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Contract } from '@hyperledger/fabric-gateway';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import { awaitCommitted } from '@gateway/fabric/awaitCommitted';
import type { FabricConnection } from '@gateway/fabric/connect';
import { freePort, startGatewayProcess, type GatewayProcess } from '../gatewayProcess';
import { connectUser, layout, submitWrite, uniqueId } from '../testNetwork';
import { operationsRequest } from '../operationsEndpoint';
import { isAlive } from '../processAlive';
import { orgLayout } from '@gateway/fabric/networkLayout';
import { loadTopology } from '@gateway/topology/loadTopology';

const REPO = path.resolve(__dirname, '..', '..', '..');

export const ORDERERS = ['orderer1', 'orderer2', 'orderer3'] as const;
export type Orderer = (typeof ORDERERS)[number];
/** Operations (metrics) endpoint of each orderer, from the topology in use (its host: a netns address in the multi-host mode). */
const OPS_ENDPOINT: ReadonlyMap<string, { host: string; port: number }> = new Map(
  loadTopology().ordererOrg.orderers.map((o) => [o.name, { host: o.host, port: o.operationsPort }]),
);

export const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Restarts whatever of the network is down (scripts/network-up.sh, asynchronously so the workload keeps
 * running); its log lines are in the error.
 */
export function networkUp(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(REPO, 'scripts', 'network-up.sh')],
      { encoding: 'utf8' },
      (err, _out, stderr) => {
        if (err === null) resolve();
        else reject(new Error(`network-up failed: ${stderr}`));
      },
    );
  });
}

/** Kills a network process (orderer1, peer0-org1, …) by its PID file and waits until it is gone. */
export async function killNetworkProcess(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<number> {
  const pid = Number(fs.readFileSync(path.join(layout.runDir, 'pids', `${name}.pid`), 'utf8'));
  process.kill(pid, signal);
  for (let i = 0; i < 300 && isAlive(pid); i++) await pause(100);
  if (isAlive(pid)) throw new Error(`${name} (pid ${pid}) did not stop`);
  return pid;
}

async function metric(orderer: Orderer, name: string): Promise<number | undefined> {
  const endpoint = OPS_ENDPOINT.get(orderer);
  if (endpoint === undefined) throw new Error(`${orderer} is not an orderer of the topology`);
  try {
    const { body: text } = await operationsRequest(endpoint, '/metrics');
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && l.includes(`channel="${layout.channelName}"`));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  } catch {
    return undefined;
  }
}

/**
 * The orderer whose `consensus_etcdraft_is_leader` is 1, waiting (bounded) through an election; `among`
 * limits the orderers asked (a partitioned one cannot answer, and may still think it leads).
 */
export async function raftLeader(timeoutMs = 60_000, among: readonly Orderer[] = ORDERERS): Promise<Orderer> {
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    for (const orderer of among) {
      if ((await metric(orderer, 'consensus_etcdraft_is_leader')) === 1) return orderer;
    }
    await pause(250);
  }
  throw new Error(`no Raft leader in ${timeoutMs} ms`);
}

/** Block height of the channel on each orderer (undefined for one that does not answer). */
export async function ordererHeights(): Promise<Record<Orderer, number | undefined>> {
  const heights = await Promise.all(ORDERERS.map((o) => metric(o, 'ledger_blockchain_height')));
  return { orderer1: heights[0], orderer2: heights[1], orderer3: heights[2] };
}

/** Waits (bounded) until all three orderers report the same height; returns it. */
export async function ordererHeightsAgree(timeoutMs = 120_000): Promise<number> {
  const giveUpAt = Date.now() + timeoutMs;
  let last: Record<Orderer, number | undefined> | undefined;
  while (Date.now() < giveUpAt) {
    last = await ordererHeights();
    const values = Object.values(last);
    if (values.every((h) => h !== undefined && h === values[0])) return values[0] ?? 0;
    await pause(500);
  }
  throw new Error(`orderer heights did not converge: ${JSON.stringify(last)}`);
}

/** The gateway under test: fixed port and index file, so it can be killed and restarted in place. */
export interface FaultGateway {
  readonly address: string;
  readonly indexFile: string;
  /** One client for the whole run (grpc-js reconnects after a restart on the same port). */
  readonly client: LedgerClient;
  readonly process: GatewayProcess | undefined;
  start(): Promise<void>;
  /** SIGTERM (graceful). */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs. */
  kill9(): Promise<void>;
  /** Stops, closes the client and removes the temp folder. */
  dispose(): Promise<void>;
}

/**
 * Starts a plaintext gateway of `org` on a free port with a fresh index in a temp folder; `extraEnv`
 * adds settings (e.g. LEDGER_GATEWAY_PEER_ENDPOINT to pin it to one peer).
 */
export async function startFaultGateway(
  org: string,
  name: string,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<FaultGateway> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ledger-faults-${name}-`));
  const indexFile = path.join(dir, 'index.sqlite');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const client = newLedgerClient(address, { insecure: true, timeoutMs: 60_000 });
  const env = { ...process.env, LEDGER_GATEWAY_METRICS_PORT: '0', ...extraEnv };
  let current: GatewayProcess | undefined;
  const exited = (): Promise<void> =>
    new Promise((resolve) => {
      if (current === undefined || current.child.exitCode !== null || current.child.signalCode !== null)
        resolve();
      else
        current.child.once('exit', () => {
          resolve();
        });
    });
  const gateway: FaultGateway = {
    address,
    indexFile,
    client,
    get process(): GatewayProcess | undefined {
      return current;
    },
    start: async () => {
      current = await startGatewayProcess(['--insecure', '--org', org, '--index', indexFile], env, port);
    },
    stop: async () => {
      await current?.stop();
      current = undefined;
    },
    kill9: async () => {
      const done = exited();
      current?.child.kill('SIGKILL');
      await done;
      current = undefined;
    },
    dispose: async () => {
      client.close();
      await gateway.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await gateway.start();
  return gateway;
}

/** An Org1 teller's contract and two fresh accounts (Org1 → Org2) funded for the workload's transfers. */
export interface TransferAccounts {
  readonly contract: Contract;
  readonly from: string;
  /** Org2's account as Org1's teller names it: `Org2MSP/<number>`. */
  readonly to: string;
  close(): void;
}

/** Opens and funds the transfer accounts. */
export async function openTransferAccounts(): Promise<TransferAccounts> {
  const org1: FabricConnection = connectUser('org1', 'teller1');
  const org2: FabricConnection = connectUser('org2', 'teller1');
  const contractOf = (c: FabricConnection): Contract =>
    c.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
  const from = uniqueId('faults-from');
  const to = uniqueId('faults-to');
  await contractOf(org1).submitTransaction('Accounts:OpenAccount', from, 'faults-customer', 'USD');
  const opened = await submitWrite(contractOf(org2), 'Accounts:OpenAccount', to, 'faults-customer', 'USD');
  const funded = await submitWrite(
    contractOf(org1),
    'Transactions:Deposit',
    uniqueId('faults-dep'),
    from,
    '1000.00',
  );
  // Both owners' peers endorse the transfers: each must have committed the other org's writes.
  await awaitCommitted(org1.gateway.getNetwork(layout.channelName), opened.commit);
  await awaitCommitted(org2.gateway.getNetwork(layout.channelName), funded.commit);
  return {
    contract: contractOf(org1),
    from,
    // Org2's account, named from Org1's side: account numbers are scoped by the owning org.
    to: `${orgLayout(layout, 'org2').mspId}/${to}`,
    close: () => {
      org1.close();
      org2.close();
    },
  };
}
