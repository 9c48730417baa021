// The authorization interceptor, driven through grpc-js's ServerInterceptingCall over a fake call: what
// reaches the handler and which status the caller gets, for each service the server has and others.
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import * as sinon from 'sinon';
import { silentLogger } from '@gateway/logger';
import { DEFAULT_AUTHORIZATION_TABLE, type AuthorizationTable } from '@gateway/security/authorizationTable';
import {
  clientCertificateOf,
  newAuthorizationInterceptor,
  type AuthorizationInterceptorOptions,
  type Refusal,
} from '@gateway/security/authorizationInterceptor';
import { callChannelOf, channelRefusal } from '@gateway/security/callChannel';
import { isExportOnly } from '@gateway/security/exportOnly';
import { verifyClientCertificate, type ClientCertificateVerifier } from '@gateway/security/clientCertificate';

type InboundListener = Parameters<grpc.ServerInterceptingCallInterface['start']>[0];
type SentStatus = Parameters<grpc.ServerInterceptingCallInterface['sendStatus']>[0];

/** What the handler behind the interceptor saw, and the status the interceptor sent (if any). */
interface Outcome {
  readonly reachedHandler: boolean;
  readonly status: SentStatus | undefined;
  /** The request message the handler received, if any. */
  readonly received?: unknown;
}

const TRUST = {
  configBlock: 3n,
  members: [{ mspId: 'Org1MSP', rootCerts: [], intermediateCerts: [], crls: [] }],
};

/**
 * A caller presenting a certificate the verifier maps to `role` in Org1MSP; undefined = no certificate.
 * Refusals reported to the metrics hook are pushed to `refusals`.
 */
function call(
  path: string,
  role: string | undefined,
  request: unknown = {},
  refusals: Refusal[] = [],
  table: AuthorizationTable = DEFAULT_AUTHORIZATION_TABLE,
  channel: {
    readonly metadata?: grpc.Metadata;
    readonly check?: AuthorizationInterceptorOptions['channelCheck'];
  } = {},
): Outcome {
  const verifier: ClientCertificateVerifier = {
    verify: (der, at) =>
      der === undefined
        ? verifyClientCertificate(undefined, TRUST, at)
        : {
            ok: true,
            mspId: 'Org1MSP',
            role: role ?? '',
            subject: 'CN=caller',
            validUntil: new Date(8.64e15),
          },
  };
  const interceptor = newAuthorizationInterceptor({
    verifier,
    table: () => table,
    logger: silentLogger,
    onRefused: (refusal) => refusals.push(refusal),
    ...(channel.check === undefined ? {} : { channelCheck: channel.check }),
  });
  let inbound: InboundListener | undefined;
  const sendStatus = sinon.spy();
  const transport = {
    start: (listener: InboundListener): void => {
      inbound = listener;
    },
    sendMetadata: sinon.spy(),
    sendMessage: sinon.spy(),
    sendStatus,
    startRead: sinon.spy(),
    getPeer: () => 'ipv4:127.0.0.1:1',
    getDeadline: () => Infinity,
    getHost: () => 'localhost',
    getAuthContext: () => (role === undefined ? {} : { sslPeerCertificate: { raw: Buffer.from([1]) } }),
    getConnectionInfo: () => ({ localAddress: '', localPort: 0, remoteAddress: '', remotePort: 0 }),
    getMetricsRecorder: sinon.stub(),
  } as unknown as grpc.ServerInterceptingCallInterface;
  const handler = {
    onReceiveMetadata: sinon.spy(),
    onReceiveMessage: sinon.spy(),
    onReceiveHalfClose: sinon.spy(),
    onCancel: sinon.spy(),
  };
  const method = { path } as grpc.ServerMethodDefinition<unknown, unknown>;
  interceptor(method, transport).start(handler);
  if (inbound === undefined) throw new Error('the interceptor did not start the call');
  inbound.onReceiveMetadata(channel.metadata ?? new grpc.Metadata());
  inbound.onReceiveMessage(request);
  inbound.onReceiveHalfClose();
  return {
    reachedHandler: handler.onReceiveMessage.called || handler.onReceiveHalfClose.called,
    status: sendStatus.called ? (sendStatus.firstCall.args[0] as SentStatus) : undefined,
    ...(handler.onReceiveMessage.called ? { received: handler.onReceiveMessage.firstCall.args[0] } : {}),
  };
}

describe('newAuthorizationInterceptor', function () {
  it('lets a caller without a role check health through grpc.health.v1 and use reflection', function () {
    for (const path of [
      '/grpc.health.v1.Health/Check',
      '/grpc.health.v1.Health/Watch',
      '/grpc.health.v1.Health/List',
      '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
      '/ledger.ImmutableLedger/HealthCheck',
    ]) {
      expect(call(path, ''), path).to.deep.include({ reachedHandler: true, status: undefined });
    }
  });

  it('refuses a service the gateway does not document with PERMISSION_DENIED, even to an admin', function () {
    for (const path of ['/ledger.Admin/DropTables', '/grpc.channelz.v1.Channelz/GetServers', '/x/y']) {
      const outcome = call(path, 'admin');
      expect(outcome.reachedHandler, path).to.equal(false);
      expect(outcome.status?.code, path).to.equal(grpc.status.PERMISSION_DENIED);
      expect(outcome.status?.details, path).to.match(
        /^Org1MSP with ledger.role "admin" may not call this method/,
      );
    }
  });

  it('refuses an undocumented method of the health and reflection services', function () {
    for (const path of ['/grpc.health.v1.Health/SetStatus', '/grpc.reflection.v1.ServerReflection/Drop']) {
      const outcome = call(path, 'admin');
      expect(outcome.reachedHandler, path).to.equal(false);
      expect(outcome.status?.code, path).to.equal(grpc.status.PERMISSION_DENIED);
    }
  });

  it('answers UNAUTHENTICATED to a caller without a certificate, on every service, reporting why', function () {
    for (const path of ['/grpc.health.v1.Health/Check', '/ledger.ImmutableLedger/GetDigest']) {
      const refusals: Refusal[] = [];
      const outcome = call(path, undefined, {}, refusals);
      expect(outcome.reachedHandler, path).to.equal(false);
      expect(outcome.status?.code, path).to.equal(grpc.status.UNAUTHENTICATED);
      expect(outcome.status?.details, path).to.match(/^no client certificate: .*\(Org1MSP\) is required$/);
      expect(refusals, path).to.deep.equal([
        { method: path, code: grpc.status.UNAUTHENTICATED, reason: 'no_certificate' },
      ]);
    }
  });

  it('reports a role refusal as permission_denied and an allowed call not at all', function () {
    const refused: Refusal[] = [];
    const allowed: Refusal[] = [];
    call('/ledger.ImmutableLedger/SubmitEvent', 'auditor', {}, refused);
    call('/ledger.ImmutableLedger/SubmitEvent', 'teller', {}, allowed);
    expect(refused).to.deep.equal([
      {
        method: '/ledger.ImmutableLedger/SubmitEvent',
        code: grpc.status.PERMISSION_DENIED,
        reason: 'permission_denied',
      },
    ]);
    expect(allowed).to.deep.equal([]);
  });

  it('lets a teller submit and refuses it a live stream, naming the operation', function () {
    expect(call('/ledger.ImmutableLedger/SubmitEvent', 'teller')).to.deep.include({
      reachedHandler: true,
      status: undefined,
    });
    const stream = call('/ledger.ImmutableLedger/StreamEvents', 'teller', { toSequence: '0' });
    expect(stream.reachedHandler).to.equal(false);
    expect(stream.status?.code).to.equal(grpc.status.PERMISSION_DENIED);
    expect(stream.status?.details).to.match(
      /^Org1MSP with ledger.role "teller" may not stream \(allowed: health, read, submit;/,
    );
  });

  it('marks the bounded stream of a caller who may export but not stream, and only that', function () {
    const exporterOnly: AuthorizationTable = [{ msp: '*', role: 'exporter', allow: ['export'] }];
    const request = { fromSequence: '1', toSequence: '9007199254740991' };
    const exported = call('/ledger.ImmutableLedger/StreamEvents', 'exporter', request, [], exporterOnly);
    expect(exported.reachedHandler).to.equal(true);
    expect(isExportOnly(exported.received)).to.equal(true);
    expect(exported.received).to.deep.include(request);
    const auditor = call('/ledger.ImmutableLedger/StreamEvents', 'auditor', request);
    expect(auditor.reachedHandler).to.equal(true);
    expect(isExportOnly(auditor.received)).to.equal(false);
  });
});

describe('clientCertificateOf', function () {
  const callWith = (authRaw: Buffer | undefined, socket: unknown): grpc.ServerInterceptingCallInterface =>
    ({
      getAuthContext: () => (authRaw === undefined ? {} : { sslPeerCertificate: { raw: authRaw } }),
      stream: { session: { socket } },
    }) as unknown as grpc.ServerInterceptingCallInterface;

  it('takes the certificate grpc-js verified', function () {
    expect(clientCertificateOf(callWith(Buffer.from([1, 2]), undefined))).to.deep.equal(
      new Uint8Array([1, 2]),
    );
  });

  it("reads an unverified certificate from the connection's TLS socket (unknown CA, expired)", function () {
    const socket = new TLSSocket(new Socket());
    sinon
      .stub(socket, 'getPeerCertificate')
      .returns({ raw: Buffer.from([7]) } as ReturnType<TLSSocket['getPeerCertificate']>);
    try {
      expect(clientCertificateOf(callWith(undefined, socket))).to.deep.equal(new Uint8Array([7]));
    } finally {
      socket.destroy();
    }
  });

  it('is undefined when the client sent no certificate or the connection is not TLS', function () {
    const socket = new TLSSocket(new Socket());
    sinon.stub(socket, 'getPeerCertificate').returns({} as ReturnType<TLSSocket['getPeerCertificate']>);
    try {
      expect(clientCertificateOf(callWith(undefined, socket))).to.equal(undefined);
      expect(clientCertificateOf(callWith(undefined, new Socket()))).to.equal(undefined);
    } finally {
      socket.destroy();
    }
  });

  describe('with channels', function () {
    const served = new Map([['two', () => new Set(['Org2MSP'])]]);
    const check: AuthorizationInterceptorOptions['channelCheck'] = (metadata, mspId) =>
      channelRefusal(callChannelOf(metadata), mspId, 'ledger', served);
    const on = (name: string): grpc.Metadata => {
      const m = new grpc.Metadata();
      m.set('ledger-channel', name);
      return m;
    };

    it('lets a member of the chosen channel through, and any caller on the main channel', function () {
      const path = '/ledger.ImmutableLedger/GetDigest';
      expect(call(path, 'auditor', {}, [], undefined, { check })).to.deep.include({ reachedHandler: true });
      const ledger = call(path, 'auditor', {}, [], undefined, { check, metadata: on('ledger') });
      expect(ledger.reachedHandler).to.equal(true);
    });

    it('refuses a caller whose org is not a member of the chosen channel with PERMISSION_DENIED, reporting why', function () {
      const refusals: Refusal[] = [];
      const path = '/ledger.ImmutableLedger/SubmitEvent';
      const outcome = call(path, 'teller', {}, refusals, undefined, { check, metadata: on('two') });
      expect(outcome.reachedHandler).to.equal(false);
      expect(outcome.status?.code).to.equal(grpc.status.PERMISSION_DENIED);
      expect(outcome.status?.details).to.equal('Org1MSP is not a member of channel two (ledger-channel)');
      expect(refusals).to.deep.equal([
        { method: path, code: grpc.status.PERMISSION_DENIED, reason: 'channel_not_member' },
      ]);
    });

    it('refuses a channel the gateway does not serve with NOT_FOUND before any handler', function () {
      const refusals: Refusal[] = [];
      const path = '/ledger.ImmutableLedger/GetDigest';
      const outcome = call(path, 'auditor', {}, refusals, undefined, { check, metadata: on('nine') });
      expect(outcome.reachedHandler).to.equal(false);
      expect(outcome.status?.code).to.equal(grpc.status.NOT_FOUND);
      expect(refusals[0]?.reason).to.equal('channel_not_served');
    });

    it('authenticates before it looks at the channel: no certificate is UNAUTHENTICATED', function () {
      const outcome = call('/ledger.ImmutableLedger/GetDigest', undefined, {}, [], undefined, {
        check,
        metadata: on('two'),
      });
      expect(outcome.status?.code).to.equal(grpc.status.UNAUTHENTICATED);
    });
  });
});
