// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface StreamControl {
  'reason'?: (string);
  'lastSequence'?: (number | string | Long);
  'treeSize'?: (number | string | Long);
  'rootHash'?: (string);
}

export interface StreamControl__Output {
  'reason': (string);
  'lastSequence': (string);
  'treeSize': (string);
  'rootHash': (string);
}
