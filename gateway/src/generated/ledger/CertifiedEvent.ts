// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface CertifiedEvent {
  'eventId'?: (string);
  'payload'?: (Buffer | Uint8Array | string);
  'vepsSignature'?: (string);
  'vepsTimestamp'?: (number | string | Long);
  'metadata'?: ({[key: string]: string});
}

export interface CertifiedEvent__Output {
  'eventId': (string);
  'payload': (Buffer);
  'vepsSignature': (string);
  'vepsTimestamp': (string);
  'metadata': ({[key: string]: string});
}
