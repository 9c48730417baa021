// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface LedgerDigest {
  'treeSize'?: (number | string | Long);
  'rootHash'?: (string);
  'chainTipHash'?: (string);
  'lastBlockNumber'?: (number | string | Long);
  'signature'?: (Buffer | Uint8Array | string);
  'certificatePem'?: (string);
  'mspId'?: (string);
  'signedBytes'?: (Buffer | Uint8Array | string);
  'channel'?: (string);
}

export interface LedgerDigest__Output {
  'treeSize': (string);
  'rootHash': (string);
  'chainTipHash': (string);
  'lastBlockNumber': (string);
  'signature': (Buffer);
  'certificatePem': (string);
  'mspId': (string);
  'signedBytes': (Buffer);
  'channel': (string);
}
