/**
 * Reads blocks of a channel from Fabric's Deliver service over gRPC: the orderer's
 * `orderer.AtomicBroadcast/Deliver` (blocks as the orderer cut them) or a peer's
 * `protos.Deliver/Deliver` (blocks as the peer committed them, with the validation flags). One signed
 * seek request per range, BLOCK_UNTIL_READY; the stream ends with a status (200 SUCCESS).
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { common } from '@hyperledger/fabric-protos';
import { parseDeliverResponse, seekEnvelope, seekPayload, type SeekPoint } from './seekRequest';

/** Which Deliver service. */
export type DeliverSource = 'orderer' | 'peer';

const METHODS: Readonly<Record<DeliverSource, string>> = {
  orderer: '/orderer.AtomicBroadcast/Deliver',
  peer: '/protos.Deliver/Deliver',
};

/** Where and as whom to read. */
export interface DeliverOptions {
  readonly source: DeliverSource;
  /** host:port of the orderer or peer. */
  readonly endpoint: string;
  /** PEM of the CA that issued the service's TLS certificate. */
  readonly tlsRootCert: Uint8Array;
  /** Optional TLS client certificate and key (PEM), for a service that requires them. */
  readonly tlsClient?: { readonly cert: Uint8Array; readonly key: Uint8Array };
  /** Host name to check the service's certificate against, when it is not the endpoint's host. */
  readonly tlsServerName?: string;
  readonly channel: string;
  readonly mspId: string;
  /** PEM certificate of the member identity that signs the requests. */
  readonly certificate: Uint8Array;
  /** Signs a whole message (SHA-256 ECDSA, DER, low S), e.g. connect.ts loadSigner. */
  readonly sign: (message: Uint8Array) => Promise<Uint8Array>;
  /** How long to wait for the connection, in milliseconds (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/** Thrown when the service answers with a status other than SUCCESS, or the stream fails. */
export class DeliverError extends Error {
  override readonly name = 'DeliverError';
}

const STATUS_NAMES = new Map<number, string>(
  Object.entries(common.Status as unknown as Record<string, number>).map(([name, code]) => [code, name]),
);

const identity = (bytes: Uint8Array): Buffer => Buffer.from(bytes);

/** A connection to a Deliver service. */
export interface DeliverClient {
  /**
   * The blocks from `start` to `stop` (inclusive), in order, as their bytes.
   *
   * @param start - the first block.
   * @param stop - the last block, or 'newest'.
   * @returns the blocks.
   * @throws DeliverError when the service refuses (e.g. FORBIDDEN, NOT_FOUND) or the stream breaks.
   */
  blocks(start: SeekPoint, stop: SeekPoint): AsyncGenerator<Uint8Array>;
  /** The channel's height (newest block + 1). */
  height(): Promise<number>;
  close(): void;
}

/**
 * Connects to a Deliver service.
 *
 * @param options - endpoint, TLS, channel and signing identity.
 * @returns the client; close it when done.
 */
export function newDeliverClient(options: Readonly<DeliverOptions>): DeliverClient {
  const credentials = grpc.credentials.createSsl(
    Buffer.from(options.tlsRootCert),
    options.tlsClient === undefined ? null : Buffer.from(options.tlsClient.key),
    options.tlsClient === undefined ? null : Buffer.from(options.tlsClient.cert),
  );
  const client = new grpc.Client(options.endpoint, credentials, {
    ...(options.tlsServerName === undefined
      ? {}
      : { 'grpc.ssl_target_name_override': options.tlsServerName }),
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
    'grpc.enable_channelz': 0,
  });
  const method = METHODS[options.source];
  const tlsCertHash =
    options.tlsClient === undefined
      ? undefined
      : createHash('sha256')
          .update(new X509Certificate(Buffer.from(options.tlsClient.cert)).raw)
          .digest();
  const where = `${options.source} ${options.endpoint}`;

  async function ready(): Promise<void> {
    const deadline = Date.now() + (options.connectTimeoutMs ?? 10_000);
    await new Promise<void>((resolve, reject) => {
      client.waitForReady(deadline, (err) => {
        if (err) reject(new DeliverError(`cannot reach the ${where}: ${err.message}`));
        else resolve();
      });
    });
  }

  async function* blocks(start: SeekPoint, stop: SeekPoint): AsyncGenerator<Uint8Array> {
    await ready();
    const payload = seekPayload({
      channel: options.channel,
      mspId: options.mspId,
      certificate: options.certificate,
      start,
      stop,
      ...(tlsCertHash === undefined ? {} : { tlsCertHash }),
    });
    const envelope = seekEnvelope(payload, await options.sign(payload));
    const call = client.makeBidiStreamRequest(method, identity, identity);
    call.write(envelope);
    let status: number | undefined;
    try {
      for await (const raw of call as AsyncIterable<Buffer>) {
        const message = parseDeliverResponse(raw);
        if (message.kind === 'block') yield message.block;
        else {
          status = message.status;
          break;
        }
      }
    } catch (err) {
      throw new DeliverError(
        `the ${where} stream failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      call.end();
      call.cancel();
    }
    if (status !== common.Status.SUCCESS) {
      const name = status === undefined ? 'no status' : `${status} ${STATUS_NAMES.get(status) ?? ''}`.trim();
      throw new DeliverError(`the ${where} answered ${name} for channel ${options.channel}`);
    }
  }

  return {
    blocks,
    height: async () => {
      for await (const block of blocks('newest', 'newest')) {
        const number = common.Block.deserializeBinary(block).getHeader()?.getNumber();
        if (number === undefined) throw new DeliverError(`the ${where} sent a block without a header`);
        return number + 1;
      }
      throw new DeliverError(`the ${where} sent no newest block for channel ${options.channel}`);
    },
    close: () => {
      client.close();
    },
  };
}
