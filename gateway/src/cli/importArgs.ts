/**
 * The command-line pieces the import commands (`qldb import`, `fabric import`) share: positional
 * arguments and `--name value` options collected in one pass, the org, the user, the batching numbers.
 * Pure: a mistake is an {@link ImportUsageError} naming the option.
 */
import { defaultOrg, networkLayout, peerOrgNames, type PeerOrg } from '../fabric/networkLayout';

/** A command line that cannot be run (exit status 2). */
export class ImportUsageError extends Error {}

/** Positionals, option values (every occurrence, in order) and the --progress flag. */
export interface CollectedArgs {
  readonly positionals: string[];
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly progress: boolean;
}

/**
 * Collects arguments.
 *
 * @param argv - the arguments after the command.
 * @param valueOptions - options that take a value.
 * @throws ImportUsageError for an unknown option or one without its value.
 */
export function collectArgs(argv: readonly string[], valueOptions: ReadonlySet<string>): CollectedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string[]>();
  let progress = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--progress') {
      progress = true;
    } else if (valueOptions.has(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new ImportUsageError(`${arg} needs a value`);
      values.set(arg, [...(values.get(arg) ?? []), value]);
    } else if (arg.startsWith('--')) {
      throw new ImportUsageError(`unknown option ${arg}`);
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, values, progress };
}

/** The last value of an option, if given. */
export function lastValue(args: CollectedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}

/**
 * An integer option within bounds, or its default.
 *
 * @throws ImportUsageError naming the option.
 */
export function integerOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ImportUsageError(`${name}: got ${value}, want an integer from ${min} to ${max}`);
  }
  return n;
}

/** Who imports and how: --org, --user, --batch, --in-flight, --checkpoint, --progress. */
export interface ImportRunArgs {
  readonly org: PeerOrg;
  readonly user: string;
  readonly checkpoint?: string;
  readonly batch: number;
  readonly inFlight: number;
  readonly progress: boolean;
}

/** The options {@link importRunArgs} reads. */
export const IMPORT_RUN_OPTIONS = ['--org', '--user', '--checkpoint', '--batch', '--in-flight'] as const;

/**
 * Reads the options every import takes (defaults: LEDGER_ORG or the first founding org, admin1 or LEDGER_USER, batch
 * 200, 4 in flight).
 *
 * @throws ImportUsageError naming the option.
 */
export function importRunArgs(args: CollectedArgs, env: NodeJS.ProcessEnv): ImportRunArgs {
  const org = lastValue(args, '--org') ?? env.LEDGER_ORG ?? defaultOrg(networkLayout(env));
  const orgs = peerOrgNames(env);
  if (!orgs.includes(org)) throw new ImportUsageError(`--org: got ${org}, want one of ${orgs.join(', ')}`);
  const checkpoint = lastValue(args, '--checkpoint');
  return {
    org,
    user: lastValue(args, '--user') ?? env.LEDGER_USER ?? 'admin1',
    ...(checkpoint === undefined ? {} : { checkpoint }),
    batch: integerOption(lastValue(args, '--batch'), '--batch', 1, 500, 200),
    inFlight: integerOption(lastValue(args, '--in-flight'), '--in-flight', 1, 16, 4),
    progress: args.progress,
  };
}
