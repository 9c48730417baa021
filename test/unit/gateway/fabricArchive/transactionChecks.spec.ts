import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { ArchiveVerificationError } from '@gateway/fabricArchive/archiveFailure';
import type { ConfigInForce } from '@gateway/fabricArchive/channelMsps';
import { checkTransactions } from '@gateway/fabricArchive/transactionChecks';
import {
  envelopeWithWrongEndorsement,
  envelopeWithWrongSignature,
  withEnvelope,
  withValidationFlags,
} from '@test-support/fabricBlockTamper';
import { CHANNEL, fixtureBlock, partsOf, stateBefore } from './fixtureBlocks';

const MVCC_READ_CONFLICT = 11;

function firstEnvelope(bytes: Uint8Array): Uint8Array {
  return common.Block.deserializeBinary(bytes).getData()?.getDataList_asU8()[0] ?? new Uint8Array();
}

function check(
  bytes: Uint8Array,
  config: ConfigInForce | 'genesis' = stateBefore(4).config as ConfigInForce,
): unknown {
  try {
    return checkTransactions(partsOf(bytes), {
      channel: CHANNEL,
      config: config === 'genesis' ? undefined : config,
    });
  } catch (err) {
    if (err instanceof ArchiveVerificationError) return err.failure;
    throw err;
  }
}

describe('checkTransactions on a block of our own network', function () {
  const block4 = fixtureBlock(4);
  const wrongEndorsement = withEnvelope(block4, 0, envelopeWithWrongEndorsement(firstEnvelope(block4)));
  const wrongCreator = withEnvelope(block4, 0, envelopeWithWrongSignature(firstEnvelope(block4)));

  it("accepts a valid endorser transaction whose creator and endorsers are the channel's members", function () {
    expect(check(block4)).to.deep.equal({ transactions: 1, valid: 1, isConfig: false });
  });

  it('refuses a changed endorsement: the creator signed the payload that holds it', function () {
    expect(check(wrongEndorsement)).to.deep.include({ blockNumber: 4, field: 'transactions[0].creator' });
  });

  it('refuses an endorsement by an org that is not an application org of the configuration in force, naming it', function () {
    const config = stateBefore(4).config as ConfigInForce;
    const org1Only = new Map([...config.application].filter(([id]) => id === 'Org1MSP'));

    const failure = check(block4, { ...config, application: org1Only });

    expect((failure as { field: string }).field).to.match(/^transactions\[0\]\.endorsements\[[01]\]$/);
    expect((failure as { detail: string }).detail).to.contain('names MSP Org2MSP, not one of Org1MSP');
  });

  it("refuses a valid transaction whose creator's signature does not verify", function () {
    expect(check(wrongCreator)).to.deep.include({ blockNumber: 4, field: 'transactions[0].creator' });
  });

  it('refuses a creator whose MSP is not a member of the configuration in force', function () {
    const config = stateBefore(4).config as ConfigInForce;
    const withoutOrg1 = new Map([...config.application].filter(([id]) => id !== 'Org1MSP'));

    const failure = check(block4, { ...config, application: withoutOrg1 });

    expect(failure).to.deep.include({ field: 'transactions[0].creator' });
    expect((failure as { detail: string }).detail).to.contain('names MSP Org1MSP, not one of');
  });

  it('records an invalid transaction with its code and does not check its signatures', function () {
    const invalid = withValidationFlags(wrongEndorsement, [MVCC_READ_CONFLICT]);

    expect(check(invalid)).to.deep.equal({ transactions: 1, valid: 0, isConfig: false });
  });

  it('checks the creator but not the endorsements of a block as the orderer cut it (no validation flags)', function () {
    const config = stateBefore(4).config as ConfigInForce;
    const org1Only = new Map([...config.application].filter(([id]) => id === 'Org1MSP'));
    const unflagged = withValidationFlags(block4, []);

    expect(check(unflagged, { ...config, application: org1Only })).to.deep.equal({
      transactions: 1,
      valid: undefined,
      isConfig: false,
    });
    expect(check(withValidationFlags(wrongCreator, []))).to.deep.include({
      field: 'transactions[0].creator',
    });
  });

  it('refuses validation flags that do not match the transactions', function () {
    expect(check(withValidationFlags(block4, [0, 0]))).to.deep.include({ field: 'transactionsFilter' });
  });

  it('takes the genesis block as the trust anchor: its configuration transaction is not checked against one before', function () {
    expect(check(fixtureBlock(0), 'genesis')).to.deep.equal({ transactions: 1, valid: 1, isConfig: true });
  });

  it('refuses an unsigned configuration transaction after the genesis block', function () {
    const failure = check(fixtureBlock(0));

    expect(failure).to.deep.include({ field: 'transactions[0].creator' });
    expect((failure as { detail: string }).detail).to.contain('not a serialized identity');
  });
});
