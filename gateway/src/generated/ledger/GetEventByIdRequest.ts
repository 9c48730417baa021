// Original file: proto/ledger.proto


export interface GetEventByIdRequest {
  'eventId'?: (string);
  'submitterMspId'?: (string);
}

export interface GetEventByIdRequest__Output {
  'eventId': (string);
  'submitterMspId': (string);
}
