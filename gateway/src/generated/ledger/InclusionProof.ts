// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface InclusionProof {
  'sequenceNumber'?: (number | string | Long);
  'leafIndex'?: (number | string | Long);
  'treeSize'?: (number | string | Long);
  'eventHash'?: (string);
  'hashes'?: (string)[];
  'rootHash'?: (string);
}

export interface InclusionProof__Output {
  'sequenceNumber': (string);
  'leafIndex': (string);
  'treeSize': (string);
  'eventHash': (string);
  'hashes': (string)[];
  'rootHash': (string);
}
