// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface ConsistencyProof {
  'firstSize'?: (number | string | Long);
  'secondSize'?: (number | string | Long);
  'hashes'?: (string)[];
  'firstRoot'?: (string);
  'secondRoot'?: (string);
}

export interface ConsistencyProof__Output {
  'firstSize': (string);
  'secondSize': (string);
  'hashes': (string)[];
  'firstRoot': (string);
  'secondRoot': (string);
}
