// Original file: proto/ledger.proto

import type { SealedEvent as _ledger_SealedEvent, SealedEvent__Output as _ledger_SealedEvent__Output } from '../ledger/SealedEvent';
import type { StreamControl as _ledger_StreamControl, StreamControl__Output as _ledger_StreamControl__Output } from '../ledger/StreamControl';
import type { InclusionProof as _ledger_InclusionProof, InclusionProof__Output as _ledger_InclusionProof__Output } from '../ledger/InclusionProof';

export interface StreamItem {
  'seal'?: (_ledger_SealedEvent | null);
  'control'?: (_ledger_StreamControl | null);
  'proof'?: (_ledger_InclusionProof | null);
  'item'?: "seal"|"control";
}

export interface StreamItem__Output {
  'seal'?: (_ledger_SealedEvent__Output | null);
  'control'?: (_ledger_StreamControl__Output | null);
  'proof': (_ledger_InclusionProof__Output | null);
  'item'?: "seal"|"control";
}
