import { expect } from 'chai';
import { common, msp, orderer } from '@hyperledger/fabric-protos';
import {
  DeliverResponseError,
  parseDeliverResponse,
  seekEnvelope,
  seekPayload,
} from '@gateway/fabricArchive/seekRequest';

const CERT = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const AT = new Date('2026-12-07T08:00:00.250Z');

describe('seekRequest', function () {
  it('asks for a block range of the channel as the signing member, with a DELIVER_SEEK_INFO header and the time', function () {
    const bytes = seekPayload({
      channel: 'ledger',
      mspId: 'Org1MSP',
      certificate: CERT,
      start: { block: 5 },
      stop: { block: 9 },
      now: AT,
      nonce: new Uint8Array([1, 2, 3]),
    });

    const payload = common.Payload.deserializeBinary(bytes);
    const channelHeader = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    const creator = msp.SerializedIdentity.deserializeBinary(
      common.SignatureHeader.deserializeBinary(
        payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array(),
      ).getCreator_asU8(),
    );
    const seek = orderer.SeekInfo.deserializeBinary(payload.getData_asU8());
    expect(channelHeader.getType()).to.equal(common.HeaderType.DELIVER_SEEK_INFO);
    expect(channelHeader.getChannelId()).to.equal('ledger');
    expect(channelHeader.getTimestamp()?.getSeconds()).to.equal(Math.floor(AT.getTime() / 1000));
    expect(channelHeader.getTimestamp()?.getNanos()).to.equal(250_000_000);
    expect(creator.getMspid()).to.equal('Org1MSP');
    expect(Buffer.from(creator.getIdBytes_asU8()).equals(CERT)).to.equal(true);
    expect(seek.getStart()?.getSpecified()?.getNumber()).to.equal(5);
    expect(seek.getStop()?.getSpecified()?.getNumber()).to.equal(9);
    expect(seek.getBehavior()).to.equal(orderer.SeekInfo.SeekBehavior.BLOCK_UNTIL_READY);
  });

  it('asks for the newest block when start and stop are newest, not for a numbered block', function () {
    const bytes = seekPayload({
      channel: 'c',
      mspId: 'M',
      certificate: CERT,
      start: 'newest',
      stop: 'newest',
    });

    const seek = orderer.SeekInfo.deserializeBinary(common.Payload.deserializeBinary(bytes).getData_asU8());
    expect(seek.getStart()?.hasNewest()).to.equal(true);
    expect(seek.getStart()?.hasSpecified()).to.equal(false);
  });

  it('names the TLS client certificate hash when given one, and none otherwise', function () {
    const header = (tlsCertHash?: Uint8Array): common.ChannelHeader =>
      common.ChannelHeader.deserializeBinary(
        common.Payload.deserializeBinary(
          seekPayload({
            channel: 'c',
            mspId: 'M',
            certificate: CERT,
            start: 'newest',
            stop: 'newest',
            ...(tlsCertHash === undefined ? {} : { tlsCertHash }),
          }),
        )
          .getHeader()
          ?.getChannelHeader_asU8() ?? new Uint8Array(),
      );

    expect([...header(Uint8Array.of(7, 7)).getTlsCertHash_asU8()]).to.deep.equal([7, 7]);
    expect(header().getTlsCertHash_asU8()).to.have.length(0);
  });

  it('wraps the payload and its signature in an envelope', function () {
    const envelope = common.Envelope.deserializeBinary(seekEnvelope(Uint8Array.of(1, 2), Uint8Array.of(9)));

    expect([...envelope.getPayload_asU8()]).to.deep.equal([1, 2]);
    expect([...envelope.getSignature_asU8()]).to.deep.equal([9]);
  });
});

describe('parseDeliverResponse', function () {
  it('keeps the bytes of a delivered block exactly as sent', function () {
    const block = Uint8Array.of(0x0a, 0x00, 0xff, 0x01);
    const response = new orderer.DeliverResponse();
    response.setBlock(common.Block.deserializeBinary(Uint8Array.of()));
    const wire = Uint8Array.of(0x12, block.length, ...block);

    const parsed = parseDeliverResponse(wire);

    expect(parsed.kind).to.equal('block');
    expect(parsed.kind === 'block' ? [...parsed.block] : []).to.deep.equal([...block]);
  });

  it('reads the final status (200 SUCCESS, 404 NOT_FOUND)', function () {
    const success = new orderer.DeliverResponse();
    success.setStatus(common.Status.SUCCESS);
    const notFound = new orderer.DeliverResponse();
    notFound.setStatus(common.Status.NOT_FOUND);

    expect(parseDeliverResponse(success.serializeBinary())).to.deep.equal({ kind: 'status', status: 200 });
    expect(parseDeliverResponse(notFound.serializeBinary())).to.deep.equal({ kind: 'status', status: 404 });
  });

  it('refuses a response with neither block nor status, and one cut short', function () {
    expect(() => parseDeliverResponse(Uint8Array.of())).to.throw(DeliverResponseError, /neither/);
    expect(() => parseDeliverResponse(Uint8Array.of(0x12, 0x05, 0x01))).to.throw(
      DeliverResponseError,
      /past the end/,
    );
  });
});
