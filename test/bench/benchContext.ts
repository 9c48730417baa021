// What every section of the bench shares: the options, a run id (event ids are unique per run, the
// ledger persists across runs), the network layout, the gateway client and the watched processes.
import type { LedgerClient } from '@gateway/client/ledgerClient';
import type { MemberConnection } from '@gateway/client/memberConnection';
import type { NetworkLayout } from '@gateway/fabric/networkLayout';
import type { BenchOptions } from './benchOptions';
import type { WatchedProcess } from './processSampler';

export interface BenchContext {
  readonly options: BenchOptions;
  /** Prefix of every event id, account id and etcd key this run writes. */
  readonly runId: string;
  readonly layout: NetworkLayout;
  /** The gateway under test and how to reach it: address, TLS (the secure default) or plaintext, files. */
  readonly gateway: MemberConnection;
  /** Client of the gateway under test, as --org/--user. */
  readonly ledger: LedgerClient;
  /** The network's processes and the bench itself, plus whatever sections add with `watch`. */
  readonly processes: () => readonly WatchedProcess[];
  /** Adds processes (etcd members, extra gateways) to the sampling; returns a function removing them. */
  readonly watch: (extra: readonly WatchedProcess[]) => () => void;
  /** Progress line on stderr. */
  readonly log: (message: string) => void;
}
