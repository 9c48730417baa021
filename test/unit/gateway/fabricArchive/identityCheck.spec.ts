import { expect } from 'chai';
import { common, msp } from '@hyperledger/fabric-protos';
import type { ConfigInForce } from '@gateway/fabricArchive/channelMsps';
import { checkSignedBy } from '@gateway/fabricArchive/identityCheck';
import { fixtureBlock, stateBefore } from './fixtureBlocks';

/** Creator, payload and signature of the first envelope of fixture block 4 (Org1's teller1). */
function signedEnvelope(): { creator: Uint8Array; payload: Uint8Array; signature: Uint8Array } {
  const bytes = common.Block.deserializeBinary(fixtureBlock(4)).getData()?.getDataList_asU8()[0];
  const envelope = common.Envelope.deserializeBinary(bytes ?? new Uint8Array());
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const creator = common.SignatureHeader.deserializeBinary(
    payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array(),
  ).getCreator_asU8();
  return { creator, payload: envelope.getPayload_asU8(), signature: envelope.getSignature_asU8() };
}

function claiming(creator: Uint8Array, mspId: string): Uint8Array {
  const identity = msp.SerializedIdentity.deserializeBinary(creator);
  identity.setMspid(mspId);
  return identity.serializeBinary();
}

describe('checkSignedBy', function () {
  const config = stateBefore(4).config as ConfigInForce;
  const { creator, payload, signature } = signedEnvelope();

  it('names the MSP and subject of a signer whose certificate its MSP issued and whose signature verifies', function () {
    expect(checkSignedBy(creator, payload, signature, config.application)).to.deep.equal({
      mspId: 'Org1MSP',
      subject: 'OU=client, CN=teller1',
    });
  });

  it('refuses a signature over other bytes', function () {
    const other = Uint8Array.from(payload);
    other[0] = (other[0] ?? 0) ^ 0x01;

    expect(checkSignedBy(creator, other, signature, config.application)).to.equal(
      'the signature of "OU=client, CN=teller1" (Org1MSP) does not verify',
    );
  });

  it("refuses a certificate that claims another member's MSP", function () {
    expect(checkSignedBy(claiming(creator, 'Org2MSP'), payload, signature, config.application)).to.equal(
      'certificate "OU=client, CN=teller1" is not issued by a CA of Org2MSP',
    );
  });

  it('refuses a signer of an MSP the allowed set does not hold', function () {
    expect(checkSignedBy(creator, payload, signature, config.orderer)).to.equal(
      'signer "OU=client, CN=teller1" names MSP Org1MSP, not one of OrdererMSP',
    );
  });

  it('refuses creator bytes that are not a serialized X.509 identity', function () {
    expect(checkSignedBy(Uint8Array.of(0x0a, 0x01, 0x41), payload, signature, config.application)).to.equal(
      'the signer is not a serialized identity with an X.509 certificate',
    );
  });
});
