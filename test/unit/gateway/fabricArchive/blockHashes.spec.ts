import { expect } from 'chai';
import { toHex } from '@gateway/core';
import { blockDataHash, blockHeaderBytes, blockHeaderHash } from '@gateway/fabricArchive/blockHashes';

describe('blockHashes', function () {
  it('encodes a header as DER SEQUENCE { INTEGER number, OCTET STRING previous, OCTET STRING data }', function () {
    expect(
      toHex(blockHeaderBytes({ number: 0, previousHash: new Uint8Array(0), dataHash: new Uint8Array(0) })),
    ).to.equal('3007' + '020100' + '0400' + '0400');
    expect(
      toHex(
        blockHeaderBytes({ number: 1, previousHash: Uint8Array.of(0xaa), dataHash: Uint8Array.of(0xbb) }),
      ),
    ).to.equal('3009020101' + '0401aa' + '0401bb');
  });

  it('gives a number with its top bit set a leading zero byte, and a long octet string a long-form length', function () {
    const bytes = blockHeaderBytes({
      number: 128,
      previousHash: new Uint8Array(200),
      dataHash: new Uint8Array(0),
    });

    expect(toHex(bytes.subarray(0, 3))).to.equal('3081d1');
    expect(bytes.length).to.equal(3 + 0xd1);
    expect(toHex(bytes.subarray(3, 7))).to.equal('02020080');
    expect(toHex(bytes.subarray(7, 10))).to.equal('0481c8');
  });

  it('refuses a negative block number', function () {
    expect(() =>
      blockHeaderBytes({ number: -1, previousHash: new Uint8Array(0), dataHash: new Uint8Array(0) }),
    ).to.throw(RangeError, /block number/);
  });

  it('hashes the header bytes with SHA-256, and a changed field changes the hash', function () {
    const header = { number: 0, previousHash: new Uint8Array(0), dataHash: new Uint8Array(0) };

    // SHA-256 of 30 07 02 01 00 04 00 04 00.
    expect(toHex(blockHeaderHash(header))).to.equal(
      '1d1c288c6851505be0b47a0f8e7dfb91ab2abe6ad71cef63a3791d14588d1d0e',
    );
    expect(toHex(blockHeaderHash({ ...header, number: 1 }))).to.not.equal(toHex(blockHeaderHash(header)));
  });

  it('hashes the concatenation of the envelopes, so moving a byte between envelopes keeps the data hash', function () {
    const joined = blockDataHash([Uint8Array.of(1, 2, 3)]);

    expect(toHex(blockDataHash([Uint8Array.of(1), Uint8Array.of(2, 3)]))).to.equal(toHex(joined));
    expect(toHex(joined)).to.equal('039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81');
    expect(toHex(blockDataHash([Uint8Array.of(1, 2, 4)]))).to.not.equal(toHex(joined));
  });
});
