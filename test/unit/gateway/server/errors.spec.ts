import { Metadata, status } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import { toServiceError } from '@gateway/server/errors';
import { newLogger } from '@gateway/logger';

function capture(): { lines: string[]; logger: ReturnType<typeof newLogger> } {
  const lines: string[] = [];
  return { lines, logger: newLogger({ write: (line) => lines.push(line) }) };
}

function gatewayError(code: status, message: string, detail = ''): GatewayError {
  return new GatewayError({
    code,
    message,
    details: detail === '' ? [] : [{ address: 'peer0', mspId: 'Org1MSP', message: detail }],
    cause: Object.assign(new Error(message), { code, details: message, metadata: new Metadata() }),
  });
}

describe('errors', function () {
  describe('#toServiceError', function () {
    it('passes a LedgerServiceError through with its code and message', function () {
      const { logger } = capture();
      const mapped = toServiceError(new LedgerServiceError(status.NOT_FOUND, 'nope'), logger);
      expect(mapped).to.include({ code: status.NOT_FOUND, details: 'nope' });
    });

    it('maps an unreachable Fabric peer to UNAVAILABLE with a clear message', function () {
      const { logger } = capture();
      const mapped = toServiceError(
        gatewayError(status.UNAVAILABLE, '14 UNAVAILABLE: No connection established'),
        logger,
      );
      expect(mapped.code).to.equal(status.UNAVAILABLE);
      expect(mapped.details).to.match(/^Fabric is unreachable/);
    });

    it('maps a chaincode [CODE] refusal found in the endorsement details', function () {
      const { logger } = capture();
      const err = gatewayError(
        status.ABORTED,
        'failed to endorse',
        'chaincode response 500, [INVALID_ARGUMENT] x: got 1, want 2',
      );
      expect(toServiceError(err, logger)).to.include({
        code: status.INVALID_ARGUMENT,
        details: 'x: got 1, want 2',
      });
    });

    it('maps endorsements Fabric could not collect, without a chaincode refusal, to UNAVAILABLE', function () {
      const { logger } = capture();
      for (const code of [status.ABORTED, status.FAILED_PRECONDITION]) {
        const err = gatewayError(
          code,
          'failed to collect enough transaction endorsements',
          'connection refused',
        );
        const mapped = toServiceError(err, logger);
        expect(mapped.code).to.equal(status.UNAVAILABLE);
        expect(mapped.details).to.match(/^Fabric could not collect endorsements/);
      }
    });

    it('hides an internal error behind a correlation id that is logged with the stack', function () {
      const { lines, logger } = capture();
      const mapped = toServiceError(new Error('secret /etc/passwd detail'), logger, { method: 'GetDigest' });
      expect(mapped.code).to.equal(status.INTERNAL);
      expect(mapped.details).not.to.include('secret');
      const id = /correlation id ([0-9a-f-]{36})/.exec(mapped.details ?? '')?.[1];
      expect(id).to.be.a('string');
      const logged = JSON.parse(lines[0] ?? '{}') as { correlationId?: string; method?: string };
      expect(logged).to.include({ correlationId: id, method: 'GetDigest' });
    });
  });
});
