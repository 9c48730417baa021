#!/usr/bin/env node
/**
 * `ledger gov`: consortium governance from the command line — proposals, votes and the execution of an
 * approved proposal on the channel. Runs as a member org's admin (`admin1`, role admin).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Network } from '@hyperledger/fabric-gateway';
import { connectAs } from '../fabric/connect';
import { defaultOrg, networkLayout, peerOrgNames, type PeerOrg, orgLayout } from '../fabric/networkLayout';
import {
  executeProposal,
  ExecutionNotRecordedError,
  NotExecutableError,
} from '../governance/executeProposal';
import { parseCommitRef, type CommittedTransaction } from '../fabric/awaitCommitted';
import { parseConsortiumFile } from '../governance/consortiumFile';
import { newGovernanceClient, toJson, type GovernanceClient } from '../governance/governanceClient';
import { jsonOrFile, PolicyArgumentError, policyChangeOf } from '../governance/policyArgs';
import { vepsKeysChangeOf } from '../governance/vepsKeysArgs';
import { verifyExecution } from '../governance/verifyExecution';
import { watchGovernanceEvents } from '../governance/governanceEvents';
import { DEFAULT_WATCH_POLL_MS, runGovernanceWatch } from '../governance/governanceWatch';
import { watchTestHooks } from '../governance/watchTestHooks';
import { newLogger } from '../logger';

const USAGE = `Usage: ledger gov <command> [--org org1|org2|org3] [--user admin1]

Commands:
  init [FILE]                          accept the consortium charter FILE (default
                                       channel-config/consortium.json) for this org; refused unless its
                                       members are exactly the channel's application orgs. The consortium
                                       is founded once an admin of every founding member has run it with
                                       the same definition; prints {charterSha256, acceptedBy, waitingFor,
                                       consortium}
  propose [--invite FILE] [--remove MSPID] [--policy POLICY] [--action-policy KIND=POLICY|null]...
          [--veps-keys FILE_OR_DIR[,…]|none] [--description TEXT]
                                       propose inviting the org of FILE (from scripts/channel-org.sh
                                       prepare), removing a member, a policy change and/or the consortium's
                                       VEPS keys: --policy sets the default policy, --action-policy the
                                       policy of INVITE, REMOVE, POLICY_CHANGE or VEPS_KEYS (null drops
                                       it); --veps-keys sets the keys every peer checks event signatures
                                       against in Journal:SubmitEvents (PEM public keys, Ed25519 or P-256,
                                       files or folders of *.pem, key id = file name; none turns the
                                       check off; at most 16 keys); POLICY is JSON text such as
                                       '{"thresholdPercentage":66,"proposalDurationInHours":24,
                                       "thresholdComparator":"GREATER_THAN"}' (or proposalDurationInMinutes,
                                       1-10080, instead of the hours) or a file holding it
  vote PROPOSAL_ID YES|NO              cast this org's vote
  show PROPOSAL_ID                     the proposal with its status, votes and failed attempts
  list [STATUS]                        proposals, optionally IN_PROGRESS|APPROVED|REJECTED|EXPIRED|
                                       EXECUTING|EXECUTED|SUPERSEDED
  members                              the consortium's members
  veps-keys                            the consortium's VEPS keys (Governance:GetVepsKeys); an empty
                                       list means the chaincode does not check event signatures
  execute PROPOSAL_ID [--after TXID@BLOCK]
                                       claim the execution of an APPROVED proposal for this org (status
                                       EXECUTING: no other member may execute it meanwhile), apply it to
                                       the channel, wait for this org's peer to show the change in a
                                       configuration block and record EXECUTED with that block and its
                                       orgs (a proposal that only sets VEPS keys changes nothing on the
                                       channel: it records the current configuration block and orgs, and
                                       the record applies the keys); a failure is recorded as an attempt and the proposal stays
                                       APPROVED. Run it again on a proposal this org is EXECUTING to
                                       resume (steps already applied are skipped); --after first waits
                                       until this org's peer has committed that transaction (the "commit"
                                       that propose/vote print at another org)
  supersede PROPOSAL_ID                close an APPROVED or EXECUTING proposal that the member list no
                                       longer allows (it invites a member or removes a non-member,
                                       because another proposal changed the list since): status
                                       SUPERSEDED, final, with the reason the chaincode finds; refused
                                       when the proposal can still be executed
  verify PROPOSAL_ID                   check an EXECUTED record against the channel: the configuration
                                       block it names (fetched from this org's peer) is a config block
                                       whose orgs are the recorded ones, with the invited orgs in, the
                                       removed ones out, after the proposal, and the Admins rule of a new
                                       default policy; prints {verified, problems}
  watch [--once] [--poll-ms N]         run as this org's executor: execute every APPROVED proposal, one
                                       at a time, as execute does, and resume any this org is EXECUTING
                                       (an earlier watch or execute stopped before recording it); wakes on
                                       each governance transaction committed on this org's peer and reads
                                       the proposals at least every N ms (default 60000). Supersedes
                                       those the member list now contradicts (as supersede does), leaves
                                       proposals claimed by another member (until their claim times
                                       out), and waits 10 minutes after a failed attempt before trying it again. Logs one
                                       JSON line per decision and outcome on stderr. SIGTERM/SIGINT: the
                                       execution under way finishes and is recorded, then it exits 0 (a
                                       second signal exits at once). --once: process what is pending and
                                       exit (1 when an execution did not end EXECUTED)

propose, vote, supersede and execute print the proposal (or outcome) with "commit": {transactionId, blockNumber},
where the write was committed. Each write carries the current time; the peers refuse to endorse one
whose time is more than LEDGER_MAX_CLOCK_SKEW_SECONDS (chaincode server setting, default 300) from
their own clock.

Environment:
  NETWORK_PORT_BASE   ports of the network (default 7000)      NETWORK_RUN_DIR  its state (network/.run)
  LEDGER_ORG          default for --org (org1)                 LEDGER_USER      default for --user (admin1)
Exit status: 0 done, 1 refused or failed (the reason is printed; for execute: another member is
executing it, the attempt failed, or the change was applied but not recorded — run execute again; for
verify: the record does not hold; for watch --once: an execution did not end EXECUTED), 2 usage error.
Test only: LEDGER_GOV_WATCH_PAUSE_AFTER_CLAIM_FILE / LEDGER_GOV_WATCH_PAUSE_BEFORE_RECORD_FILE make watch
pause after its claim / before its record until that file exists (it logs "test hook: paused");
LEDGER_GOV_WATCH_PAUSE_PROPOSAL_ID limits that to one proposal.
`;

interface Parsed {
  readonly command: string;
  readonly args: string[];
  /** The last value of each flag. */
  readonly flags: Map<string, string>;
  /** Every value of each flag, in order (for repeatable flags). */
  readonly repeated: Map<string, string[]>;
}

/** Flags that take no value. */
const SWITCHES: ReadonlySet<string> = new Set(['help', 'once']);

function parse(argv: readonly string[]): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (SWITCHES.has(name)) {
        flags.set(name, '');
        continue;
      }
      const value = argv[i + 1] ?? '';
      flags.set(name, value);
      repeated.set(name, [...(repeated.get(name) ?? []), value]);
      i++;
    } else {
      args.push(arg);
    }
  }
  return { command: args.shift() ?? '', args, flags, repeated };
}

const print = (value: string): void => {
  process.stdout.write(`${value}\n`);
};

/** The connection a handler runs on. */
interface Session {
  readonly network: Network;
  readonly org: PeerOrg;
}

type Handler = (gov: GovernanceClient, p: Parsed, session: Session) => Promise<void>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  init: async (gov, p) => {
    const file = p.args[0] ?? path.resolve(__dirname, '..', '..', '..', 'channel-config', 'consortium.json');
    const text = fs.readFileSync(file, 'utf8');
    const founders = foundingMembersOf(file, text);
    const channel = await gov.latestConfigBlock();
    if (founders.join(',') !== channel.orgs.join(',')) {
      throw new RefusalError(
        `init: the founding members of ${file} are [${founders.join(', ')}], the channel's application orgs in config block ${channel.blockNumber} are [${channel.orgs.join(', ')}]; a consortium is founded by every channel org`,
      );
    }
    print(await gov.initConsortium(text));
  },
  propose: async (gov, p) => {
    print(toJson(await gov.createProposal(proposalActions(p), p.flags.get('description') ?? '')));
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
  'veps-keys': async (gov) => {
    print(await gov.getVepsKeys());
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
  watch: async (gov, p, session) => {
    const layout = networkLayout();
    const pollMs = pollMsOf(p.flags.get('poll-ms'));
    const logger = newLogger({ fields: { component: 'gov-watch', org: session.org } });
    const stop = new AbortController();
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      signals++;
      if (signals > 1) {
        logger.warn('second signal: exiting without waiting', { signal });
        process.exit(1);
      }
      logger.info('stopping after the execution under way, if any', { signal });
      stop.abort();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    const events = new AbortController();
    let eventsDone: Promise<void> = Promise.resolve();
    try {
      const summary = await runGovernanceWatch({
        governance: gov,
        mspId: orgLayout(layout, session.org).mspId,
        // The layout is read again for each execution: an org prepared while the watch runs (its
        // topology fragment written after the start) must be found when its invitation is approved.
        execute: (proposalId) =>
          executeProposal({
            governance: gov,
            layout: networkLayout(),
            proposalId,
            hooks: watchTestHooks(process.env, logger, proposalId),
            log: (m) => {
              logger.info(m, { proposalId });
            },
          }),
        logger,
        signal: stop.signal,
        once: p.flags.has('once'),
        pollMs,
        subscribe: p.flags.has('once')
          ? undefined
          : (wake) => {
              eventsDone = watchGovernanceEvents({
                network: session.network,
                chaincodeName: layout.chaincodeName,
                onChange: wake,
                logger,
                signal: events.signal,
              });
            },
      });
      if (p.flags.has('once') && summary.notExecuted > 0) process.exitCode = 1;
    } finally {
      events.abort();
      await eventsDone;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  },
  supersede: async (gov, p) => {
    print(toJson(await gov.supersede(required(p.args[0], 'supersede PROPOSAL_ID'))));
  },
  verify: async (gov, p) => {
    const verdict = await verifyExecution(gov, required(p.args[0], 'verify PROPOSAL_ID'));
    print(JSON.stringify(verdict));
    if (!verdict.verified) {
      process.stderr.write(
        `proposal ${verdict.proposalId}: the execution record does not hold: ${verdict.problems.join('; ')}\n`,
      );
      process.exitCode = 1;
    }
  },
};

class UsageError extends Error {}

/** A refusal of the CLI itself (exit 1, the message printed as is). */
class RefusalError extends Error {}

/** The policy change of `propose` from `--policy` and `--action-policy`, undefined without them. */
function policyChangeFlags(p: Parsed): ReturnType<typeof policyChangeOf> {
  const policy = p.flags.get('policy');
  try {
    return policyChangeOf(
      policy === undefined ? undefined : jsonOrFile('--policy', policy),
      p.repeated.get('action-policy') ?? [],
    );
  } catch (err) {
    if (err instanceof PolicyArgumentError) throw new UsageError(err.message);
    throw err;
  }
}

/** The VEPS keys of `propose --veps-keys`; a key that cannot be read is a usage error. */
function vepsKeysFlagOf(flag: string): ReturnType<typeof vepsKeysChangeOf> {
  try {
    return vepsKeysChangeOf(flag);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** The actions of `propose` from its flags. */
function proposalActions(p: Parsed): Record<string, unknown> {
  const invite = p.flags.get('invite');
  const remove = p.flags.get('remove');
  const policyChange = policyChangeFlags(p);
  const vepsKeysFlag = p.flags.get('veps-keys');
  if (
    invite === undefined &&
    remove === undefined &&
    policyChange === undefined &&
    vepsKeysFlag === undefined
  ) {
    throw new UsageError(
      'propose needs --invite FILE, --remove MSPID, --policy POLICY, --action-policy KIND=POLICY or --veps-keys FILE_OR_DIR[,…]|none',
    );
  }
  const vepsKeys = vepsKeysFlag === undefined ? undefined : vepsKeysFlagOf(vepsKeysFlag);
  return {
    ...(invite === undefined
      ? {}
      : { invitations: [JSON.parse(fs.readFileSync(invite, 'utf8')) as unknown] }),
    ...(remove === undefined ? {} : { removals: [{ mspId: remove }] }),
    ...(policyChange === undefined ? {} : { policyChange }),
    ...(vepsKeys === undefined ? {} : { vepsKeys }),
  };
}

/** The sorted MSP ids of a consortium file's members. */
function foundingMembersOf(file: string, text: string): readonly string[] {
  try {
    return parseConsortiumFile(text, file).foundingMembers;
  } catch (err) {
    throw new UsageError(`init: ${err instanceof Error ? err.message : String(err)}`);
  }
}

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

/** `--poll-ms N`: a whole number of milliseconds from 100 to 86 400 000, or the default. */
function pollMsOf(flag: string | undefined): number {
  if (flag === undefined) return DEFAULT_WATCH_POLL_MS;
  const ms = /^[0-9]{1,8}$/.test(flag) ? Number(flag) : Number.NaN;
  if (!(ms >= 100 && ms <= 86_400_000)) {
    throw new UsageError(
      `--poll-ms: got ${JSON.stringify(flag)}, want a whole number of ms from 100 to 86400000`,
    );
  }
  return ms;
}

function required(value: string | undefined, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(usage);
  return value;
}

function orgOf(parsed: Parsed): PeerOrg {
  const org = parsed.flags.get('org') ?? process.env.LEDGER_ORG ?? defaultOrg(networkLayout());
  const orgs = peerOrgNames();
  if (!orgs.includes(org)) throw new UsageError(`--org: got ${org}, want one of ${orgs.join(', ')}`);
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
  const connection = connectAs({ org: orgLayout(layout, orgOf(parsed)), user: userOf(parsed) });
  try {
    const network = connection.gateway.getNetwork(layout.channelName);
    await handler(newGovernanceClient(network.getContract(layout.chaincodeName), network), parsed, {
      network,
      org: orgOf(parsed),
    });
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
      `${usage ? 'usage: ' : ''}${err instanceof NotExecutableError || err instanceof ExecutionNotRecordedError || err instanceof RefusalError || usage ? err.message : [String(err), ...details].join('\n')}\n`,
    );
    process.exitCode = usage ? 2 : 1;
  },
);
