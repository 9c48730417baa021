// What the running channel and the peer processes say, for governance integration tests: the channel
// configuration's application orgs and Admins rule (as the orderers have them, fetched by
// scripts/channel-org.sh), and how often an org's peer was started (its log) and is running (/proc).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NetworkLayout, PeerOrg } from '@gateway/fabric/networkLayout';

/** The application part of the channel configuration. */
export interface ChannelApplication {
  /** MSP ids of the application orgs, sorted. */
  readonly members: readonly string[];
  /** The Application Admins policy, rendered as `OutOf(n, 'A.admin', …)` (or its raw JSON otherwise). */
  readonly adminsRule: string;
}

interface SignaturePolicyJson {
  identities?: { principal?: { msp_identifier?: string; role?: string } }[];
  rule?: { n_out_of?: { n?: number; rules?: { signed_by?: number }[] } };
}

const ROLE_SUFFIX: Readonly<Record<string, string>> = { ADMIN: 'admin', MEMBER: 'member', PEER: 'peer' };

/** Renders a signature policy of configtxlator JSON as a rule (proto3 JSON leaves out zero values). */
function ruleText(policy: { type?: number; value?: unknown }): string {
  const value = policy.value as SignaturePolicyJson | undefined;
  const outOf = value?.rule?.n_out_of;
  if (policy.type !== 1 || value?.identities === undefined || outOf === undefined) {
    return JSON.stringify(policy);
  }
  const principals = (outOf.rules ?? []).map((r) => {
    const id = value.identities?.[r.signed_by ?? 0]?.principal;
    return `'${id?.msp_identifier ?? '?'}.${ROLE_SUFFIX[id?.role ?? 'MEMBER'] ?? '?'}'`;
  });
  return `OutOf(${String(outOf.n ?? 0)}, ${principals.join(', ')})`;
}

/**
 * Fetches the channel configuration (as Org1's admin, through `scripts/channel-org.sh members`) and
 * reads its application orgs and Admins policy.
 */
export function channelApplication(layout: NetworkLayout, repo: string): ChannelApplication {
  const listed = execFileSync('bash', [path.join(repo, 'scripts', 'channel-org.sh'), 'members'], {
    encoding: 'utf8',
  });
  // `members` leaves the configuration it fetched in Org1's work folder.
  const config = JSON.parse(
    fs.readFileSync(path.join(layout.runDir, 'artifacts', 'channel-org1', 'config.json'), 'utf8'),
  ) as {
    channel_group: {
      groups: { Application: { policies: { Admins: { policy: { type?: number; value?: unknown } } } } };
    };
  };
  return {
    members: listed.trim().split('\n'),
    adminsRule: ruleText(config.channel_group.groups.Application.policies.Admins.policy),
  };
}

/** How many times an org's peer has been started on this network (the peer logs one line per start). */
export function peerStarts(layout: NetworkLayout, org: PeerOrg): number {
  const log = path.join(layout.runDir, 'logs', `peer0-${org}.log`);
  if (!fs.existsSync(log)) return 0;
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => /-> Starting peer:\s*$/.test(line)).length;
}

/** Process ids of the running peers of an org of this network (`peer node start` on its data folder). */
export function peerProcesses(layout: NetworkLayout, org: PeerOrg): number[] {
  const dataDir = `CORE_PEER_FILESYSTEMPATH=${path.join(layout.runDir, 'data', `peer0-${org}`)}`;
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!(cmdline[0] ?? '').endsWith('peer') || cmdline[1] !== 'node' || cmdline[2] !== 'start') continue;
      if (fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(dataDir)) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while it was read.
    }
  }
  return pids;
}
