// Original file: proto/ledger.proto


export interface KeyWrite {
  'key'?: (string);
  'valueHash'?: (string);
  'deleted'?: (boolean);
}

export interface KeyWrite__Output {
  'key': (string);
  'valueHash': (string);
  'deleted': (boolean);
}
