#!/usr/bin/env node
/**
 * `ledger org`: the member orgs of the network's topology, and the preparation of a new one that a
 * governance invitation will add (`ledger org prepare`, then `ledger gov propose --invite`).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology, loadTopologyFile, runDirOf, topologyFragmentsDir } from '../topology/loadTopology';
import { planOrgEntry, requestMismatches, OrgRequestError, type OrgRequest } from '../topology/newOrgEntry';
import { TopologyError } from '../topology/parseTopology';
import type { MemberOrgTopology } from '../topology/topologyModel';

const USAGE = `Usage: ledger org <command>

Commands:
  prepare NAME [--msp-id ID] [--domain D] [--host H] [--peers N] [--out FILE]
        make NAME ready to be invited: adds its entry to the network's topology as the fragment
        RUN/state/topology.d/NAME.json (unless the topology has it already), starts its Fabric CA,
        issues its admin and node identities (scripts/channel-org.sh prepare) and prints the
        invitation JSON {mspId, orgName, rootCerts, adminCert} for
        \`ledger gov propose --invite FILE\` (also written to FILE with --out).
        NAME: lower-case letters and digits, starting with a letter (at most 31).
        --msp-id   default: NAME with its first letter upper case, then MSP (acme → AcmeMSP)
        --domain   default: NAME.example.com       --host  every node's address (default 127.0.0.1)
        --peers    number of peers, 1 to 16 (default 1), named peer0, peer1, …
        Ports: the first block networkBase + 100·k (k = 1..9) of the topology file's ports in which no
        node listens: peer i on +3i (chaincode +3i+1, operations +3i+2), the CA on +90 (operations
        +91); the gateway on the first gatewayBase + g (metrics gatewayMetricsBase + g) not in use.
        Ports are written for the file's bases and move with NETWORK_PORT_BASE and GATEWAY_PORT like
        the file's. Running it again with the same arguments changes nothing and prints the
        invitation again; a flag that differs from the prepared entry is refused.
  list  the topology's member orgs (the file's, then the fragments'), one JSON object a line:
        {name, mspId, domain, source: "file"|"fragment", peers: [host:port], gateway: host:port}

After \`ledger gov execute\` of the approved invitation the org is a channel member: its peers run and
have joined, the chaincode is installed and approved for it, and its gateway runs. A removal stops its
peers, CA and gateway; its fragment stays, so it may be invited again.

Environment: NETWORK_RUN_DIR (network/.run), NETWORK_TOPOLOGY (network/topology.json),
NETWORK_PORT_BASE (7000), GATEWAY_PORT (50051).
Exit status: 0 done, 1 refused or failed (the reason is printed), 2 usage error.
`;

class UsageError extends Error {}

interface Parsed {
  readonly args: string[];
  readonly flags: Map<string, string>;
}

const FLAGS = new Set(['msp-id', 'domain', 'host', 'peers', 'out']);

function parse(argv: readonly string[]): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      args.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (!FLAGS.has(name)) throw new UsageError(`unknown flag ${arg}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
    flags.set(name, value);
    i++;
  }
  return { args, flags };
}

function requestOf(name: string, flags: ReadonlyMap<string, string>): OrgRequest {
  const peers = flags.get('peers');
  if (peers !== undefined && !/^\d{1,3}$/.test(peers)) {
    throw new UsageError(`--peers: got ${JSON.stringify(peers)}, want a number from 1 to 16`);
  }
  const request: { -readonly [K in keyof OrgRequest]: OrgRequest[K] } = { name };
  const mspId = flags.get('msp-id');
  const domain = flags.get('domain');
  const host = flags.get('host');
  if (mspId !== undefined) request.mspId = mspId;
  if (domain !== undefined) request.domain = domain;
  if (host !== undefined) request.host = host;
  if (peers !== undefined) request.peers = Number(peers);
  return request;
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

function prepare(p: Parsed): void {
  const name = p.args[0];
  if (name === undefined || p.args.length > 1) throw new UsageError('prepare NAME [flags]');
  const request = requestOf(name, p.flags);
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
  const out = p.flags.get('out');
  if (out !== undefined) {
    writeAtomic(path.resolve(out), invitation);
    log({ msg: 'invitation written', org: name, file: path.resolve(out) });
  }
  process.stdout.write(invitation);
}

function list(): void {
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

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const [command, ...rest] = argv;
  const parsed = parse(rest);
  switch (command) {
    case 'prepare':
      prepare(parsed);
      return 0;
    case 'list':
      if (parsed.args.length > 0 || parsed.flags.size > 0) throw new UsageError('list takes no arguments');
      list();
      return 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`usage: ${err.message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (err instanceof OrgRequestError || err instanceof TopologyError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    const stderr = (err as { status?: unknown }).status;
    process.stderr.write(
      typeof stderr === 'number'
        ? `error: scripts/channel-org.sh prepare failed (exit ${stderr}; see its messages above)\n`
        : `error: ${String(err)}\n`,
    );
    process.exitCode = 1;
  }
}
