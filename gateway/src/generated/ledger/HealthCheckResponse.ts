// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface HealthCheckResponse {
  'healthy'?: (boolean);
  'status'?: (string);
  'lastSequenceNumber'?: (number | string | Long);
  'checkpointBlock'?: (number | string | Long);
  'mspId'?: (string);
  'channelConfigBlock'?: (number | string | Long);
}

export interface HealthCheckResponse__Output {
  'healthy': (boolean);
  'status': (string);
  'lastSequenceNumber': (string);
  'checkpointBlock': (string);
  'mspId': (string);
  'channelConfigBlock': (string);
}
