/**
 * One `ledger.ImmutableLedger` service over the journals of several channels: each call is answered
 * by the handlers of the channel its `ledger-channel` metadata names (`security/callChannel.ts`), the
 * main channel's when absent. One metadata lookup and one map lookup per call; a call without the key
 * goes straight to the main channel's handler. A channel not served ends the call with NOT_FOUND
 * naming it (membership is the authorization interceptor's: PERMISSION_DENIED before any handler).
 */
import type * as grpc from '@grpc/grpc-js';
import type { ImmutableLedgerHandlers } from '../generated/ledger/ImmutableLedger';
import { LedgerServiceError } from '../proto/serviceErrors';
import { callChannelOf, notServed } from '../security/callChannel';
import { callFailure, type CallErrorPath } from './callAdapter';

/** The handlers of one call's channel, or the error that ends the call. */
type Choice = ImmutableLedgerHandlers | LedgerServiceError;

/**
 * Builds the chooser of a call's handlers.
 *
 * @param main - the main channel's name.
 * @param channels - the handlers of every served channel, the main one included.
 * @returns a function of a call's metadata.
 */
export function channelChooser(
  main: string,
  channels: ReadonlyMap<string, ImmutableLedgerHandlers>,
): (metadata: grpc.Metadata) => Choice {
  const mainHandlers = channels.get(main);
  if (mainHandlers === undefined) throw new Error(`the main channel ${main} has no handlers`);
  return (metadata) => {
    const choice = callChannelOf(metadata);
    if (!choice.ok) return new LedgerServiceError(choice.code, choice.details);
    if (choice.channel === undefined) return mainHandlers;
    const handlers = channels.get(choice.channel);
    if (handlers !== undefined) return handlers;
    const refusal = notServed(choice.channel);
    return new LedgerServiceError(refusal.code, refusal.details);
  };
}

/** The unary methods of the service. */
type UnaryMethod =
  | 'SubmitEvent'
  | 'GetEvent'
  | 'GetEventById'
  | 'HealthCheck'
  | 'GetDigest'
  | 'GetInclusionProof'
  | 'GetConsistencyProof'
  | 'GetHistory';

/**
 * The service's handlers, each routing to the handlers of its call's channel.
 *
 * @param main - the main channel's name (the answer to calls without `ledger-channel`).
 * @param channels - the handlers of every served channel, the main one included.
 * @param errors - logger and metrics of refused choices.
 * @returns the handlers for `server.addService`; with one channel, that channel's handlers unchanged
 *   but for the refusal of another channel's name.
 */
export function routeByChannel(
  main: string,
  channels: ReadonlyMap<string, ImmutableLedgerHandlers>,
  errors: CallErrorPath,
): ImmutableLedgerHandlers {
  const choose = channelChooser(main, channels);
  const unary = <M extends UnaryMethod>(method: M): ImmutableLedgerHandlers[M] => {
    const routed = (
      call: Parameters<ImmutableLedgerHandlers[M]>[0],
      callback: Parameters<ImmutableLedgerHandlers[M]>[1],
    ): void => {
      const handlers = choose(call.metadata);
      if (handlers instanceof LedgerServiceError) {
        callback(callFailure(errors, method, handlers));
        return;
      }
      (handlers[method] as (c: typeof call, cb: typeof callback) => void)(call, callback);
    };
    return routed;
  };
  return {
    SubmitEvent: unary('SubmitEvent'),
    GetEvent: unary('GetEvent'),
    GetEventById: unary('GetEventById'),
    HealthCheck: unary('HealthCheck'),
    GetDigest: unary('GetDigest'),
    GetInclusionProof: unary('GetInclusionProof'),
    GetConsistencyProof: unary('GetConsistencyProof'),
    GetHistory: unary('GetHistory'),
    StreamEvents: (call) => {
      const handlers = choose(call.metadata);
      if (handlers instanceof LedgerServiceError) {
        call.emit('error', callFailure(errors, 'StreamEvents', handlers));
        return;
      }
      handlers.StreamEvents(call);
    },
  };
}
