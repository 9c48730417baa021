// Original file: proto/ledger.proto


export interface GetEventByIdRequest {
  'eventId'?: (string);
}

export interface GetEventByIdRequest__Output {
  'eventId': (string);
}
