// GetHistory of one key with many revisions (a page used to cost O(history), a walk O(history²)):
// an account gets `historyRevisions` deposits (one transaction each, one after the other, since every
// deposit reads and writes the account), then the gateway's GetHistory (values from each revision's
// own transaction) is timed for the oldest page, the newest page and a walk of every page, against the
// baseline in the same run: the chaincode's Audit:GetHistory, which pages newest first and is what the
// gateway used to walk to reach the oldest revisions.
import type { Contract } from '@hyperledger/fabric-gateway';
import { awaitCommitted, submitCommitted } from '@gateway/fabric/awaitCommitted';
import { connectAs } from '@gateway/fabric/connect';
import type { LedgerClient } from '@gateway/client/ledgerClient';
import { encodePageToken } from '@gateway/server/history';
import type { BenchContext } from './benchContext';
import { orgLayout } from '@gateway/fabric/networkLayout';

export interface HistoryResults {
  readonly revisions: number;
  /** Deposits per second while the history was written (sequential, commit waited). */
  readonly writeRate: number;
  readonly gatewayOldestPageMs: number;
  readonly gatewayNewestPageMs: number;
  /** Every page of 500, oldest first. */
  readonly gatewayWalkMs: number;
  readonly gatewayWalkPages: number;
  /** Audit:GetHistory pages of 200 from the newest until the oldest revision: the old oldest page. */
  readonly chaincodeOldestPageMs: number;
  readonly chaincodeWalkPages: number;
  readonly chaincodeNewestPageMs: number;
}

const PAGE = 50;
const WALK_PAGE = 500;

/** `body`, with a failed endorsement's peer messages in the error. */
async function withDetails<T>(what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    const details = (err as { details?: { message: string }[] }).details ?? [];
    throw new Error(`${what}: ${(err as Error).message} ${details.map((d) => d.message).join(' | ')}`, {
      cause: err,
    });
  }
}

/** Median of `runs` timings of `body`, ms. */
async function medianMs(runs: number, body: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}

/** Sequence numbers of every revision of `key`, walking the gateway's pages. */
async function walkGateway(
  client: LedgerClient,
  key: string,
): Promise<{ sequences: number[]; pages: number }> {
  const sequences: number[] = [];
  let pageToken = '';
  let pages = 0;
  do {
    const page = await client.getHistory({ key, pageSize: WALK_PAGE, pageToken });
    pages++;
    for (const r of page.revisions) sequences.push(Number(r.seal?.sequenceNumber ?? 0));
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return { sequences, pages };
}

/** Pages of Audit:GetHistory from the newest revision to the oldest: how many pages it took. */
async function walkChaincode(contract: Contract, accountId: string): Promise<number> {
  let bookmark = '';
  let pages = 0;
  do {
    const bytes = await contract.evaluateTransaction(
      'Audit:GetHistory',
      'account',
      accountId,
      '200',
      bookmark,
    );
    bookmark = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { bookmark: string }).bookmark;
    pages++;
  } while (bookmark !== '');
  return pages;
}

export async function runHistoryBench(ctx: BenchContext): Promise<HistoryResults> {
  const revisions = ctx.options.historyRevisions;
  const fabric = connectAs({ org: orgLayout(ctx.layout, 'org1'), user: 'teller1' });
  // Every deposit reads the account on both orgs' peers: the next one waits until Org2's peer has
  // committed the last (else the two endorsements differ).
  const atOrg2 = connectAs({ org: orgLayout(ctx.layout, 'org2'), user: 'auditor1' });
  const org2Network = atOrg2.gateway.getNetwork(ctx.layout.channelName);
  const contract = fabric.gateway.getNetwork(ctx.layout.channelName).getContract(ctx.layout.chaincodeName);
  const write = async (name: string, ...args: string[]): Promise<void> => {
    const submitted = await withDetails(name, () => submitCommitted(contract, name, { arguments: args }));
    await awaitCommitted(org2Network, submitted.commit);
  };
  const accountId = `HB-${ctx.runId.slice(-20)}`.replace(/[^A-Za-z0-9._:-]/g, '-');
  const key = `/account/Org1MSP/${accountId}/`; // account ids are scoped by the owner org
  try {
    await write('Accounts:OpenAccount', accountId, 'history-bench', 'USD');
    ctx.log(`history: writing ${revisions} revisions of ${key} (one deposit per transaction)`);
    const started = performance.now();
    for (let n = 1; n <= revisions; n++) {
      await write('Transactions:Deposit', `${accountId}-d${n}`, accountId, '1.00');
      if (n % 1000 === 0) ctx.log(`history: ${n}/${revisions} revisions`);
    }
    const writeRate = Math.round(revisions / ((performance.now() - started) / 1000));
    const want = revisions + 1; // the opening, then each deposit
    let walk = await walkGateway(ctx.ledger, key).catch(() => ({ sequences: [], pages: 0 }));
    for (let tries = 0; walk.sequences.length < want; tries++) {
      if (tries >= 600) throw new Error(`the gateway indexed ${walk.sequences.length} of ${want} revisions`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      walk = await walkGateway(ctx.ledger, key);
    }
    // The newest page starts after the revision PAGE + 1 from the end; a history of PAGE or fewer is one page.
    const beforeNewest = walk.sequences[walk.sequences.length - PAGE - 1];
    const newestToken = beforeNewest === undefined ? '' : encodePageToken(key, beforeNewest);
    ctx.log('history: timing the gateway and the chaincode baseline');
    const gatewayOldestPageMs = await medianMs(5, () => ctx.ledger.getHistory({ key, pageSize: PAGE }));
    const gatewayNewestPageMs = await medianMs(5, () =>
      ctx.ledger.getHistory({ key, pageSize: PAGE, pageToken: newestToken }),
    );
    let gatewayWalkPages = 0;
    const gatewayWalkMs = await medianMs(1, async () => {
      gatewayWalkPages = (await walkGateway(ctx.ledger, key)).pages;
    });
    let chaincodeWalkPages = 0;
    const chaincodeOldestPageMs = await medianMs(1, async () => {
      chaincodeWalkPages = await walkChaincode(contract, accountId);
    });
    const chaincodeNewestPageMs = await medianMs(5, () =>
      contract.evaluateTransaction('Audit:GetHistory', 'account', accountId, String(PAGE), ''),
    );
    return {
      revisions: want,
      writeRate,
      gatewayOldestPageMs,
      gatewayNewestPageMs,
      gatewayWalkMs,
      gatewayWalkPages,
      chaincodeOldestPageMs,
      chaincodeWalkPages,
      chaincodeNewestPageMs,
    };
  } finally {
    fabric.close();
    atOrg2.close();
  }
}

/** The report's markdown for the history section. */
export function historySection(r: HistoryResults): string[] {
  const ratio =
    r.gatewayOldestPageMs > 0 ? (r.chaincodeOldestPageMs / r.gatewayOldestPageMs).toFixed(1) : '∞';
  return [
    `### GetHistory of one key with ${r.revisions} revisions (written at ${r.writeRate} deposits/s)`,
    [
      '| read | gateway GetHistory | chaincode Audit:GetHistory, walked from the newest (the old way) |',
      '|---|---|---|',
      `| oldest page of ${PAGE} | ${r.gatewayOldestPageMs} ms | ${r.chaincodeOldestPageMs} ms (${r.chaincodeWalkPages} pages of 200, newest first) |`,
      `| newest page of ${PAGE} | ${r.gatewayNewestPageMs} ms | ${r.chaincodeNewestPageMs} ms |`,
      `| every revision | ${r.gatewayWalkMs} ms (${r.gatewayWalkPages} pages of ${WALK_PAGE}) | — |`,
    ].join('\n'),
    `The oldest page costs ${ratio}× less through the gateway than by walking the chaincode's pages.`,
  ];
}
