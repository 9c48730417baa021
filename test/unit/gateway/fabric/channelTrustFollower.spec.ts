// Following the channel configuration over a fake Fabric network: the first configuration block read
// at start, a reread when a block with a valid CONFIG transaction arrives, nothing for other blocks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { common, peer } from '@hyperledger/fabric-protos';
import type { CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { silentLogger } from '@gateway/logger';
import { followChannelTrust } from '@gateway/fabric/channelTrustFollower';
import type { ChannelTrust } from '@gateway/security/channelTrust';
import { configBlock } from '@test-support/configBlock';
import { waitFor } from '@test-support/waitFor';

const FIXTURES = path.join(__dirname, '..', 'export', 'fixtures');
const CA = fs.readFileSync(path.join(FIXTURES, 'ca.cert.pem'), 'utf8');
const OTHER_CA = fs.readFileSync(path.join(FIXTURES, 'other-ca.cert.pem'), 'utf8');
const ORG1 = { group: 'Org1MSP', name: 'Org1MSP', roots: [CA] };
const ORG2 = { group: 'Org2MSP', name: 'Org2MSP', roots: [OTHER_CA] };

function filteredBlock(number: number, type: number, validationCode = 0): peer.FilteredBlock {
  const tx = new peer.FilteredTransaction();
  tx.setType(type as common.HeaderTypeMap[keyof common.HeaderTypeMap]);
  tx.setTxValidationCode(validationCode as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
  const block = new peer.FilteredBlock();
  block.setNumber(number);
  block.setFilteredTransactionsList([tx]);
  return block;
}

/** A network whose peer is at `height`, with config `config`, and block events pushed by the test. */
class FakeNetwork {
  config: Uint8Array;
  readonly height: number;
  startBlocks: bigint[] = [];
  readonly #queue: peer.FilteredBlock[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  constructor(config: Uint8Array, height: number) {
    this.config = config;
    this.height = height;
  }

  push(block: peer.FilteredBlock): void {
    this.#queue.push(block);
    this.#wake?.();
  }

  asNetwork(): Pick<Network, 'getContract' | 'getFilteredBlockEvents'> {
    const info = new common.BlockchainInfo();
    info.setHeight(this.height);
    const contract = (name: string): unknown => ({
      evaluateTransaction: (fn: string): Promise<Uint8Array> => {
        if (name === 'cscc' && fn === 'GetConfigBlock') return Promise.resolve(this.config);
        if (name === 'qscc' && fn === 'GetChainInfo') return Promise.resolve(info.serializeBinary());
        return Promise.reject(new Error(`unexpected ${name} ${fn}`));
      },
    });
    return {
      getContract: contract as Network['getContract'],
      getFilteredBlockEvents: (options) => {
        this.startBlocks.push(options?.startBlock ?? -1n);
        return Promise.resolve(this.#iterable());
      },
    };
  }

  #iterable(): CloseableAsyncIterable<peer.FilteredBlock> {
    const next = async (): Promise<IteratorResult<peer.FilteredBlock>> => {
      for (;;) {
        if (this.#closed) return { done: true, value: undefined };
        const block = this.#queue.shift();
        if (block !== undefined) return { done: false, value: block };
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    };
    const close = (): void => {
      this.#closed = true;
      this.#wake?.();
    };
    return { [Symbol.asyncIterator]: () => ({ next }), close, [Symbol.dispose]: close };
  }
}

const members = (trust: ChannelTrust): string[] => trust.members.map((m) => m.mspId);

describe('channelTrustFollower', function () {
  describe('#followChannelTrust', function () {
    it('applies the current configuration at start and watches blocks from the chain height', async function () {
      const fake = new FakeNetwork(configBlock(4, [ORG1, ORG2]), 12);
      const source = await followChannelTrust({
        network: fake.asNetwork(),
        channelName: 'ledger',
        logger: silentLogger,
      });
      try {
        expect(source.current().configBlock).to.equal(4n);
        expect(members(source.current())).to.deep.equal(['Org1MSP', 'Org2MSP']);
        await waitFor('block stream opened', () => fake.startBlocks.length === 1);
        expect(fake.startBlocks).to.deep.equal([12n]);
      } finally {
        await source.stop();
      }
    });

    it('applies a new configuration when a block with a valid CONFIG transaction commits', async function () {
      const fake = new FakeNetwork(configBlock(4, [ORG1, ORG2]), 12);
      const source = await followChannelTrust({
        network: fake.asNetwork(),
        channelName: 'ledger',
        logger: silentLogger,
      });
      const seen: ChannelTrust[] = [];
      source.onChange((trust) => seen.push(trust));
      try {
        fake.config = configBlock(13, [ORG1]);
        fake.push(filteredBlock(13, common.HeaderType.CONFIG));

        await waitFor('configuration 13 applied', () => source.current().configBlock === 13n);
        expect(members(source.current())).to.deep.equal(['Org1MSP']);
        expect(seen.map((t) => t.configBlock)).to.deep.equal([13n]);
      } finally {
        await source.stop();
      }
    });

    it('keeps the configuration for endorser blocks and an invalid CONFIG transaction', async function () {
      const fake = new FakeNetwork(configBlock(4, [ORG1, ORG2]), 12);
      const source = await followChannelTrust({
        network: fake.asNetwork(),
        channelName: 'ledger',
        logger: silentLogger,
      });
      const seen: ChannelTrust[] = [];
      source.onChange((trust) => seen.push(trust));
      try {
        fake.config = configBlock(14, [ORG1]);
        fake.push(filteredBlock(12, common.HeaderType.ENDORSER_TRANSACTION));
        fake.push(filteredBlock(13, common.HeaderType.CONFIG, 11));
        fake.push(filteredBlock(14, common.HeaderType.CONFIG));
        await waitFor('configuration reread', () => seen.length === 1);

        // Only the valid CONFIG block (14) caused a reread; the trust is the config it found.
        expect(seen.map((t) => t.configBlock)).to.deep.equal([14n]);
        expect(members(source.current())).to.deep.equal(['Org1MSP']);
      } finally {
        await source.stop();
      }
    });

    it('fails start-up naming the channel when the configuration cannot be read', async function () {
      const fake = new FakeNetwork(new Uint8Array([1, 2, 3]), 1);
      const attempt = followChannelTrust({
        network: fake.asNetwork(),
        channelName: 'ledger',
        logger: silentLogger,
        minBackoffMs: 1,
        maxBackoffMs: 1,
        startTimeoutMs: 10,
      });

      await expect(attempt).to.be.rejectedWith(/^could not read the configuration of channel 'ledger'/);
    });
  });
});
