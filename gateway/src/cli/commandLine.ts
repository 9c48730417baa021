/**
 * The one command-line framework of the `ledger` commands: commander, set up so that each command's
 * `--help` is generated from the same option and argument definitions that parse it, `--help` exits 0,
 * and a usage error (an unknown flag, a missing value or argument) exits 2 with commander's message,
 * which names the flag or argument.
 *
 * Loads nothing but commander: parsing and `--help` stay fast; a command loads the gRPC and Fabric
 * libraries in its action.
 */
import { Command, CommanderError, Option } from 'commander';

export { Command, CommanderError, Option };

/** A usage error a command finds after parsing (exit status 2, printed after "usage: "). */
export class UsageError extends Error {}

/** Exit status of a usage error. */
export const USAGE_EXIT = 2;

/**
 * A program (or subcommand) configured the ledger way: errors are thrown instead of exiting, so
 * {@link runProgram} chooses the exit status; subcommands made with `.command()` inherit this.
 *
 * @param name - the command's name as typed, e.g. `ledger gov`.
 * @param description - one paragraph shown at the top of `--help`.
 */
export function newProgram(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .helpOption('-h, --help', 'print this help and exit 0')
    .showHelpAfterError('(see --help)')
    .configureHelp({ helpWidth: 110, showGlobalOptions: true });
}

/**
 * `text` as one paragraph (its line breaks become spaces), for commander to wrap to the terminal.
 *
 * @returns the text on one line.
 */
export function paragraph(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Adds the repeatable option `flags` (each use appends a value; absent → undefined).
 *
 * @returns the same command.
 */
export function repeatable(command: Command, flags: string, description: string): Command {
  return command.option(flags, description, (value: string, previous: string[] | undefined) => [
    ...(previous ?? []),
    value,
  ]);
}

/**
 * The exit status of a commander outcome: 0 for `--help` (and a version), 2 for every usage error,
 * including help shown because a command was missing.
 */
export function commanderExitCode(err: CommanderError): number {
  return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : USAGE_EXIT;
}

/**
 * Parses `argv` (the arguments after the command's own name) and runs the chosen action; sets
 * `process.exitCode` (commander's errors are already printed on stderr).
 *
 * @param report - prints an error an action threw; returns its exit status.
 */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  report: (err: unknown) => number | Promise<number>,
): Promise<void> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    process.exitCode = err instanceof CommanderError ? commanderExitCode(err) : await report(err);
  }
}

/**
 * Parses `argv` with the program `build` makes and returns the exit status: the one an action chose
 * through the `exit` callback it was given (0 when none did), or commander's for help and usage errors.
 * An error an action throws is thrown on.
 *
 * @param build - makes the program, its actions reporting their status through `exit`.
 */
export async function programStatus(
  build: (exit: (status: number) => void) => Command,
  argv: readonly string[],
): Promise<number> {
  let status = 0;
  const program = build((chosen) => {
    status = chosen;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExitCode(err);
    throw err;
  }
}

/**
 * A flag's value by its name as typed (`org-ca`), for code that reads flags by name.
 *
 * @returns a function giving a string option's value, undefined when it was not given.
 */
export function flagReader(command: Command): (name: string) => string | undefined {
  return (name) => {
    const value: unknown = command.getOptionValue(camelCase(name));
    return typeof value === 'string' ? value : undefined;
  };
}

/**
 * Whether a flag was given, by its name as typed.
 *
 * @returns a function telling whether the option has a value.
 */
export function flagPresence(command: Command): (name: string) => boolean {
  return (name) => command.getOptionValue(camelCase(name)) !== undefined;
}

/** `page-size` → `pageSize`, the key commander stores an option's value under. */
function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

/**
 * The messages of an error's `details` when it is fabric-gateway's array of per-peer details; none for
 * anything else (a gRPC `ServiceError`'s `details` is a string its message already carries).
 *
 * @param err - what a command caught.
 * @returns one message per detail.
 */
export function errorDetailMessages(err: unknown): string[] {
  const details = (err as { details?: unknown } | null | undefined)?.details;
  if (!Array.isArray(details)) return [];
  return details.map((d: unknown) => {
    const message = (d as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : '';
  });
}
