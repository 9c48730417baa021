// Original file: proto/ledger.proto

import type { Revision as _ledger_Revision, Revision__Output as _ledger_Revision__Output } from '../ledger/Revision';
import type { Long } from '@grpc/proto-loader';

export interface HistoryPage {
  'revisions'?: (_ledger_Revision)[];
  'treeSize'?: (number | string | Long);
  'rootHash'?: (string);
  'nextPageToken'?: (string);
}

export interface HistoryPage__Output {
  'revisions': (_ledger_Revision__Output)[];
  'treeSize': (string);
  'rootHash': (string);
  'nextPageToken': (string);
}
