// Original file: proto/ledger.proto


export interface GetDigestRequest {
}

export interface GetDigestRequest__Output {
}
