/**
 * `ledger gov`: consortium governance from the command line — proposals, votes and the execution of an
 * approved proposal on the channel. Runs as a member org's admin (`admin1`, role admin). Defines the
 * commands; `gov.ts` runs them. The Fabric gateway and the governance code are loaded by the actions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Network } from '@hyperledger/fabric-gateway';
import type { PeerOrg } from '../fabric/networkLayout';
import type { CommittedTransaction } from '../fabric/awaitCommitted';
import type { GovernanceClient, toJson } from '../governance/governanceClient';
import type { PolicyChangeAction } from '../governance/policyArgs';
import type { VepsKeysChange } from '@fabric-ledger/chaincode/shared';
import {
  errorDetailMessages,
  newProgram,
  paragraph,
  repeatable,
  UsageError,
  type Command,
} from './commandLine';

const PROPOSE_DESCRIPTION = `propose inviting the org of FILE (from scripts/channel-org.sh prepare), removing a member, a policy
change and/or the consortium's VEPS keys. POLICY is JSON text such as
'{"thresholdPercentage":66,"proposalDurationInHours":24,"thresholdComparator":"GREATER_THAN"}' (or
proposalDurationInMinutes, 1-10080, instead of the hours) or a file holding it.`;

const EXECUTE_DESCRIPTION = `claim the execution of an APPROVED proposal for this org (status EXECUTING: no other member may
execute it meanwhile), apply it to the channel, wait for this org's peer to show the change in a
configuration block and record EXECUTED with that block and its orgs (a proposal that only sets VEPS
keys changes nothing on the channel: it records the current configuration block and orgs, and the
record applies the keys); a failure is recorded as an attempt and the proposal stays APPROVED. Run it
again on a proposal this org is EXECUTING to resume (steps already applied are skipped).`;

const WATCH_DESCRIPTION = `run as this org's executor: execute every APPROVED proposal, one at a time, as execute does, and
resume any this org is EXECUTING (an earlier watch or execute stopped before recording it); wakes on
each governance transaction committed on this org's peer and reads the proposals at least every
--poll-ms. Supersedes those the member list now contradicts (as supersede does), leaves proposals
claimed by another member (until their claim times out), and waits 10 minutes after a failed attempt
before trying it again. Logs one JSON line per decision and outcome on stderr. SIGTERM/SIGINT: the
execution under way finishes and is recorded, then it exits 0 (a second signal exits at once).`;

/** The watch's test hooks, in its help after the flags. */
const WATCH_TEST_HOOKS = `Test only: LEDGER_GOV_WATCH_PAUSE_AFTER_CLAIM_FILE / LEDGER_GOV_WATCH_PAUSE_BEFORE_RECORD_FILE make watch
pause after its claim / before its record until that file exists (it logs "test hook: paused");
LEDGER_GOV_WATCH_PAUSE_PROPOSAL_ID limits that to one proposal.`;

const GOV_HELP_AFTER = `
propose, vote, supersede and execute print the proposal (or outcome) with "commit": {transactionId, blockNumber},
where the write was committed. Each write carries the current time; the peers refuse to endorse one
whose time is more than LEDGER_MAX_CLOCK_SKEW_SECONDS (chaincode server setting, default 300) from
their own clock.

Environment:
  NETWORK_PORT_BASE   ports of the network (default 7000)      NETWORK_RUN_DIR  its state (network/.run)
  LEDGER_ORG          default for --org (org1)                 LEDGER_USER      default for --user (admin1)
Exit status: 0 done, 1 refused or failed (the reason is printed; for execute: another member is
executing it, the attempt failed, or the change was applied but not recorded — run execute again; for
verify: the record does not hold; for watch --once: an execution did not end EXECUTED), 2 usage error.`;

/** The flags of every `ledger gov` command (the program's and the command's own). */
interface GovFlags {
  readonly org?: string;
  readonly user?: string;
  readonly invite?: string;
  readonly remove?: string;
  readonly policy?: string;
  readonly actionPolicy?: string[];
  readonly vepsKeys?: string;
  readonly description?: string;
  readonly after?: string;
  readonly once?: boolean;
  readonly pollMs?: string;
}

const print = (value: string): void => {
  process.stdout.write(`${value}\n`);
};

/** The connection a handler runs on. */
interface Session {
  readonly network: Network;
  readonly org: PeerOrg;
}

/** A refusal of the CLI itself (exit 1, the message printed as is). */
class RefusalError extends Error {}

/** The policy change of `propose` from `--policy` and `--action-policy`, undefined without them. */
async function policyChangeFlags(flags: GovFlags): Promise<PolicyChangeAction | undefined> {
  const { jsonOrFile, PolicyArgumentError, policyChangeOf } = await import('../governance/policyArgs');
  try {
    return policyChangeOf(
      flags.policy === undefined ? undefined : jsonOrFile('--policy', flags.policy),
      flags.actionPolicy ?? [],
    );
  } catch (err) {
    if (err instanceof PolicyArgumentError) throw new UsageError(err.message);
    throw err;
  }
}

/** The VEPS keys of `propose --veps-keys`; a key that cannot be read is a usage error. */
async function vepsKeysFlagOf(flag: string): Promise<VepsKeysChange> {
  const { vepsKeysChangeOf } = await import('../governance/vepsKeysArgs');
  try {
    return vepsKeysChangeOf(flag);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** The actions of `propose` from its flags. */
async function proposalActions(flags: GovFlags): Promise<Record<string, unknown>> {
  const { invite, remove } = flags;
  const policyChange = await policyChangeFlags(flags);
  const vepsKeysFlag = flags.vepsKeys;
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
  const vepsKeys = vepsKeysFlag === undefined ? undefined : await vepsKeysFlagOf(vepsKeysFlag);
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
async function foundingMembersOf(file: string, text: string): Promise<readonly string[]> {
  const { parseConsortiumFile } = await import('../governance/consortiumFile');
  try {
    return parseConsortiumFile(text, file).foundingMembers;
  } catch (err) {
    throw new UsageError(`init: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `--after TXID@BLOCK`: the transaction to wait for, or undefined when the flag is absent. */
async function afterOf(flag: string | undefined): Promise<CommittedTransaction | undefined> {
  if (flag === undefined) return undefined;
  const { parseCommitRef } = await import('../fabric/awaitCommitted');
  const commit = parseCommitRef(flag);
  if (commit === undefined) {
    throw new UsageError(
      `--after: got ${JSON.stringify(flag)}, want TXID@BLOCK (64 lowercase hex digits, @, a block number)`,
    );
  }
  return commit;
}

/** `--poll-ms N`: a whole number of milliseconds from 100 to 86 400 000, or the default. */
function pollMsOf(flag: string | undefined, fallback: number): number {
  if (flag === undefined) return fallback;
  const ms = /^[0-9]{1,8}$/.test(flag) ? Number(flag) : Number.NaN;
  if (!(ms >= 100 && ms <= 86_400_000)) {
    throw new UsageError(
      `--poll-ms: got ${JSON.stringify(flag)}, want a whole number of ms from 100 to 86400000`,
    );
  }
  return ms;
}

async function orgOf(flags: GovFlags): Promise<PeerOrg> {
  const { defaultOrg, networkLayout, peerOrgNames } = await import('../fabric/networkLayout');
  const org = flags.org ?? process.env.LEDGER_ORG ?? defaultOrg(networkLayout());
  const orgs = peerOrgNames();
  if (!orgs.includes(org)) throw new UsageError(`--org: got ${org}, want one of ${orgs.join(', ')}`);
  return org;
}

type Handler = (gov: GovernanceClient, session: Session) => Promise<void>;

/** Connects as `--org`/`--user` (the Fabric gateway is loaded here) and runs `handler`. */
async function withGovernance(command: Command, handler: Handler): Promise<void> {
  const flags = command.optsWithGlobals<GovFlags>();
  const org = await orgOf(flags);
  const { networkLayout, orgLayout } = await import('../fabric/networkLayout');
  const { connectAs } = await import('../fabric/connect');
  const { newGovernanceClient } = await import('../governance/governanceClient');
  const layout = networkLayout();
  const connection = connectAs({
    org: orgLayout(layout, org),
    user: flags.user ?? process.env.LEDGER_USER ?? 'admin1',
  });
  try {
    const network = connection.gateway.getNetwork(layout.channelName);
    await handler(newGovernanceClient(network.getContract(layout.chaincodeName), network), { network, org });
  } finally {
    connection.close();
  }
}

async function init(gov: GovernanceClient, fileArg: string | undefined): Promise<void> {
  const file = fileArg ?? path.resolve(__dirname, '..', '..', '..', 'channel-config', 'consortium.json');
  const text = fs.readFileSync(file, 'utf8');
  const founders = await foundingMembersOf(file, text);
  const channel = await gov.latestConfigBlock();
  if (founders.join(',') !== channel.orgs.join(',')) {
    throw new RefusalError(
      `init: the founding members of ${file} are [${founders.join(', ')}], the channel's application orgs in config block ${channel.blockNumber} are [${channel.orgs.join(', ')}]; a consortium is founded by every channel org`,
    );
  }
  print(await gov.initConsortium(text));
}

async function execute(gov: GovernanceClient, proposalId: string, flags: GovFlags): Promise<void> {
  const { executeProposal } = await import('../governance/executeProposal');
  const { networkLayout } = await import('../fabric/networkLayout');
  const { toJson } = await import('../governance/governanceClient');
  const outcome = await executeProposal({
    governance: gov,
    layout: networkLayout(),
    proposalId,
    after: await afterOf(flags.after),
    log: (m) => {
      process.stderr.write(`${JSON.stringify({ msg: m })}\n`);
    },
  });
  print(toJson(outcome));
  if (outcome.status !== 'EXECUTED') process.exitCode = 1;
}

async function watch(gov: GovernanceClient, session: Session, flags: GovFlags): Promise<void> {
  const { networkLayout, orgLayout } = await import('../fabric/networkLayout');
  const { executeProposal } = await import('../governance/executeProposal');
  const { watchGovernanceEvents } = await import('../governance/governanceEvents');
  const { DEFAULT_WATCH_POLL_MS, runGovernanceWatch } = await import('../governance/governanceWatch');
  const { watchTestHooks } = await import('../governance/watchTestHooks');
  const { newLogger } = await import('../logger');
  const layout = networkLayout();
  const pollMs = pollMsOf(flags.pollMs, DEFAULT_WATCH_POLL_MS);
  const once = flags.once === true;
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
      once,
      pollMs,
      subscribe: once
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
    if (once && summary.notExecuted > 0) process.exitCode = 1;
  } finally {
    events.abort();
    await eventsDone;
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

async function verify(gov: GovernanceClient, proposalId: string): Promise<void> {
  const { verifyExecution } = await import('../governance/verifyExecution');
  const verdict = await verifyExecution(gov, proposalId);
  print(JSON.stringify(verdict));
  if (!verdict.verified) {
    process.stderr.write(
      `proposal ${verdict.proposalId}: the execution record does not hold: ${verdict.problems.join('; ')}\n`,
    );
    process.exitCode = 1;
  }
}

/** JSON of a write's result (the governance client's form, with its commit). */
async function toJsonText(value: Parameters<typeof toJson>[0]): Promise<string> {
  return (await import('../governance/governanceClient')).toJson(value);
}

/** The `ledger gov` commands; `--org` and `--user` are accepted before or after the command. */
export function govProgram(): Command {
  const program = newProgram(
    'ledger gov',
    "consortium governance: proposals, votes and the execution of an approved proposal on the channel, as a member org's admin",
  )
    .usage('<command> [options]')
    .option(
      '--org <ORG>',
      "the member org to act for (env LEDGER_ORG, default the topology's first founding org)",
    )
    .option('--user <NAME>', "the org's admin user to act as (env LEDGER_USER, default admin1)")
    .addHelpText('after', GOV_HELP_AFTER);
  const on = (command: Command, handler: Handler): Promise<void> => withGovernance(command, handler);

  program
    .command('init')
    .description(
      "accept the consortium charter FILE for this org; refused unless its members are exactly the channel's application orgs. The consortium is founded once an admin of every founding member has run it with the same definition; prints {charterSha256, acceptedBy, waitingFor, consortium}",
    )
    .argument('[FILE]', 'the charter (default channel-config/consortium.json)')
    .action((file: string | undefined, _flags: unknown, command: Command) =>
      on(command, (gov) => init(gov, file)),
    );

  const propose = program
    .command('propose')
    .description(paragraph(PROPOSE_DESCRIPTION))
    .option('--invite <FILE>', 'invite the org of FILE (from scripts/channel-org.sh prepare)')
    .option('--remove <MSPID>', 'remove a member')
    .option('--policy <POLICY>', 'set the default policy');
  repeatable(
    propose,
    '--action-policy <KIND=POLICY|null>',
    'set the policy of INVITE, REMOVE, POLICY_CHANGE or VEPS_KEYS (null drops it); repeatable',
  )
    .option(
      '--veps-keys <FILE_OR_DIR[,…]|none>',
      'set the keys every peer checks event signatures against in Journal:SubmitEvents (PEM public keys, Ed25519 or P-256, files or folders of *.pem, key id = file name; none turns the check off; at most 16 keys)',
    )
    .option('--description <TEXT>', 'what the proposal is for')
    .action((_flags: unknown, command: Command) =>
      on(command, async (gov) => {
        const flags = command.optsWithGlobals<GovFlags>();
        const proposal = await gov.createProposal(await proposalActions(flags), flags.description ?? '');
        print(await toJsonText(proposal));
      }),
    );

  program
    .command('vote')
    .description("cast this org's vote")
    .argument('<PROPOSAL_ID>', 'the proposal')
    .argument('<YES|NO>', 'the vote')
    .action((id: string, vote: string, _flags: unknown, command: Command) => {
      if (vote !== 'YES' && vote !== 'NO') throw new UsageError('vote PROPOSAL_ID YES|NO');
      return on(command, async (gov) => {
        print(await toJsonText(await gov.vote(id, vote)));
      });
    });

  program
    .command('show')
    .description('the proposal with its status, votes and failed attempts')
    .argument('<PROPOSAL_ID>', 'the proposal')
    .action((id: string, _flags: unknown, command: Command) =>
      on(command, async (gov) => {
        print(JSON.stringify(await gov.getProposal(id)));
      }),
    );

  program
    .command('list')
    .description('proposals, optionally of one status')
    .argument('[STATUS]', 'IN_PROGRESS|APPROVED|REJECTED|EXPIRED|EXECUTING|EXECUTED|SUPERSEDED')
    .action((status: string | undefined, _flags: unknown, command: Command) =>
      on(command, async (gov) => {
        print(await gov.listProposals(status ?? ''));
      }),
    );

  program
    .command('members')
    .description("the consortium's members")
    .action((_flags: unknown, command: Command) =>
      on(command, async (gov) => {
        print(await gov.listMembers());
      }),
    );

  program
    .command('veps-keys')
    .description(
      "the consortium's VEPS keys (Governance:GetVepsKeys); an empty list means the chaincode does not check event signatures",
    )
    .action((_flags: unknown, command: Command) =>
      on(command, async (gov) => {
        print(await gov.getVepsKeys());
      }),
    );

  program
    .command('execute')
    .description(paragraph(EXECUTE_DESCRIPTION))
    .argument('<PROPOSAL_ID>', 'the proposal')
    .option(
      '--after <TXID@BLOCK>',
      'first wait until this org\'s peer has committed that transaction (the "commit" that propose/vote print at another org)',
    )
    .action((id: string, _flags: unknown, command: Command) =>
      on(command, (gov) => execute(gov, id, command.optsWithGlobals<GovFlags>())),
    );

  program
    .command('supersede')
    .description(
      'close an APPROVED or EXECUTING proposal that the member list no longer allows (it invites a member or removes a non-member, because another proposal changed the list since): status SUPERSEDED, final, with the reason the chaincode finds; refused when the proposal can still be executed',
    )
    .argument('<PROPOSAL_ID>', 'the proposal')
    .action((id: string, _flags: unknown, command: Command) =>
      on(command, async (gov) => {
        print(await toJsonText(await gov.supersede(id)));
      }),
    );

  program
    .command('verify')
    .description(
      "check an EXECUTED record against the channel: the configuration block it names (fetched from this org's peer) is a config block whose orgs are the recorded ones, with the invited orgs in, the removed ones out, after the proposal, and the Admins rule of a new default policy; prints {verified, problems}",
    )
    .argument('<PROPOSAL_ID>', 'the proposal')
    .action((id: string, _flags: unknown, command: Command) => on(command, (gov) => verify(gov, id)));

  program
    .command('watch')
    .description(paragraph(WATCH_DESCRIPTION))
    .addHelpText('after', `\n${WATCH_TEST_HOOKS}`)
    .option('--once', 'process what is pending and exit (1 when an execution did not end EXECUTED)')
    .option('--poll-ms <N>', 'read the proposals at least every N ms (100..86400000, default 60000)')
    .action((_flags: unknown, command: Command) =>
      on(command, (gov, session) => watch(gov, session, command.optsWithGlobals<GovFlags>())),
    );
  return program;
}

/**
 * Prints an error of a `ledger gov` action: a usage error after "usage: ", a refusal or a failed
 * execution as its message, anything else with the chaincode's details.
 *
 * @returns the exit status: 2 for a usage error, else 1.
 */
export async function reportGovError(err: unknown): Promise<number> {
  const usage = err instanceof UsageError;
  const { ExecutionNotRecordedError, NotExecutableError } = await import('../governance/executeProposal');
  const plain =
    usage ||
    err instanceof NotExecutableError ||
    err instanceof ExecutionNotRecordedError ||
    err instanceof RefusalError;
  const details = errorDetailMessages(err);
  process.stderr.write(
    `${usage ? 'usage: ' : ''}${plain && err instanceof Error ? err.message : [String(err), ...details].join('\n')}\n`,
  );
  return usage ? 2 : 1;
}
