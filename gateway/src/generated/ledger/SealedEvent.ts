// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface SealedEvent {
  'sequenceNumber'?: (number | string | Long);
  'eventId'?: (string);
  'payload'?: (Buffer | Uint8Array | string);
  'eventHash'?: (string);
  'previousHash'?: (string);
  'sealedTimestamp'?: (number | string | Long);
  'commitLatencyMs'?: (number | string | Long);
  'blockNumber'?: (number | string | Long);
  'transactionId'?: (string);
  'entryIndex'?: (number);
  'leafIndex'?: (number | string | Long);
  'entryType'?: (string);
  'vepsSignature'?: (string);
  'vepsTimestamp'?: (number | string | Long);
  'metadata'?: ({[key: string]: string});
  'submitterMspId'?: (string);
  'submitterId'?: (string);
  'submitterCertSha256'?: (string);
  'clientCertSha256'?: (string);
  'clientSubject'?: (string);
  'entryHash'?: (string);
}

export interface SealedEvent__Output {
  'sequenceNumber': (string);
  'eventId': (string);
  'payload': (Buffer);
  'eventHash': (string);
  'previousHash': (string);
  'sealedTimestamp': (string);
  'commitLatencyMs': (string);
  'blockNumber': (string);
  'transactionId': (string);
  'entryIndex': (number);
  'leafIndex': (string);
  'entryType': (string);
  'vepsSignature': (string);
  'vepsTimestamp': (string);
  'metadata': ({[key: string]: string});
  'submitterMspId': (string);
  'submitterId': (string);
  'submitterCertSha256': (string);
  'clientCertSha256': (string);
  'clientSubject': (string);
  'entryHash': (string);
}
