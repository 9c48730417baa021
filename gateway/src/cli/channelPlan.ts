/**
 * `node gateway/dist/cli/channelPlan.js NAME MEMBERS --main CHANNEL --member-orgs a,b [--existing x,y]
 * [--record]` (`gateway_cli channelPlan` in scripts/channel-create.sh): checks a `ledger channel create`
 * request against the topology (NETWORK_TOPOLOGY and its fragments) and what the script found running,
 * and prints the member orgs' short names, one a line, sorted by MSP id; with `--record`, the
 * `RUN/channels/NAME.json` record instead. Exit 1 with the field named when the request is refused.
 */
import { loadTopology } from '../topology/loadTopology';
import { ChannelRequestError, channelRecord, planChannel } from '../topology/channelPlan';
import { TopologyError } from '../topology/parseTopology';

/** The value after `flag` split at commas (absent or empty → none). */
function listOf(argv: readonly string[], flag: string): readonly string[] {
  const at = argv.indexOf(flag);
  const value = at >= 0 ? argv[at + 1] : undefined;
  return value === undefined || value === '' ? [] : value.split(',');
}

function main(argv: readonly string[]): void {
  const [name, members] = argv;
  const mainAt = argv.indexOf('--main');
  const mainChannel = mainAt >= 0 ? argv[mainAt + 1] : undefined;
  if (name === undefined || members === undefined || mainChannel === undefined) {
    process.stderr.write(
      'usage: channelPlan NAME MEMBERS --main CHANNEL --member-orgs a,b [--existing x,y] [--record]\n',
    );
    process.exitCode = 2;
    return;
  }
  try {
    const plan = planChannel(
      { name, members },
      {
        mainChannel,
        topologyOrgs: loadTopology().orgs.map((o) => ({ name: o.name, mspId: o.mspId })),
        memberOrgs: listOf(argv, '--member-orgs'),
        existingChannels: listOf(argv, '--existing'),
      },
    );
    process.stdout.write(
      argv.includes('--record') ? channelRecord(plan) : plan.orgs.map((o) => `${o.name}\n`).join(''),
    );
  } catch (err) {
    if (!(err instanceof ChannelRequestError || err instanceof TopologyError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 1;
  }
}

main(process.argv.slice(2));
