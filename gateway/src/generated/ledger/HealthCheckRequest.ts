// Original file: proto/ledger.proto


export interface HealthCheckRequest {
}

export interface HealthCheckRequest__Output {
}
