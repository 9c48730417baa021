// Reads a peer's or orderer's operations endpoint (/metrics, /healthz, /logspec) the way an operator
// does: https with the operator's client certificate from the operations TLS CA (network/crypto.sh).
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { layout } from './testNetwork';

/** The operator's TLS credentials (or none: a client without a certificate). */
export interface OperationsCredentials {
  readonly ca: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** The operator's credentials of the test network. */
export function operatorCredentials(): OperationsCredentials {
  const dir = path.join(layout.cryptoDir, 'operations-client');
  return {
    ca: fs.readFileSync(path.join(dir, 'ca.pem')),
    cert: fs.readFileSync(path.join(dir, 'cert.pem')),
    key: fs.readFileSync(path.join(dir, 'key.pem')),
  };
}

/** Where an operations endpoint listens: a port on 127.0.0.1, or a host (a netns address) and port. */
export type OperationsAddress = number | { readonly host: string; readonly port: number };

/**
 * One request to an operations endpoint (on 127.0.0.1 when `at` is a port).
 *
 * @returns the status code and body.
 * @throws Error when the TLS handshake or the connection fails.
 */
export function operationsRequest(
  at: OperationsAddress,
  urlPath: string,
  credentials: OperationsCredentials = operatorCredentials(),
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  const { host, port } = typeof at === 'number' ? { host: '127.0.0.1', port: at } : at;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host,
        port,
        path: urlPath,
        method,
        ca: credentials.ca,
        ...(credentials.cert === undefined ? {} : { cert: credentials.cert, key: credentials.key }),
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`operations request to ${host}:${port}${urlPath} timed out`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}
