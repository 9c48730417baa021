/**
 * The command-line pieces the import commands (`qldb import`, `fabric import`) share: the commander
 * options of who imports and how (`--org`, `--user`, `--checkpoint`, `--batch`, `--in-flight`,
 * `--progress`), and their reading with defaults and environment fallbacks. A mistake is an
 * {@link ImportUsageError} naming the option.
 */
import { defaultOrg, networkLayout, peerOrgNames, type PeerOrg } from '../fabric/networkLayout';
import { Option, UsageError, type Command } from './commandLine';

/** A command line that cannot be run (exit status 2). */
export class ImportUsageError extends UsageError {}

/** Heading of the shared import flags in `--help`. */
export const IMPORT_RUN_GROUP = 'Who imports, and how:';

/** The values commander parsed for the shared import flags (absent when not given). */
export interface ImportRunFlags {
  readonly org?: string;
  readonly user?: string;
  readonly checkpoint?: string;
  readonly batch?: string;
  readonly inFlight?: string;
  readonly progress?: boolean;
}

/** What an import's help says of its own units and checkpoint. */
export interface ImportRunHelp {
  /** Where the checkpoint is kept by default, e.g. `DIR/import-<org>.checkpoint.json`. */
  readonly checkpointDefault: string;
  /** What one transaction carries, e.g. `revisions`. */
  readonly records: string;
  /** What one in flight keeps in order, e.g. `export order`. */
  readonly order: string;
}

/**
 * Adds the shared import flags to `command`, under their own heading in its help.
 *
 * @returns the same command.
 */
export function addImportRunOptions(command: Command, help: ImportRunHelp): Command {
  const options = [
    new Option(
      '--org <ORG>',
      "the member org that imports (env LEDGER_ORG, default the topology's first founding org)",
    ),
    new Option('--user <NAME>', "the org's user that imports (env LEDGER_USER, default admin1; role admin)"),
    new Option(
      '--checkpoint <FILE>',
      `where progress is kept (default ${help.checkpointDefault}); a run started again resumes after the last committed batch. An id this org already imported is never journaled twice, checkpoint or not`,
    ),
    new Option('--batch <N>', `${help.records} per transaction, 1-500 (default 200)`),
    new Option(
      '--in-flight <N>',
      `transactions in flight, 1-16 (default 4; 1 keeps the journal in ${help.order})`,
    ),
    new Option('--progress', 'draw a progress line on stderr even when it is not a terminal'),
  ];
  for (const option of options) command.addOption(option.helpGroup(IMPORT_RUN_GROUP));
  return command;
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

/**
 * Reads the options every import takes (defaults: LEDGER_ORG or the first founding org, admin1 or
 * LEDGER_USER, batch 200, 4 in flight).
 *
 * @throws ImportUsageError naming the option.
 */
export function importRunArgs(flags: ImportRunFlags, env: NodeJS.ProcessEnv): ImportRunArgs {
  const org = flags.org ?? env.LEDGER_ORG ?? defaultOrg(networkLayout(env));
  const orgs = peerOrgNames(env);
  if (!orgs.includes(org)) throw new ImportUsageError(`--org: got ${org}, want one of ${orgs.join(', ')}`);
  return {
    org,
    user: flags.user ?? env.LEDGER_USER ?? 'admin1',
    ...(flags.checkpoint === undefined ? {} : { checkpoint: flags.checkpoint }),
    batch: integerOption(flags.batch, '--batch', 1, 500, 200),
    inFlight: integerOption(flags.inFlight, '--in-flight', 1, 16, 4),
    progress: flags.progress === true,
  };
}
