import { err, ok, type Result } from "neverthrow";
import { type CliError, usageError } from "./cli-error.js";
import { runAudit } from "./commands/audit.js";
import { runGenerate } from "./commands/generate.js";
import { runMigrate } from "./commands/migrate.js";
import { runNormalize } from "./commands/normalize.js";
import { runParse } from "./commands/parse.js";
import { runRepair } from "./commands/repair.js";
import type { CliContext } from "./context.js";
import { type CommandOutput, output } from "./outcome.js";

/** Help text of `run-records` itself. */
export const mainHelp = `Usage: run-records <command> [options]

Commands:
  parse <id...>        explain run IDs: kind, base, client, timestamp, repairs
  normalize <id...>    print canonical run IDs (--client to attach or check a client)
  generate             mint new base run IDs
  audit                find damage in run tables (an export file or a live base)
  repair               plan (--plan) and carry out (--apply) fixes for what audit finds
  migrate              create or upgrade a PostgreSQL store's schema (--print: the SQL)

Run 'run-records <command> --help' for a command's options.

Every command:
  --now <iso>   fix the clock (e.g. 2025-10-08T12:00:00Z) for stale checks,
                generate and backup names; RUN_RECORDS_NOW=<iso> does the same
  -             in place of IDs (parse, normalize: one ID a line) or as
                audit --file -: read standard input
Exit codes: 0 all fine, 1 invalid input or findings or a failure, 2 usage error.`;

/**
 * Runs one command line (without `node` and the script path) and returns what to print.
 * @returns the output, or the error whose `type` decides the exit code
 */
export const runCli = async (
  argv: readonly string[],
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const [command, ...rest] = argv;
  switch (command) {
    case "parse":
      return runParse(rest, context);
    case "normalize":
      return runNormalize(rest, context);
    case "generate":
      return runGenerate(rest, context);
    case "audit":
      return runAudit(rest, context);
    case "repair":
      return runRepair(rest, context);
    case "migrate":
      return runMigrate(rest);
    case undefined:
      return err(usageError("give a command; run 'run-records --help' for the list"));
    case "help":
    case "--help":
    case "-h":
      return ok(output(mainHelp));
    default:
      return err(usageError(`unknown command '${command}'; run 'run-records --help' for the list`));
  }
};

/** The clock option split off a command line: `--now <iso>` / `--now=<iso>`. */
export interface ClockArgs {
  readonly argv: readonly string[];
  /** The fixed clock in epoch ms, when `--now` was given. */
  readonly nowMs?: number;
}

const parseInstant = (text: string): Result<number, CliError> => {
  const ms = Date.parse(text);
  return Number.isNaN(ms)
    ? err(usageError(`--now must be an ISO-8601 instant like 2025-10-07T08:00:00Z, got '${text}'`))
    : ok(ms);
};

/**
 * Removes the hidden `--now` option (a fixed clock for tests and replays) from a command line,
 * falling back to the `RUN_RECORDS_NOW` environment variable.
 */
export const extractClock = (
  argv: readonly string[],
  envNow: string | undefined,
): Result<ClockArgs, CliError> => {
  const rest: string[] = [];
  let nowText = envNow;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === "--now") {
      nowText = argv[i + 1];
      if (nowText === undefined) return err(usageError("--now needs an ISO-8601 instant"));
      i += 1;
    } else if (arg.startsWith("--now=")) {
      nowText = arg.slice("--now=".length);
    } else {
      rest.push(arg);
    }
  }
  if (nowText === undefined || nowText === "") return ok({ argv: rest });
  return parseInstant(nowText).map((nowMs) => ({ argv: rest, nowMs }));
};
