// Original file: proto/ledger.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CertifiedEvent as _ledger_CertifiedEvent, CertifiedEvent__Output as _ledger_CertifiedEvent__Output } from '../ledger/CertifiedEvent';
import type { ConsistencyProof as _ledger_ConsistencyProof, ConsistencyProof__Output as _ledger_ConsistencyProof__Output } from '../ledger/ConsistencyProof';
import type { GetConsistencyProofRequest as _ledger_GetConsistencyProofRequest, GetConsistencyProofRequest__Output as _ledger_GetConsistencyProofRequest__Output } from '../ledger/GetConsistencyProofRequest';
import type { GetDigestRequest as _ledger_GetDigestRequest, GetDigestRequest__Output as _ledger_GetDigestRequest__Output } from '../ledger/GetDigestRequest';
import type { GetEventByIdRequest as _ledger_GetEventByIdRequest, GetEventByIdRequest__Output as _ledger_GetEventByIdRequest__Output } from '../ledger/GetEventByIdRequest';
import type { GetEventRequest as _ledger_GetEventRequest, GetEventRequest__Output as _ledger_GetEventRequest__Output } from '../ledger/GetEventRequest';
import type { GetHistoryRequest as _ledger_GetHistoryRequest, GetHistoryRequest__Output as _ledger_GetHistoryRequest__Output } from '../ledger/GetHistoryRequest';
import type { GetInclusionProofRequest as _ledger_GetInclusionProofRequest, GetInclusionProofRequest__Output as _ledger_GetInclusionProofRequest__Output } from '../ledger/GetInclusionProofRequest';
import type { HealthCheckRequest as _ledger_HealthCheckRequest, HealthCheckRequest__Output as _ledger_HealthCheckRequest__Output } from '../ledger/HealthCheckRequest';
import type { HealthCheckResponse as _ledger_HealthCheckResponse, HealthCheckResponse__Output as _ledger_HealthCheckResponse__Output } from '../ledger/HealthCheckResponse';
import type { HistoryPage as _ledger_HistoryPage, HistoryPage__Output as _ledger_HistoryPage__Output } from '../ledger/HistoryPage';
import type { InclusionProof as _ledger_InclusionProof, InclusionProof__Output as _ledger_InclusionProof__Output } from '../ledger/InclusionProof';
import type { LedgerDigest as _ledger_LedgerDigest, LedgerDigest__Output as _ledger_LedgerDigest__Output } from '../ledger/LedgerDigest';
import type { SealedEvent as _ledger_SealedEvent, SealedEvent__Output as _ledger_SealedEvent__Output } from '../ledger/SealedEvent';
import type { StreamEventsRequest as _ledger_StreamEventsRequest, StreamEventsRequest__Output as _ledger_StreamEventsRequest__Output } from '../ledger/StreamEventsRequest';
import type { StreamItem as _ledger_StreamItem, StreamItem__Output as _ledger_StreamItem__Output } from '../ledger/StreamItem';

export interface ImmutableLedgerClient extends grpc.Client {
  GetConsistencyProof(argument: _ledger_GetConsistencyProofRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  GetConsistencyProof(argument: _ledger_GetConsistencyProofRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  GetConsistencyProof(argument: _ledger_GetConsistencyProofRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  GetConsistencyProof(argument: _ledger_GetConsistencyProofRequest, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  getConsistencyProof(argument: _ledger_GetConsistencyProofRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  getConsistencyProof(argument: _ledger_GetConsistencyProofRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  getConsistencyProof(argument: _ledger_GetConsistencyProofRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  getConsistencyProof(argument: _ledger_GetConsistencyProofRequest, callback: grpc.requestCallback<_ledger_ConsistencyProof__Output>): grpc.ClientUnaryCall;
  
  GetDigest(argument: _ledger_GetDigestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  GetDigest(argument: _ledger_GetDigestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  GetDigest(argument: _ledger_GetDigestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  GetDigest(argument: _ledger_GetDigestRequest, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  getDigest(argument: _ledger_GetDigestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  getDigest(argument: _ledger_GetDigestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  getDigest(argument: _ledger_GetDigestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  getDigest(argument: _ledger_GetDigestRequest, callback: grpc.requestCallback<_ledger_LedgerDigest__Output>): grpc.ClientUnaryCall;
  
  GetEvent(argument: _ledger_GetEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  GetEvent(argument: _ledger_GetEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  GetEvent(argument: _ledger_GetEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  GetEvent(argument: _ledger_GetEventRequest, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _ledger_GetEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _ledger_GetEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _ledger_GetEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEvent(argument: _ledger_GetEventRequest, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  
  GetEventById(argument: _ledger_GetEventByIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  GetEventById(argument: _ledger_GetEventByIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  GetEventById(argument: _ledger_GetEventByIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  GetEventById(argument: _ledger_GetEventByIdRequest, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEventById(argument: _ledger_GetEventByIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEventById(argument: _ledger_GetEventByIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEventById(argument: _ledger_GetEventByIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  getEventById(argument: _ledger_GetEventByIdRequest, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  
  GetHistory(argument: _ledger_GetHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _ledger_GetHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _ledger_GetHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _ledger_GetHistoryRequest, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _ledger_GetHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _ledger_GetHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _ledger_GetHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _ledger_GetHistoryRequest, callback: grpc.requestCallback<_ledger_HistoryPage__Output>): grpc.ClientUnaryCall;
  
  GetInclusionProof(argument: _ledger_GetInclusionProofRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  GetInclusionProof(argument: _ledger_GetInclusionProofRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  GetInclusionProof(argument: _ledger_GetInclusionProofRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  GetInclusionProof(argument: _ledger_GetInclusionProofRequest, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  getInclusionProof(argument: _ledger_GetInclusionProofRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  getInclusionProof(argument: _ledger_GetInclusionProofRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  getInclusionProof(argument: _ledger_GetInclusionProofRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  getInclusionProof(argument: _ledger_GetInclusionProofRequest, callback: grpc.requestCallback<_ledger_InclusionProof__Output>): grpc.ClientUnaryCall;
  
  HealthCheck(argument: _ledger_HealthCheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _ledger_HealthCheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _ledger_HealthCheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  HealthCheck(argument: _ledger_HealthCheckRequest, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _ledger_HealthCheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _ledger_HealthCheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _ledger_HealthCheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  healthCheck(argument: _ledger_HealthCheckRequest, callback: grpc.requestCallback<_ledger_HealthCheckResponse__Output>): grpc.ClientUnaryCall;
  
  StreamEvents(argument: _ledger_StreamEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ledger_StreamItem__Output>;
  StreamEvents(argument: _ledger_StreamEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ledger_StreamItem__Output>;
  streamEvents(argument: _ledger_StreamEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ledger_StreamItem__Output>;
  streamEvents(argument: _ledger_StreamEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ledger_StreamItem__Output>;
  
  SubmitEvent(argument: _ledger_CertifiedEvent, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  SubmitEvent(argument: _ledger_CertifiedEvent, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  SubmitEvent(argument: _ledger_CertifiedEvent, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  SubmitEvent(argument: _ledger_CertifiedEvent, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  submitEvent(argument: _ledger_CertifiedEvent, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  submitEvent(argument: _ledger_CertifiedEvent, metadata: grpc.Metadata, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  submitEvent(argument: _ledger_CertifiedEvent, options: grpc.CallOptions, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  submitEvent(argument: _ledger_CertifiedEvent, callback: grpc.requestCallback<_ledger_SealedEvent__Output>): grpc.ClientUnaryCall;
  
}

export interface ImmutableLedgerHandlers extends grpc.UntypedServiceImplementation {
  GetConsistencyProof: grpc.handleUnaryCall<_ledger_GetConsistencyProofRequest__Output, _ledger_ConsistencyProof>;
  
  GetDigest: grpc.handleUnaryCall<_ledger_GetDigestRequest__Output, _ledger_LedgerDigest>;
  
  GetEvent: grpc.handleUnaryCall<_ledger_GetEventRequest__Output, _ledger_SealedEvent>;
  
  GetEventById: grpc.handleUnaryCall<_ledger_GetEventByIdRequest__Output, _ledger_SealedEvent>;
  
  GetHistory: grpc.handleUnaryCall<_ledger_GetHistoryRequest__Output, _ledger_HistoryPage>;
  
  GetInclusionProof: grpc.handleUnaryCall<_ledger_GetInclusionProofRequest__Output, _ledger_InclusionProof>;
  
  HealthCheck: grpc.handleUnaryCall<_ledger_HealthCheckRequest__Output, _ledger_HealthCheckResponse>;
  
  StreamEvents: grpc.handleServerStreamingCall<_ledger_StreamEventsRequest__Output, _ledger_StreamItem>;
  
  SubmitEvent: grpc.handleUnaryCall<_ledger_CertifiedEvent__Output, _ledger_SealedEvent>;
  
}

export interface ImmutableLedgerDefinition extends grpc.ServiceDefinition {
  GetConsistencyProof: MethodDefinition<_ledger_GetConsistencyProofRequest, _ledger_ConsistencyProof, _ledger_GetConsistencyProofRequest__Output, _ledger_ConsistencyProof__Output>
  GetDigest: MethodDefinition<_ledger_GetDigestRequest, _ledger_LedgerDigest, _ledger_GetDigestRequest__Output, _ledger_LedgerDigest__Output>
  GetEvent: MethodDefinition<_ledger_GetEventRequest, _ledger_SealedEvent, _ledger_GetEventRequest__Output, _ledger_SealedEvent__Output>
  GetEventById: MethodDefinition<_ledger_GetEventByIdRequest, _ledger_SealedEvent, _ledger_GetEventByIdRequest__Output, _ledger_SealedEvent__Output>
  GetHistory: MethodDefinition<_ledger_GetHistoryRequest, _ledger_HistoryPage, _ledger_GetHistoryRequest__Output, _ledger_HistoryPage__Output>
  GetInclusionProof: MethodDefinition<_ledger_GetInclusionProofRequest, _ledger_InclusionProof, _ledger_GetInclusionProofRequest__Output, _ledger_InclusionProof__Output>
  HealthCheck: MethodDefinition<_ledger_HealthCheckRequest, _ledger_HealthCheckResponse, _ledger_HealthCheckRequest__Output, _ledger_HealthCheckResponse__Output>
  StreamEvents: MethodDefinition<_ledger_StreamEventsRequest, _ledger_StreamItem, _ledger_StreamEventsRequest__Output, _ledger_StreamItem__Output>
  SubmitEvent: MethodDefinition<_ledger_CertifiedEvent, _ledger_SealedEvent, _ledger_CertifiedEvent__Output, _ledger_SealedEvent__Output>
}
