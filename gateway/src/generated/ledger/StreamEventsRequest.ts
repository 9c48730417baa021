// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface StreamEventsRequest {
  'fromSequence'?: (number | string | Long);
  'toSequence'?: (number | string | Long);
  'includePayload'?: (boolean);
  'includeProof'?: (boolean);
  'entryTypes'?: (string)[];
  'keyPrefix'?: (string);
  'heartbeatMs'?: (number);
}

export interface StreamEventsRequest__Output {
  'fromSequence': (string);
  'toSequence': (string);
  'includePayload': (boolean);
  'includeProof': (boolean);
  'entryTypes': (string)[];
  'keyPrefix': (string);
  'heartbeatMs': (number);
}
