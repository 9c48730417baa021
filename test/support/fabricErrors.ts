// Reading Fabric client errors in integration tests: the chaincode's "[CODE] text" hides in the
// details of an EndorseError, and the validation code of an invalid transaction in a CommitError.
import { CommitError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { parseLedgerErrorMessage } from '@chaincode/lib/errors';

/** The chaincode error code ("INSUFFICIENT_FUNDS", …) carried by an endorsement error, if any. */
export function chaincodeErrorCode(err: unknown): string | undefined {
  if (!(err instanceof GatewayError)) {
    return undefined;
  }
  const texts = [err.message, ...err.details.map((d) => d.message)];
  for (const t of texts) {
    const code = parseLedgerErrorMessage(t)?.code;
    if (code !== undefined) {
      return code;
    }
  }
  return undefined;
}

/** True when the error is an invalidated commit with the given validation code name. */
export function isCommitFailure(err: unknown, code: number): boolean {
  return err instanceof CommitError && err.code === code;
}

/** True when endorsing peers returned different results (they simulated at different ledger heights). */
export function isEndorsementMismatch(err: unknown): boolean {
  return (
    err instanceof EndorseError &&
    err.details.some((d) => d.message.includes('ProposalResponsePayloads do not match'))
  );
}

export { CommitError, EndorseError };
