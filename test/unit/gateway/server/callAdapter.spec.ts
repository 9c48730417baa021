import { status, type ServerUnaryCall, type ServerWritableStream, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import * as sinon from 'sinon';
import { newLogger } from '@gateway/logger';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import { serverStreamingCall, unaryCall, type CallErrorPath } from '@gateway/server/callAdapter';

type Callback = (error: Partial<ServiceError> | null, value?: string | null) => void;

/** An error path that keeps its log lines and counts failures by method and code. */
function errorPath(): { path: CallErrorPath; lines: string[]; failed: sinon.SinonSpy } {
  const lines: string[] = [];
  const failed = sinon.spy();
  return {
    path: { logger: newLogger({ write: (line) => lines.push(line) }), metrics: { callFailed: failed } },
    lines,
    failed,
  };
}

const unary = {} as unknown as ServerUnaryCall<string, string>;

/** A stream call that records the events it emits. */
function streamCall(): { call: ServerWritableStream<string, string>; emit: sinon.SinonSpy } {
  const emit = sinon.spy();
  return { call: { emit } as unknown as ServerWritableStream<string, string>, emit };
}

describe('callAdapter', function () {
  describe('#unaryCall', function () {
    it('answers a handler that returns a value synchronously, within the call', function () {
      const { path, failed } = errorPath();
      const callback = sinon.spy<Callback>(() => undefined);

      unaryCall<string, string>(path, 'GetEvent', () => 'sealed')(unary, callback);

      expect(callback.calledOnceWithExactly(null, 'sealed')).to.equal(true);
      expect(failed.called).to.equal(false);
    });

    it('answers a handler that returns a promise once it resolves', async function () {
      const { path } = errorPath();
      const answered = new Promise<unknown[]>((resolve) => {
        unaryCall<string, string>(path, 'GetHistory', () => Promise.resolve('page'))(unary, (...args) => {
          resolve(args);
        });
      });

      expect(await answered).to.deep.equal([null, 'page']);
    });

    it('ends a call whose handler throws with the mapped status, counted by method and code', function () {
      const { path, failed } = errorPath();
      const callback = sinon.spy<Callback>(() => undefined);

      unaryCall<string, string>(path, 'GetEvent', () => {
        throw new LedgerServiceError(status.NOT_FOUND, 'sequence_number 9 is not sealed yet');
      })(unary, callback);

      expect(callback.calledOnce).to.equal(true);
      expect(callback.firstCall.args[0]).to.include({
        code: status.NOT_FOUND,
        details: 'sequence_number 9 is not sealed yet',
      });
      expect(failed.calledOnceWithExactly('GetEvent', status.NOT_FOUND)).to.equal(true);
    });

    it('answers an unknown rejection with INTERNAL and a correlation id, logging it with the method', async function () {
      const { path, lines, failed } = errorPath();
      const onFailure = sinon.spy();
      const error = await new Promise<Partial<ServiceError> | null>((resolve) => {
        unaryCall<string, string>(path, 'SubmitEvent', () => Promise.reject(new Error('disk on fire')), {
          onFailure,
        })(unary, (err) => {
          resolve(err);
        });
      });

      expect(error?.code).to.equal(status.INTERNAL);
      expect(error?.details).to.match(/^internal error \(correlation id [0-9a-f-]{36}\)$/);
      expect(error?.details).not.to.contain('disk on fire');
      expect(lines.join('\n')).to.contain('disk on fire').and.to.contain('"method":"SubmitEvent"');
      expect(failed.calledOnceWithExactly('SubmitEvent', status.INTERNAL)).to.equal(true);
      expect(onFailure.calledOnceWithExactly(status.INTERNAL)).to.equal(true);
      expect(onFailure.calledAfter(failed)).to.equal(true);
    });
  });

  describe('#serverStreamingCall', function () {
    it('ends a stream whose handler throws with the mapped status, within the call', function () {
      const { path, failed } = errorPath();
      const { call, emit } = streamCall();

      serverStreamingCall<string, string>(path, 'StreamEvents', () => {
        throw new LedgerServiceError(status.INVALID_ARGUMENT, 'heartbeat_ms: got 1');
      })(call);

      expect(emit.calledOnce).to.equal(true);
      expect(emit.firstCall.args[0]).to.equal('error');
      expect(emit.firstCall.args[1]).to.include({
        code: status.INVALID_ARGUMENT,
        details: 'heartbeat_ms: got 1',
      });
      expect(failed.calledOnceWithExactly('StreamEvents', status.INVALID_ARGUMENT)).to.equal(true);
    });

    it('ends a stream whose run rejects with the mapped status', async function () {
      const { path, failed } = errorPath();
      const { call, emit } = streamCall();
      const run = Promise.reject(new LedgerServiceError(status.UNAVAILABLE, 'shutting down'));

      serverStreamingCall<string, string>(path, 'StreamEvents', () => run)(call);
      await run.catch(() => undefined);
      await Promise.resolve();

      expect(emit.calledOnce).to.equal(true);
      expect(emit.firstCall.args[1]).to.include({ code: status.UNAVAILABLE, details: 'shutting down' });
      expect(failed.calledOnceWithExactly('StreamEvents', status.UNAVAILABLE)).to.equal(true);
    });

    it('emits nothing for a stream whose run ends without error', async function () {
      const { path, failed } = errorPath();
      const { call, emit } = streamCall();
      const run = Promise.resolve();

      serverStreamingCall<string, string>(path, 'StreamEvents', () => run)(call);
      await run;
      await Promise.resolve();

      expect(emit.called).to.equal(false);
      expect(failed.called).to.equal(false);
    });
  });
});
