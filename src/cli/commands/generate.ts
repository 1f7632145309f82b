import { err, ok, type Result } from "neverthrow";
import { createRunIdGenerator } from "../../index.js";
import { flag, integerOption, parseCommandArgs, stringOption } from "../args.js";
import { type CliError, inputError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { type CommandOutput, output } from "../outcome.js";
import { checkTimeZone } from "../time-zone.js";

/** Help text of `run-records generate`. */
export const generateHelp = `Usage: run-records generate [--count <n>] [--time-zone <zone>] [--json]

Mints new base run IDs (YYMMDD-HHMMSS) from the clock, strictly increasing:
several IDs in one second take consecutive seconds. UTC unless --time-zone.

Options:
  --count <n>         how many IDs (default 1, at most 300: the generator never
                      runs more than 300 s ahead of the clock)
  --time-zone <zone>  write the timestamp in this IANA zone instead of UTC
  --json              a JSON array of strings
  -h, --help          show this help

Exit code: 0 on success, 1 when the generator refuses, 2 for usage errors.`;

// The generator runs at most 300 s ahead of the clock; the help text says the same number.
const MAX_COUNT = 300;

/** Runs `run-records generate` with the context's clock. */
export const runGenerate = (
  args: readonly string[],
  context: CliContext,
): Result<CommandOutput, CliError> => {
  const parsed = parseCommandArgs("generate", args, {
    count: { type: "string" },
    "time-zone": { type: "string" },
    json: { type: "boolean" },
  });
  if (parsed.isErr()) return err(parsed.error);
  if (flag(parsed.value, "help")) return ok(output(generateHelp));
  if (parsed.value.positionals.length > 0) {
    return err(usageError(`generate: unexpected argument '${parsed.value.positionals[0]}'`));
  }
  const count = integerOption(parsed.value, "count", 1, "generate");
  if (count.isErr()) return err(count.error);
  if (count.value < 1) return err(usageError("generate: --count must be a positive number"));
  if (count.value > MAX_COUNT) {
    return err(usageError(`generate: --count must be at most ${MAX_COUNT}, got ${count.value}`));
  }
  const zoneName = stringOption(parsed.value, "time-zone");
  const zone = zoneName === undefined ? ok(undefined) : checkTimeZone(zoneName, "generate");
  if (zone.isErr()) return err(zone.error);
  const generator = createRunIdGenerator(
    zone.value === undefined ? { now: context.now } : { now: context.now, timeZone: zone.value },
  );
  const ids: string[] = [];
  for (let i = 0; i < count.value; i += 1) {
    const next = generator.next();
    if (next.isErr()) {
      return err(inputError(`generate: ${next.error.message}; ask for fewer IDs (--count)`));
    }
    ids.push(next.value);
  }
  return ok(output(flag(parsed.value, "json") ? JSON.stringify(ids) : ids.join("\n")));
};
