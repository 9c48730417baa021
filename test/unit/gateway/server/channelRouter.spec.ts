import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import * as sinon from 'sinon';
import type { ImmutableLedgerHandlers } from '@gateway/generated/ledger/ImmutableLedger';
import { silentLogger } from '@gateway/logger';
import { routeByChannel } from '@gateway/server/channelRouter';
import { channelIndexFile } from '@gateway/server/channelIndexFile';

/** Handlers whose every unary method answers `{channel}` and whose stream writes it. */
function handlersOf(channel: string): ImmutableLedgerHandlers {
  // Every answer is `{channel}`, whatever the method's response type.
  const unary = (_call: unknown, callback: (e: null, v: never) => void): void => {
    callback(null, { channel } as never);
  };
  return {
    SubmitEvent: unary,
    GetEvent: unary,
    GetEventById: unary,
    HealthCheck: unary,
    GetDigest: unary,
    GetInclusionProof: unary,
    GetConsistencyProof: unary,
    GetHistory: unary,
    StreamEvents: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.write({ channel });
      call.end();
    },
  };
}

function metadataOf(channel?: string): grpc.Metadata {
  const m = new grpc.Metadata();
  if (channel !== undefined) m.set('ledger-channel', channel);
  return m;
}

const ROUTER = (failed = sinon.spy()): ImmutableLedgerHandlers =>
  routeByChannel(
    'ledger',
    new Map([
      ['ledger', handlersOf('ledger')],
      ['two', handlersOf('two')],
    ]),
    { logger: silentLogger, metrics: { callFailed: failed } },
  );

/** Calls a unary method of `router` with `channel` and returns what the callback got. */
function unary(
  router: ImmutableLedgerHandlers,
  method: 'GetDigest' | 'SubmitEvent',
  channel?: string,
): [Partial<grpc.ServiceError> | null, unknown] {
  const callback = sinon.spy();
  const call = { metadata: metadataOf(channel), request: {} } as unknown as grpc.ServerUnaryCall<
    never,
    never
  >;
  (router[method] as (c: unknown, cb: unknown) => void)(call, callback);
  expect(callback.calledOnce).to.equal(true);
  return callback.firstCall.args as [Partial<grpc.ServiceError> | null, unknown];
}

describe('channelRouter', function () {
  it('answers a call without ledger-channel from the main channel', function () {
    expect(unary(ROUTER(), 'GetDigest')).to.deep.equal([null, { channel: 'ledger' }]);
  });

  it('answers a call naming a served channel from that channel, the main one named included', function () {
    expect(unary(ROUTER(), 'SubmitEvent', 'two')).to.deep.equal([null, { channel: 'two' }]);
    expect(unary(ROUTER(), 'GetDigest', 'ledger')).to.deep.equal([null, { channel: 'ledger' }]);
  });

  it('ends a call naming a channel it does not serve with NOT_FOUND naming it, counted', function () {
    const failed = sinon.spy();
    const [error, answer] = unary(ROUTER(failed), 'GetDigest', 'three');
    expect(answer).to.equal(undefined);
    expect(error?.code).to.equal(grpc.status.NOT_FOUND);
    expect(error?.details).to.equal('channel three is not served by this gateway (ledger-channel)');
    expect(failed.calledOnceWithExactly('GetDigest', grpc.status.NOT_FOUND)).to.equal(true);
  });

  it('ends a call with an invalid channel name with INVALID_ARGUMENT', function () {
    const [error] = unary(ROUTER(), 'SubmitEvent', 'Two');
    expect(error?.code).to.equal(grpc.status.INVALID_ARGUMENT);
  });

  it('routes StreamEvents by the same metadata, and refuses an unserved channel on the stream', function () {
    const router = ROUTER();
    const write = sinon.spy();
    const emit = sinon.spy();
    const stream = (channel?: string): grpc.ServerWritableStream<never, never> =>
      ({
        metadata: metadataOf(channel),
        write,
        end: sinon.spy(),
        emit,
      }) as unknown as grpc.ServerWritableStream<never, never>;
    router.StreamEvents(stream('two'));
    expect(write.calledOnceWithExactly({ channel: 'two' })).to.equal(true);
    router.StreamEvents(stream('nine'));
    expect(emit.calledOnce).to.equal(true);
    expect((emit.firstCall.args[1] as grpc.ServiceError).code).to.equal(grpc.status.NOT_FOUND);
  });

  it('refuses to build without handlers of the main channel', function () {
    expect(() =>
      routeByChannel('ledger', new Map([['two', handlersOf('two')]]), { logger: silentLogger }),
    ).to.throw(/main channel ledger/);
  });

  describe('channelIndexFile', function () {
    it("keeps the main channel's index file and puts another channel's next to it", function () {
      expect(channelIndexFile('/run/gateway/org1/index.sqlite', 'ledger', true)).to.equal(
        '/run/gateway/org1/index.sqlite',
      );
      expect(channelIndexFile('/run/gateway/org1/index.sqlite', 'two', false)).to.equal(
        '/run/gateway/org1/index-two.sqlite',
      );
    });
  });
});
