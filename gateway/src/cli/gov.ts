#!/usr/bin/env node
/**
 * `ledger gov`: consortium governance from the command line — proposals, votes and the execution of an
 * approved proposal on the channel. Runs as a member org's admin (`admin1`, role admin).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectAs } from '../fabric/connect';
import { networkLayout, type PeerOrg } from '../fabric/networkLayout';
import {
  executeProposal,
  ExecutionNotRecordedError,
  NotExecutableError,
} from '../governance/executeProposal';
import { parseCommitRef, type CommittedTransaction } from '../fabric/awaitCommitted';
import { newGovernanceClient, toJson, type GovernanceClient } from '../governance/governanceClient';

const USAGE = `Usage: ledger gov <command> [--org org1|org2|org3] [--user admin1]

Commands:
  init [FILE]                          create the consortium on-chain (default channel-config/consortium.json)
  propose --invite FILE [--description TEXT]
                                       propose inviting the org of FILE (from scripts/channel-org.sh prepare)
  propose --remove MSPID [--description TEXT]
                                       propose removing a member
  vote PROPOSAL_ID YES|NO              cast this org's vote
  show PROPOSAL_ID                     the proposal with its status and votes
  list [STATUS]                        proposals, optionally IN_PROGRESS|APPROVED|REJECTED|EXPIRED|
                                       EXECUTING|EXECUTED|ACTION_FAILED
  members                              the consortium's members
  execute PROPOSAL_ID [--after TXID@BLOCK]
                                       claim the execution of an APPROVED proposal for this org (status
                                       EXECUTING: no other member may execute it meanwhile), apply it to
                                       the channel and record the outcome; run it again on a proposal
                                       this org is EXECUTING to resume (steps already applied are
                                       skipped); --after first waits until this org's peer has committed
                                       that transaction (the "commit" that propose/vote print at another org)

propose, vote and execute print the proposal (or outcome) with "commit": {transactionId, blockNumber},
where the write was committed.

Environment:
  NETWORK_PORT_BASE   ports of the network (default 7000)      NETWORK_RUN_DIR  its state (network/.run)
  LEDGER_ORG          default for --org (org1)                 LEDGER_USER      default for --user (admin1)
Exit status: 0 done, 1 refused or failed (the reason is printed; for execute: another member is
executing it, or the change was applied but not recorded — run execute again), 2 usage error.
`;

interface Parsed {
  readonly command: string;
  readonly args: string[];
  readonly flags: Map<string, string>;
}

function parse(argv: readonly string[]): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      flags.set(arg.slice(2), argv[i + 1] ?? '');
      i++;
    } else {
      args.push(arg);
    }
  }
  return { command: args.shift() ?? '', args, flags };
}

const print = (value: string): void => {
  process.stdout.write(`${value}\n`);
};

type Handler = (gov: GovernanceClient, p: Parsed) => Promise<void>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  init: async (gov, p) => {
    const file = p.args[0] ?? path.resolve(__dirname, '..', '..', '..', 'channel-config', 'consortium.json');
    print(await gov.initConsortium(fs.readFileSync(file, 'utf8')));
  },
  propose: async (gov, p) => {
    const invite = p.flags.get('invite');
    const remove = p.flags.get('remove');
    const actions =
      invite !== undefined
        ? { invitations: [JSON.parse(fs.readFileSync(invite, 'utf8')) as unknown] }
        : { removals: [{ mspId: remove ?? '' }] };
    if (invite === undefined && remove === undefined)
      throw new UsageError('propose needs --invite FILE or --remove MSPID');
    print(toJson(await gov.createProposal(actions, p.flags.get('description') ?? '')));
  },
  vote: async (gov, p) => {
    const [id, vote] = p.args;
    if (id === undefined || (vote !== 'YES' && vote !== 'NO'))
      throw new UsageError('vote PROPOSAL_ID YES|NO');
    print(toJson(await gov.vote(id, vote)));
  },
  show: async (gov, p) => {
    print(JSON.stringify(await gov.getProposal(required(p.args[0], 'show PROPOSAL_ID'))));
  },
  list: async (gov, p) => {
    print(await gov.listProposals(p.args[0] ?? ''));
  },
  members: async (gov) => {
    print(await gov.listMembers());
  },
  execute: async (gov, p) => {
    const outcome = await executeProposal({
      governance: gov,
      layout: networkLayout(),
      proposalId: required(p.args[0], 'execute PROPOSAL_ID [--after TXID@BLOCK]'),
      after: afterOf(p.flags.get('after')),
      log: (m) => {
        process.stderr.write(`${JSON.stringify({ msg: m })}\n`);
      },
    });
    print(toJson(outcome));
    if (outcome.status !== 'EXECUTED') process.exitCode = 1;
  },
};

class UsageError extends Error {}

/** `--after TXID@BLOCK`: the transaction to wait for, or undefined when the flag is absent. */
function afterOf(flag: string | undefined): CommittedTransaction | undefined {
  if (flag === undefined) return undefined;
  const commit = parseCommitRef(flag);
  if (commit === undefined) {
    throw new UsageError(
      `--after: got ${JSON.stringify(flag)}, want TXID@BLOCK (64 lowercase hex digits, @, a block number)`,
    );
  }
  return commit;
}

function required(value: string | undefined, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(usage);
  return value;
}

function orgOf(parsed: Parsed): PeerOrg {
  const org = parsed.flags.get('org') ?? process.env.LEDGER_ORG ?? 'org1';
  if (org !== 'org1' && org !== 'org2' && org !== 'org3')
    throw new UsageError(`--org: got ${org}, want org1, org2 or org3`);
  return org;
}

function userOf(parsed: Parsed): string {
  return parsed.flags.get('user') ?? process.env.LEDGER_USER ?? 'admin1';
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parse(argv);
  const handler = HANDLERS[parsed.command];
  if (parsed.flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (handler === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const layout = networkLayout();
  const connection = connectAs({ org: layout.orgs[orgOf(parsed)], user: userOf(parsed) });
  try {
    const network = connection.gateway.getNetwork(layout.channelName);
    await handler(newGovernanceClient(network.getContract(layout.chaincodeName), network), parsed);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } finally {
    connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError;
    const details = (err as { details?: { message: string }[] }).details?.map((d) => d.message) ?? [];
    process.stderr.write(
      `${usage ? 'usage: ' : ''}${err instanceof NotExecutableError || err instanceof ExecutionNotRecordedError || usage ? err.message : [String(err), ...details].join('\n')}\n`,
    );
    process.exitCode = usage ? 2 : 1;
  },
);
