import { err, ok, type Result } from "neverthrow";
import { flag, parseCommandArgs, stringOption } from "../args.js";
import { type CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { type CommandOutput, output } from "../outcome.js";
import { expandStdin } from "../read-stdin-lines.js";
import { checkTimeZone } from "../time-zone.js";
import { describeRunId, formatDescription } from "./describe-run-id.js";

/** Help text of `run-records parse`. */
export const parseHelp = `Usage: run-records parse <id...|-> [--time-zone <zone>] [--json]

Explains each run ID: its kind (base, client or legacy), base run ID, client ID,
timestamp in UTC (and in --time-zone), and what lenient parsing repaired - or why
it is not a run ID.

Options:
  --time-zone <zone>  also show the timestamp in this IANA zone (e.g. Europe/London)
  --json              one JSON array for machines
  -h, --help          show this help

Exit code: 0 when every ID parses, 1 when any does not, 2 for usage errors.`;

/** Runs `run-records parse`: describes every argument; not ok when any is invalid. */
export const runParse = async (
  args: readonly string[],
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const parsed = parseCommandArgs("parse", args, {
    "time-zone": { type: "string" },
    json: { type: "boolean" },
  });
  if (parsed.isErr()) return err(parsed.error);
  if (flag(parsed.value, "help")) return ok(output(parseHelp));
  if (parsed.value.positionals.length === 0) {
    return err(usageError("parse: give at least one run ID (or - to read them from stdin)"));
  }
  const expanded = await expandStdin(parsed.value.positionals, context);
  if (expanded.isErr()) return err(expanded.error);
  const positionals = expanded.value;
  const zoneName = stringOption(parsed.value, "time-zone");
  const zone = zoneName === undefined ? ok(undefined) : checkTimeZone(zoneName, "parse");
  if (zone.isErr()) return err(zone.error);
  const descriptions = positionals.map((input) => describeRunId(input, zone.value));
  const allOk = descriptions.every((d) => d.ok);
  const text = flag(parsed.value, "json")
    ? JSON.stringify(descriptions, null, 2)
    : descriptions.map(formatDescription).join("\n\n");
  return ok(output(text, allOk));
};
