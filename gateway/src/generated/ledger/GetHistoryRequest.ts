// Original file: proto/ledger.proto


export interface GetHistoryRequest {
  'key'?: (string);
  'recordType'?: (string);
  'recordId'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface GetHistoryRequest__Output {
  'key': (string);
  'recordType': (string);
  'recordId': (string);
  'pageSize': (number);
  'pageToken': (string);
}
