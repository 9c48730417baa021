/**
 * `ledger org`: the member orgs of the network's topology, and the preparation of a new one that a
 * governance invitation will add (`ledger org prepare`, then `ledger gov propose --invite`). Defines the
 * commands; `org.ts` runs them. The topology code is loaded by the actions.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrgRequest } from '../topology/newOrgEntry';
import type { MemberOrgTopology } from '../topology/topologyModel';
import { newProgram, paragraph, UsageError, type Command } from './commandLine';

const PREPARE = `make NAME ready to be invited: adds its entry to the network's topology as the fragment
RUN/state/topology.d/NAME.json (unless the topology has it already), starts its Fabric CA, issues its
admin and node identities (scripts/channel-org.sh prepare) and prints the invitation JSON {mspId,
orgName, rootCerts, adminCert} for \`ledger gov propose --invite FILE\` (also written to FILE with
--out). Running it again with the same arguments changes nothing and prints the invitation again; a
flag that differs from the prepared entry is refused.`;

const PORTS = `Ports: the first block networkBase + 100·k (k = 1..9) of the topology file's ports in which no
node listens: peer i on +3i (chaincode +3i+1, operations +3i+2), the CA on +90 (operations
+91); the gateway on the first gatewayBase + g (metrics gatewayMetricsBase + g) not in use.
Ports are written for the file's bases and move with NETWORK_PORT_BASE and GATEWAY_PORT like
the file's.`;

const LIST = `the topology's member orgs (the file's, then the fragments'), one JSON object a line: {name, mspId,
domain, source: "file"|"fragment", peers: [host:port], gateway: host:port}`;

const ORG_HELP_AFTER = `
After \`ledger gov execute\` of the approved invitation the org is a channel member: its peers run and
have joined, the chaincode is installed and approved for it, and its gateway runs. A removal stops its
peers, CA and gateway; its fragment stays, so it may be invited again.

Environment: NETWORK_RUN_DIR (network/.run), NETWORK_TOPOLOGY (network/topology.json),
NETWORK_PORT_BASE (7000), GATEWAY_PORT (50051).
Exit status: 0 done, 1 refused or failed (the reason is printed), 2 usage error.`;

/** The flags of `prepare`. */
interface PrepareFlags {
  readonly mspId?: string;
  readonly domain?: string;
  readonly host?: string;
  readonly peers?: string;
  readonly out?: string;
}

function requestOf(name: string, flags: PrepareFlags): OrgRequest {
  const { peers } = flags;
  if (peers !== undefined && !/^\d{1,3}$/.test(peers)) {
    throw new UsageError(`--peers: got ${JSON.stringify(peers)}, want a number from 1 to 16`);
  }
  return {
    name,
    ...(flags.mspId === undefined ? {} : { mspId: flags.mspId }),
    ...(flags.domain === undefined ? {} : { domain: flags.domain }),
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(peers === undefined ? {} : { peers: Number(peers) }),
  };
}

/** Writes `text` to `file` atomically (a temporary file in the same folder, then a rename), mode 0644. */
function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o644 });
  fs.chmodSync(tmp, 0o644);
  fs.renameSync(tmp, file);
}

function log(fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify(fields)}\n`);
}

async function prepare(name: string, flags: PrepareFlags): Promise<void> {
  const request = requestOf(name, flags);
  const { loadTopology, loadTopologyFile, runDirOf, topologyFragmentsDir } =
    await import('../topology/loadTopology');
  const { planOrgEntry, requestMismatches } = await import('../topology/newOrgEntry');
  const topology = loadTopologyFile();
  const existing = topology.orgs.find((o) => o.name === name);
  if (existing !== undefined) {
    const problems = requestMismatches(existing, request);
    const first = problems[0];
    if (first !== undefined) throw first;
    log({ msg: 'org already in the topology', org: name, mspId: existing.mspId });
  } else {
    const entry = planOrgEntry(topology, request);
    const file = path.join(topologyFragmentsDir(), `${name}.json`);
    writeAtomic(file, `${JSON.stringify(entry, null, 2)}\n`);
    // Validate the topology with the new fragment before anything starts; take it back when refused.
    try {
      loadTopology();
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err;
    }
    log({ msg: 'topology fragment written', org: name, mspId: entry.mspId, file });
  }
  const script = path.resolve(__dirname, '..', '..', '..', 'scripts', 'channel-org.sh');
  const invitation = execFileSync('bash', [script, 'prepare', name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NETWORK_RUN_DIR: runDirOf() },
  });
  const { out } = flags;
  if (out !== undefined) {
    writeAtomic(path.resolve(out), invitation);
    log({ msg: 'invitation written', org: name, file: path.resolve(out) });
  }
  process.stdout.write(invitation);
}

async function list(): Promise<void> {
  const { loadTopology, loadTopologyFile, topologyFragmentsDir } = await import('../topology/loadTopology');
  const fragments = new Set(
    fs.existsSync(topologyFragmentsDir())
      ? fs
          .readdirSync(topologyFragmentsDir())
          .filter((n) => n.endsWith('.json'))
          .map((n) => n.slice(0, -'.json'.length))
      : [],
  );
  const fileOrgs = loadTopologyFile().orgs.filter((o) => !fragments.has(o.name)).length;
  loadTopology().orgs.forEach((org: MemberOrgTopology, i) => {
    process.stdout.write(
      `${JSON.stringify({
        name: org.name,
        mspId: org.mspId,
        domain: org.domain,
        source: i < fileOrgs ? 'file' : 'fragment',
        peers: org.peers.map((peer) => `${peer.host}:${peer.port}`),
        gateway: `${org.gateway.host}:${org.gateway.port}`,
      })}\n`,
    );
  });
}

/** `ledger org prepare` and `ledger org list`. */
export function orgProgram(): Command {
  const program = newProgram('ledger org', "the network's member orgs; prepare a new org for an invitation")
    .usage('<command> [options]')
    .addHelpText('after', ORG_HELP_AFTER);
  program
    .command('prepare')
    .description(paragraph(PREPARE))
    .argument('<NAME>', 'lower-case letters and digits, starting with a letter (at most 31)')
    .option('--msp-id <ID>', 'default: NAME with its first letter upper case, then MSP (acme → AcmeMSP)')
    .option('--domain <D>', 'default: NAME.example.com')
    .option('--host <H>', "every node's address (default 127.0.0.1)")
    .option('--peers <N>', 'number of peers, 1 to 16 (default 1), named peer0, peer1, …')
    .option('--out <FILE>', 'also write the invitation to FILE')
    .addHelpText('after', `\n${PORTS}`)
    .action((name: string, flags: PrepareFlags) => prepare(name, flags));
  program
    .command('list')
    .description(paragraph(LIST))
    .action(() => list());
  return program;
}

/**
 * Prints an error of a `ledger org` action: a usage error, a refused request or topology, or a failed
 * preparation script.
 *
 * @returns the exit status: 2 for a usage error, else 1.
 */
export async function reportOrgError(err: unknown): Promise<number> {
  if (err instanceof UsageError) {
    process.stderr.write(`usage: ${err.message} (see --help)\n`);
    return 2;
  }
  const { OrgRequestError } = await import('../topology/newOrgEntry');
  const { TopologyError } = await import('../topology/parseTopology');
  if (err instanceof OrgRequestError || err instanceof TopologyError) {
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  const status = (err as { status?: unknown }).status;
  process.stderr.write(
    typeof status === 'number'
      ? `error: scripts/channel-org.sh prepare failed (exit ${status}; see its messages above)\n`
      : `error: ${String(err)}\n`,
  );
  return 1;
}
