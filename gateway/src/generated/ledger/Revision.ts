// Original file: proto/ledger.proto

import type { SealedEvent as _ledger_SealedEvent, SealedEvent__Output as _ledger_SealedEvent__Output } from '../ledger/SealedEvent';
import type { KeyWrite as _ledger_KeyWrite, KeyWrite__Output as _ledger_KeyWrite__Output } from '../ledger/KeyWrite';
import type { InclusionProof as _ledger_InclusionProof, InclusionProof__Output as _ledger_InclusionProof__Output } from '../ledger/InclusionProof';

export interface Revision {
  'seal'?: (_ledger_SealedEvent | null);
  'write'?: (_ledger_KeyWrite | null);
  'value'?: (Buffer | Uint8Array | string);
  'inclusionProof'?: (_ledger_InclusionProof | null);
}

export interface Revision__Output {
  'seal': (_ledger_SealedEvent__Output | null);
  'write': (_ledger_KeyWrite__Output | null);
  'value': (Buffer);
  'inclusionProof': (_ledger_InclusionProof__Output | null);
}
