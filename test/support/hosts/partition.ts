// The partition tool of the multi-host suites (test/integration/hosts): cuts a host group (an org: its
// own host and every peer's; an orderer) off the bridge and heals it, through network/netns.sh, which
// takes the hosts' veth ends down and up. The tests run as root in the root namespace.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { loadNetnsPlan } from '@gateway/topology/loadTopology';
import type { NetnsPlan } from '@gateway/topology/netnsHosts';

const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * The netns plan of the network under test.
 * @throws Error when NETWORK_HOSTS is not netns (these suites run only on a multi-host network).
 */
export function netnsPlanOfTest(): NetnsPlan {
  const plan = loadNetnsPlan();
  if (plan === undefined)
    throw new Error('the hosts suites need NETWORK_HOSTS=netns (scripts/test-hosts.sh)');
  return plan;
}

/** Runs `network/netns.sh <args>`; resolves with its stdout, rejects with its stderr. */
export function netns(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(REPO, 'network', 'netns.sh'), ...args],
      { encoding: 'utf8', timeout: 30_000 },
      (err, out, stderr) => {
        if (err === null) resolve(out);
        else reject(new Error(`network/netns.sh ${args.join(' ')} failed: ${stderr}`));
      },
    );
  });
}

/** Cuts every host of `target` (a group, namespace or process name) off the network. */
export async function cut(...targets: string[]): Promise<void> {
  for (const target of targets) await netns('cut', target);
}

/** Heals what {@link cut} cut. */
export async function heal(...targets: string[]): Promise<void> {
  for (const target of targets) await netns('heal', target);
}

/** The namespaces whose veth is down (cut), from `network/netns.sh status`. */
export async function cutHosts(): Promise<string[]> {
  const out = await netns('status');
  return out
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields[4] === 'cut')
    .map((fields) => fields[0] ?? '');
}
