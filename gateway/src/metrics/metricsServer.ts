/**
 * The Prometheus scrape endpoint: `GET /metrics` over plain HTTP, on 127.0.0.1 only.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';

/** A listening metrics endpoint. */
export interface MetricsServer {
  /** The port actually bound. */
  readonly port: number;
  close(): Promise<void>;
}

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** Listen address (default 127.0.0.1). */
  readonly host?: string;
  /** Port; 0 picks a free one. */
  readonly port: number;
  /** The exposition text (Prometheus text format 0.0.4), rendered per scrape. */
  render(): string | Promise<string>;
}

function fail(res: http.ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal error\n');
}

async function handle(
  render: () => string | Promise<string>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/metrics') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try /metrics\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
    return;
  }
  const body = await render();
  res.writeHead(200, {
    'content-type': Registry.PROMETHEUS_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Starts serving `/metrics`.
 *
 * @param options - address and renderer.
 * @returns the server, once it listens.
 * @throws Error (for example EADDRINUSE) when the port cannot be bound.
 */
export function startMetricsServer(options: Readonly<MetricsServerOptions>): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    handle(options.render, req, res).catch(() => {
      fail(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
            server.closeAllConnections();
          }),
      });
    });
  });
}
