import { expect } from 'chai';
import { fromHex, GENESIS_PREVIOUS_HASH, newMerkleAccumulator, toHex, type NodeId } from '@gateway/core';
import {
  checkSeals,
  describeFault,
  verifyIndexIntegrity,
  type IntegritySeal,
  type IntegritySource,
} from '@gateway/index/indexIntegrity';
import { sealLeafHash } from '@gateway/core/sealLeaf';
import { TEST_SUBMITTER, chainedSeal } from '@test-support/sealFixtures';

/**
 * Known answers from test/vectors/chain/event-hash/seq-1-genesis.json and seq-2-binary-payload.json:
 * `printf '0000000000000001000000056576742d31000000127b226b696e64223a2267656e65736973227d' + 64 zeros | xxd -r -p | sha256sum`
 * and the same for sequence 2 over the first hash.
 */
const SEQ1_HASH = 'b2582c3d6d3715ec4e3da51b72510801c01994791196c5c9c194ad70129b19ce';
const SEQ2_HASH = '5e2b843099f4415b863c792143450e0e0e68315c17f895152319694b68690109';

interface FakeIndex extends IntegritySource {
  readonly seals: Map<number, IntegritySeal>;
  readonly nodes: Map<string, Uint8Array>;
}

const key = (id: NodeId): string => `${id.level}/${id.index}`;

/** An index of the two vector entries followed by `extra` more, with every Merkle node stored. */
function vectorIndex(extra = 3): FakeIndex {
  const seals = new Map<number, IntegritySeal>();
  const nodes = new Map<string, Uint8Array>();
  const tree = newMerkleAccumulator({ size: 0, frontier: [] });
  const entries: Array<{ eventId: string; payload: Uint8Array }> = [
    { eventId: 'evt-1', payload: fromHex('7b226b696e64223a2267656e65736973227d', 'payload') },
    { eventId: 'evt-2', payload: fromHex('000102fffe80', 'payload') },
    ...Array.from({ length: extra }, (_, i) => ({
      eventId: `evt-${i + 3}`,
      payload: Buffer.from(`p${i + 3}`),
    })),
  ];
  let previousHash = GENESIS_PREVIOUS_HASH;
  entries.forEach((entry, i) => {
    const sequenceNumber = i + 1;
    const seal: IntegritySeal = chainedSeal({
      sequenceNumber,
      ...entry,
      previousHash,
      sealedTimestamp: 1767323045678,
      blockNumber: 10 + sequenceNumber,
      transactionId: `tx${sequenceNumber}`,
      vepsTimestamp: 1,
      metadata: { k: 'v' },
    });
    seals.set(sequenceNumber, seal);
    for (const node of tree.append(sealLeafHash(seal))) nodes.set(key(node), node.hash);
    previousHash = seal.eventHash;
  });
  return {
    seals,
    nodes,
    get size(): number {
      return seals.size;
    },
    get: (seq) => seals.get(seq),
    perfectSubtreeHash: (id) => {
      const hash = nodes.get(key(id));
      if (hash === undefined) throw new Error(`no node ${key(id)}`);
      return hash;
    },
  };
}

function tamper(index: FakeIndex, seq: number, change: Partial<IntegritySeal>): void {
  const seal = index.seals.get(seq);
  if (seal === undefined) throw new Error(`no seal ${seq}`);
  index.seals.set(seq, { ...seal, ...change });
}

describe('indexIntegrity', function () {
  describe('#verifyIndexIntegrity', function () {
    it('accepts the known-answer chain and its Merkle nodes', function () {
      const index = vectorIndex();
      expect(toHex(index.seals.get(1)?.eventHash ?? new Uint8Array())).to.equal(SEQ1_HASH);
      expect(toHex(index.seals.get(2)?.eventHash ?? new Uint8Array())).to.equal(SEQ2_HASH);
      expect(verifyIndexIntegrity(index)).to.deep.equal({ checked: 5, faults: [] });
    });

    it('accepts an empty index', function () {
      const empty: IntegritySource = {
        size: 0,
        get: () => undefined,
        perfectSubtreeHash: () => new Uint8Array(),
      };
      expect(verifyIndexIntegrity(empty)).to.deep.equal({ checked: 0, faults: [] });
    });

    it('names the sequence whose payload was edited, as an event_hash mismatch', function () {
      const index = vectorIndex();
      tamper(index, 2, { payload: fromHex('000102fffe81', 'payload') });
      const [fault] = verifyIndexIntegrity(index).faults;
      expect(fault?.sequenceNumber).to.equal(2);
      expect(fault?.field).to.equal('event_hash');
      expect(fault?.detail).to.contain(SEQ2_HASH);
    });

    it('names the sequence whose event id was edited', function () {
      const index = vectorIndex();
      tamper(index, 4, { eventId: 'evt-X' });
      expect(verifyIndexIntegrity(index).faults[0]).to.include({ sequenceNumber: 4, field: 'event_hash' });
    });

    for (const change of [
      { metadata: { k: 'w' } },
      { blockNumber: 99 },
      { submitter: { ...TEST_SUBMITTER, clientSubject: 'CN=someone else' } },
    ] satisfies Partial<IntegritySeal>[]) {
      it(`reports an edited ${Object.keys(change)[0]} as the Merkle leaf that no longer matches`, function () {
        const index = vectorIndex();
        tamper(index, 2, change);
        expect(verifyIndexIntegrity(index).faults[0]).to.include({ sequenceNumber: 2, field: 'merkle_node' });
      });
    }

    it('reports a replaced event_hash there, then the broken link and every Merkle node over it', function () {
      const index = vectorIndex();
      tamper(index, 3, { eventHash: new Uint8Array(32).fill(7) });
      const { faults } = verifyIndexIntegrity(index, { stopAtFirst: false });
      expect(faults.map((f) => `${f.sequenceNumber}:${f.field}`)).to.deep.equal([
        '3:event_hash',
        '3:merkle_node',
        '4:previous_hash',
        '4:merkle_node',
        '4:merkle_node',
      ]);
    });

    it('reports a previous_hash that does not link to the seal before', function () {
      const index = vectorIndex();
      const seal = index.seals.get(1);
      tamper(index, 1, { previousHash: new Uint8Array(32).fill(1) });
      const { faults } = verifyIndexIntegrity(index, { stopAtFirst: false });
      expect(faults[0]).to.include({ sequenceNumber: 1, field: 'previous_hash' });
      expect(seal?.previousHash).to.deep.equal(GENESIS_PREVIOUS_HASH);
    });

    it('reports a replaced interior Merkle node at the last sequence it covers', function () {
      const index = vectorIndex();
      index.nodes.set('2/0', new Uint8Array(32));
      expect(verifyIndexIntegrity(index).faults[0]).to.include({ sequenceNumber: 4, field: 'merkle_node' });
    });

    it('reports a missing row', function () {
      const index = vectorIndex();
      index.seals.delete(5);
      const fake: IntegritySource = { ...index, size: 5 };
      expect(verifyIndexIntegrity(fake).faults[0]).to.include({ sequenceNumber: 5, field: 'row' });
    });

    it('calls onProgress every progressEvery seals', function () {
      const calls: number[] = [];
      verifyIndexIntegrity(vectorIndex(8), { progressEvery: 4, onProgress: (n) => calls.push(n) });
      expect(calls).to.deep.equal([4, 8]);
    });
  });

  describe('#checkSeals', function () {
    it('passes seals that verify', function () {
      expect(checkSeals(vectorIndex(), [1, 2, 5])).to.equal(undefined);
    });

    it('finds an edited payload in a touched seal', function () {
      const index = vectorIndex();
      tamper(index, 5, { payload: Buffer.from('other') });
      expect(checkSeals(index, [2])).to.equal(undefined);
      expect(checkSeals(index, [5])).to.include({ sequenceNumber: 5, field: 'event_hash' });
    });

    it('finds a leaf node that does not match the seal', function () {
      const index = vectorIndex();
      index.nodes.set('0/1', new Uint8Array(32));
      expect(checkSeals(index, [2])).to.include({ sequenceNumber: 2, field: 'merkle_node' });
    });
  });

  describe('#describeFault', function () {
    it('reads as sequence, field and detail', function () {
      expect(describeFault({ sequenceNumber: 9, field: 'event_hash', detail: 'x' })).to.equal(
        'sequence 9: event_hash: x',
      );
    });
  });
});
