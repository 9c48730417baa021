import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { common, orderer } from '@hyperledger/fabric-protos';
import { DeliverError, newDeliverClient, type DeliverClient } from '@gateway/fabricArchive/deliverBlocks';
import { CHANNEL, FIXTURE_HEIGHT, fixtureBlock } from './fixtureBlocks';

const SIGNATURE = Uint8Array.of(0x30, 0x01, 0x02);
const raw = (b: Buffer): Buffer => b;

function deliverResponse(message: { block: Uint8Array } | { status: number }): Buffer {
  const response = new orderer.DeliverResponse();
  if ('block' in message) response.setBlock(common.Block.deserializeBinary(message.block));
  else response.setStatus(message.status as common.StatusMap[keyof common.StatusMap]);
  return Buffer.from(response.serializeBinary());
}

/** A Deliver service over the fixture blocks that records the requests; `refuse` answers that status. */
function startServer(
  methodPath: string,
  tls: { cert: Buffer; key: Buffer },
  requests: common.Envelope[],
  refuse?: number,
): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  const definition: grpc.ServiceDefinition = {
    deliver: {
      path: methodPath,
      requestStream: true,
      responseStream: true,
      requestSerialize: raw,
      requestDeserialize: raw,
      responseSerialize: raw,
      responseDeserialize: raw,
    },
  };
  const deliver: grpc.handleBidiStreamingCall<Buffer, Buffer> = (call) => {
    call.once('data', (bytes: Buffer) => {
      const envelope = common.Envelope.deserializeBinary(bytes);
      requests.push(envelope);
      if (refuse !== undefined) {
        call.write(deliverResponse({ status: refuse }));
        call.end();
        return;
      }
      const seek = orderer.SeekInfo.deserializeBinary(
        common.Payload.deserializeBinary(envelope.getPayload_asU8()).getData_asU8(),
      );
      const at = (p: orderer.SeekPosition | undefined): number =>
        p?.hasNewest() === true ? FIXTURE_HEIGHT - 1 : (p?.getSpecified()?.getNumber() ?? 0);
      for (let n = at(seek.getStart()); n <= at(seek.getStop()); n++)
        call.write(deliverResponse({ block: fixtureBlock(n) }));
      call.write(deliverResponse({ status: common.Status.SUCCESS }));
      call.end();
    });
  };
  server.addService(definition, { deliver });
  const credentials = grpc.ServerCredentials.createSsl(null, [
    { cert_chain: tls.cert, private_key: tls.key },
  ]);
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (err, port) => {
      if (err) reject(err);
      else resolve({ server, port });
    });
  });
}

describe('newDeliverClient against a Deliver service over TLS', function () {
  this.timeout(20_000);
  let tls: { cert: Buffer; key: Buffer };
  let dir: string;
  const certificate = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deliver-unit-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-subj',
        '/CN=orderer',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-days',
        '1',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    tls = {
      cert: fs.readFileSync(path.join(dir, 'cert.pem')),
      key: fs.readFileSync(path.join(dir, 'key.pem')),
    };
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function withClient(
    source: 'orderer' | 'peer',
    refuse: number | undefined,
    use: (client: DeliverClient, requests: common.Envelope[]) => Promise<void>,
  ): Promise<void> {
    const requests: common.Envelope[] = [];
    const methodPath = source === 'orderer' ? '/orderer.AtomicBroadcast/Deliver' : '/protos.Deliver/Deliver';
    const { server, port } = await startServer(methodPath, tls, requests, refuse);
    const client = newDeliverClient({
      source,
      endpoint: `127.0.0.1:${port}`,
      tlsRootCert: tls.cert,
      channel: CHANNEL,
      mspId: 'Org1MSP',
      certificate,
      sign: () => Promise.resolve(SIGNATURE),
    });
    try {
      await use(client, requests);
    } finally {
      client.close();
      server.forceShutdown();
    }
  }

  it('streams the blocks asked for, byte for byte, in one request signed by the member', async function () {
    await withClient('orderer', undefined, async (client, requests) => {
      const got: Uint8Array[] = [];
      for await (const block of client.blocks({ block: 2 }, { block: 5 })) got.push(block);

      expect(got.map((b, i) => Buffer.from(b).equals(fixtureBlock(i + 2)))).to.deep.equal([
        true,
        true,
        true,
        true,
      ]);
      expect(requests).to.have.length(1);
      expect([...(requests[0]?.getSignature_asU8() ?? [])]).to.deep.equal([...SIGNATURE]);
    });
  });

  it("gives the channel's height from the newest block, from a peer's Deliver service too", async function () {
    await withClient('peer', undefined, async (client) => {
      expect(await client.height()).to.equal(FIXTURE_HEIGHT);
    });
  });

  it('fails naming the status when the service refuses the request', async function () {
    await withClient('orderer', common.Status.FORBIDDEN, async (client) => {
      const failure = await client.height().then(
        () => undefined,
        (err: unknown) => err,
      );

      expect(failure).to.be.instanceOf(DeliverError);
      expect((failure as Error).message).to.match(/answered 403 FORBIDDEN for channel ledger/);
    });
  });
});
