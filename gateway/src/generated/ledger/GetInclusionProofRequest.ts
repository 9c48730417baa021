// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface GetInclusionProofRequest {
  'sequenceNumber'?: (number | string | Long);
  'treeSize'?: (number | string | Long);
}

export interface GetInclusionProofRequest__Output {
  'sequenceNumber': (string);
  'treeSize': (string);
}
