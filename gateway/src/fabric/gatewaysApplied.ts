/**
 * Waits until every running gateway of the network (the endpoint files that scripts/gateway-up.sh
 * writes under `<run>/gateway/<org>/endpoint.json`) applies a channel configuration block: its
 * HealthCheck `channel_config_block` reaches it. A configuration update (a CRL) is in force at a
 * gateway from then on. A gateway that does not answer is not waited for: it reads the current
 * configuration when it starts again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newLedgerClient } from '../client/ledgerClient';
import { gatewayEndpointFile, parseGatewayEndpoint, type GatewayEndpoint } from '../client/memberConnection';

/** Where one gateway stands. */
export interface GatewayApplied {
  readonly org: string;
  readonly address: string;
  /** The block it applies; undefined when it did not answer (down) or runs plaintext (no trust to apply). */
  readonly configBlock?: number;
  readonly state: 'applied' | 'unreachable' | 'plaintext';
}

/** Options of {@link waitForGatewaysToApply}. */
export interface WaitForGatewaysOptions {
  readonly runDir: string;
  /** Block number the gateways must reach. */
  readonly configBlock: number;
  /** A member's client certificate and key (PEM) to call HealthCheck with. */
  readonly clientCertPem: Buffer;
  readonly clientKeyPem: Buffer;
  /** Give up after this long (default 60 s). */
  readonly timeoutMs?: number;
}

/** The endpoint files of the network's gateways. */
export function gatewayEndpoints(runDir: string): GatewayEndpoint[] {
  const dir = path.join(runDir, 'gateway');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((org) => gatewayEndpointFile(runDir, org))
    .filter((file) => fs.existsSync(file))
    .map((file) => parseGatewayEndpoint(fs.readFileSync(file, 'utf8'), file));
}

/**
 * Waits for each gateway (in parallel).
 *
 * @returns where each stands.
 * @throws Error naming a gateway that answers but has not reached the block by the deadline.
 */
export async function waitForGatewaysToApply(
  options: Readonly<WaitForGatewaysOptions>,
): Promise<GatewayApplied[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  return Promise.all(
    gatewayEndpoints(options.runDir).map((endpoint) => waitForOne(endpoint, options, deadline)),
  );
}

async function waitForOne(
  endpoint: GatewayEndpoint,
  options: Readonly<WaitForGatewaysOptions>,
  deadline: number,
): Promise<GatewayApplied> {
  const where = { org: endpoint.org, address: endpoint.address };
  if (!endpoint.tls) return { ...where, state: 'plaintext' };
  const client = newLedgerClient(endpoint.address, {
    ...(endpoint.caFile === undefined ? {} : { rootCertPem: fs.readFileSync(endpoint.caFile) }),
    clientCertPem: options.clientCertPem,
    clientKeyPem: options.clientKeyPem,
    timeoutMs: 5000,
  });
  try {
    for (;;) {
      let applied: number;
      try {
        applied = Number((await client.healthCheck()).channelConfigBlock);
      } catch {
        return { ...where, state: 'unreachable' };
      }
      if (applied >= options.configBlock) return { ...where, configBlock: applied, state: 'applied' };
      if (Date.now() >= deadline) {
        throw new Error(
          `gateway ${endpoint.org} (${endpoint.address}) still applies configuration block ${applied}, not ${options.configBlock}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    client.close();
  }
}
