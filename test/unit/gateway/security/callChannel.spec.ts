import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import {
  callChannelOf,
  channelRefusal,
  CHANNEL_METADATA_KEY,
  type ServedChannels,
} from '@gateway/security/callChannel';

function metadata(...values: string[]): grpc.Metadata {
  const m = new grpc.Metadata();
  for (const v of values) m.add(CHANNEL_METADATA_KEY, v);
  return m;
}

const SERVED: ServedChannels = new Map([['two', () => new Set(['Org1MSP', 'Org2MSP'])]]);

describe('callChannel', function () {
  describe('callChannelOf', function () {
    it('is the main channel (undefined) when the call has no ledger-channel metadata', function () {
      expect(callChannelOf(new grpc.Metadata())).to.deep.equal({ ok: true, channel: undefined });
    });

    it('is the channel the ledger-channel metadata names', function () {
      expect(callChannelOf(metadata('two'))).to.deep.equal({ ok: true, channel: 'two' });
    });

    it('refuses a value that is not a Fabric channel name with INVALID_ARGUMENT naming the key', function () {
      for (const bad of ['Two', '', '2x', 'a b']) {
        const choice = callChannelOf(metadata(bad));
        expect(choice.ok, bad).to.equal(false);
        if (!choice.ok) {
          expect(choice.code, bad).to.equal(grpc.status.INVALID_ARGUMENT);
          expect(choice.details, bad).to.match(/^ledger-channel: got /);
        }
      }
    });

    it('refuses two values of the key', function () {
      const choice = callChannelOf(metadata('two', 'ledger'));
      expect(choice).to.deep.include({ ok: false, code: grpc.status.INVALID_ARGUMENT });
    });
  });

  describe('channelRefusal', function () {
    const choose = (channel: string | undefined, msp: string): ReturnType<typeof channelRefusal> =>
      channelRefusal({ ok: true, channel }, msp, 'ledger', SERVED);

    it('allows the main channel, absent or named, to any authenticated caller', function () {
      expect(choose(undefined, 'Org3MSP')).to.equal(undefined);
      expect(choose('ledger', 'Org3MSP')).to.equal(undefined);
    });

    it('allows a member of a served channel', function () {
      expect(choose('two', 'Org2MSP')).to.equal(undefined);
    });

    it('refuses an org outside a served channel with PERMISSION_DENIED naming org and channel', function () {
      expect(choose('two', 'Org3MSP')).to.deep.equal({
        code: grpc.status.PERMISSION_DENIED,
        details: 'Org3MSP is not a member of channel two (ledger-channel)',
      });
    });

    it('refuses a channel the gateway does not serve with NOT_FOUND naming it, even to a member', function () {
      expect(choose('three', 'Org1MSP')).to.deep.equal({
        code: grpc.status.NOT_FOUND,
        details: 'channel three is not served by this gateway (ledger-channel)',
      });
    });

    it('passes an invalid choice on as its refusal', function () {
      const refusal = channelRefusal(callChannelOf(metadata('X')), 'Org1MSP', 'ledger', SERVED);
      expect(refusal?.code).to.equal(grpc.status.INVALID_ARGUMENT);
    });

    it('follows the members as they change', function () {
      let members = new Set(['Org1MSP']);
      const served: ServedChannels = new Map([['two', () => members]]);
      expect(channelRefusal({ ok: true, channel: 'two' }, 'Org2MSP', 'ledger', served)?.code).to.equal(
        grpc.status.PERMISSION_DENIED,
      );
      members = new Set(['Org1MSP', 'Org2MSP']);
      expect(channelRefusal({ ok: true, channel: 'two' }, 'Org2MSP', 'ledger', served)).to.equal(undefined);
    });
  });
});
