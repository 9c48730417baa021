// The transaction functions of the ledger chaincode, found by reflection (own PascalCase methods of
// each contract class), for suites that call every function.
import { contracts } from '@chaincode';
import type { LedgerContract } from '@chaincode/contracts/ledgerContract';
import type { LedgerContext } from '@chaincode/ledgerContext';

/** A transaction function as the runtime calls it: context, then string arguments. */
export type TxFunction = (ctx: LedgerContext, ...args: string[]) => Promise<string>;

/** One transaction function. */
export interface ChaincodeFunction {
  readonly contract: LedgerContract;
  /** `Contract:Function`, as a client names it. */
  readonly qualifiedName: string;
  readonly name: string;
  /** Number of string arguments. */
  readonly arity: number;
  readonly fn: TxFunction;
}

/** Every transaction function of every contract of the chaincode. */
export function chaincodeFunctions(): ChaincodeFunction[] {
  return contracts.flatMap((Contract) => {
    const contract = new Contract() as LedgerContract;
    const proto = Object.getPrototypeOf(contract) as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto).flatMap((name) => {
      const fn = proto[name];
      if (!/^[A-Z]/.test(name) || typeof fn !== 'function') return [];
      const tx = fn as TxFunction;
      return [
        { contract, qualifiedName: `${contract.getName()}:${name}`, name, arity: tx.length - 1, fn: tx },
      ];
    });
  });
}
