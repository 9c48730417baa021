// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface GetEventRequest {
  'sequenceNumber'?: (number | string | Long);
}

export interface GetEventRequest__Output {
  'sequenceNumber': (string);
}
