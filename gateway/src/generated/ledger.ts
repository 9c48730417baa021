import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CertifiedEvent as _ledger_CertifiedEvent, CertifiedEvent__Output as _ledger_CertifiedEvent__Output } from './ledger/CertifiedEvent';
import type { ConsistencyProof as _ledger_ConsistencyProof, ConsistencyProof__Output as _ledger_ConsistencyProof__Output } from './ledger/ConsistencyProof';
import type { GetConsistencyProofRequest as _ledger_GetConsistencyProofRequest, GetConsistencyProofRequest__Output as _ledger_GetConsistencyProofRequest__Output } from './ledger/GetConsistencyProofRequest';
import type { GetDigestRequest as _ledger_GetDigestRequest, GetDigestRequest__Output as _ledger_GetDigestRequest__Output } from './ledger/GetDigestRequest';
import type { GetEventByIdRequest as _ledger_GetEventByIdRequest, GetEventByIdRequest__Output as _ledger_GetEventByIdRequest__Output } from './ledger/GetEventByIdRequest';
import type { GetEventRequest as _ledger_GetEventRequest, GetEventRequest__Output as _ledger_GetEventRequest__Output } from './ledger/GetEventRequest';
import type { GetHistoryRequest as _ledger_GetHistoryRequest, GetHistoryRequest__Output as _ledger_GetHistoryRequest__Output } from './ledger/GetHistoryRequest';
import type { GetInclusionProofRequest as _ledger_GetInclusionProofRequest, GetInclusionProofRequest__Output as _ledger_GetInclusionProofRequest__Output } from './ledger/GetInclusionProofRequest';
import type { HealthCheckRequest as _ledger_HealthCheckRequest, HealthCheckRequest__Output as _ledger_HealthCheckRequest__Output } from './ledger/HealthCheckRequest';
import type { HealthCheckResponse as _ledger_HealthCheckResponse, HealthCheckResponse__Output as _ledger_HealthCheckResponse__Output } from './ledger/HealthCheckResponse';
import type { HistoryPage as _ledger_HistoryPage, HistoryPage__Output as _ledger_HistoryPage__Output } from './ledger/HistoryPage';
import type { ImmutableLedgerClient as _ledger_ImmutableLedgerClient, ImmutableLedgerDefinition as _ledger_ImmutableLedgerDefinition } from './ledger/ImmutableLedger';
import type { InclusionProof as _ledger_InclusionProof, InclusionProof__Output as _ledger_InclusionProof__Output } from './ledger/InclusionProof';
import type { KeyWrite as _ledger_KeyWrite, KeyWrite__Output as _ledger_KeyWrite__Output } from './ledger/KeyWrite';
import type { LedgerDigest as _ledger_LedgerDigest, LedgerDigest__Output as _ledger_LedgerDigest__Output } from './ledger/LedgerDigest';
import type { Revision as _ledger_Revision, Revision__Output as _ledger_Revision__Output } from './ledger/Revision';
import type { SealedEvent as _ledger_SealedEvent, SealedEvent__Output as _ledger_SealedEvent__Output } from './ledger/SealedEvent';
import type { StreamControl as _ledger_StreamControl, StreamControl__Output as _ledger_StreamControl__Output } from './ledger/StreamControl';
import type { StreamEventsRequest as _ledger_StreamEventsRequest, StreamEventsRequest__Output as _ledger_StreamEventsRequest__Output } from './ledger/StreamEventsRequest';
import type { StreamItem as _ledger_StreamItem, StreamItem__Output as _ledger_StreamItem__Output } from './ledger/StreamItem';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  ledger: {
    CertifiedEvent: MessageTypeDefinition<_ledger_CertifiedEvent, _ledger_CertifiedEvent__Output>
    ConsistencyProof: MessageTypeDefinition<_ledger_ConsistencyProof, _ledger_ConsistencyProof__Output>
    GetConsistencyProofRequest: MessageTypeDefinition<_ledger_GetConsistencyProofRequest, _ledger_GetConsistencyProofRequest__Output>
    GetDigestRequest: MessageTypeDefinition<_ledger_GetDigestRequest, _ledger_GetDigestRequest__Output>
    GetEventByIdRequest: MessageTypeDefinition<_ledger_GetEventByIdRequest, _ledger_GetEventByIdRequest__Output>
    GetEventRequest: MessageTypeDefinition<_ledger_GetEventRequest, _ledger_GetEventRequest__Output>
    GetHistoryRequest: MessageTypeDefinition<_ledger_GetHistoryRequest, _ledger_GetHistoryRequest__Output>
    GetInclusionProofRequest: MessageTypeDefinition<_ledger_GetInclusionProofRequest, _ledger_GetInclusionProofRequest__Output>
    HealthCheckRequest: MessageTypeDefinition<_ledger_HealthCheckRequest, _ledger_HealthCheckRequest__Output>
    HealthCheckResponse: MessageTypeDefinition<_ledger_HealthCheckResponse, _ledger_HealthCheckResponse__Output>
    HistoryPage: MessageTypeDefinition<_ledger_HistoryPage, _ledger_HistoryPage__Output>
    ImmutableLedger: SubtypeConstructor<typeof grpc.Client, _ledger_ImmutableLedgerClient> & { service: _ledger_ImmutableLedgerDefinition }
    InclusionProof: MessageTypeDefinition<_ledger_InclusionProof, _ledger_InclusionProof__Output>
    KeyWrite: MessageTypeDefinition<_ledger_KeyWrite, _ledger_KeyWrite__Output>
    LedgerDigest: MessageTypeDefinition<_ledger_LedgerDigest, _ledger_LedgerDigest__Output>
    Revision: MessageTypeDefinition<_ledger_Revision, _ledger_Revision__Output>
    SealedEvent: MessageTypeDefinition<_ledger_SealedEvent, _ledger_SealedEvent__Output>
    StreamControl: MessageTypeDefinition<_ledger_StreamControl, _ledger_StreamControl__Output>
    StreamEventsRequest: MessageTypeDefinition<_ledger_StreamEventsRequest, _ledger_StreamEventsRequest__Output>
    StreamItem: MessageTypeDefinition<_ledger_StreamItem, _ledger_StreamItem__Output>
  }
}

