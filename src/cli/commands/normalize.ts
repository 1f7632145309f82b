import { err, ok, type Result } from "neverthrow";
import { normalizeRunId } from "../../index.js";
import { flag, parseCommandArgs, stringOption } from "../args.js";
import { type CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { type CommandOutput, output } from "../outcome.js";
import { expandStdin } from "../read-stdin-lines.js";

/** Help text of `run-records normalize`. */
export const normalizeHelp = `Usage: run-records normalize <id...|-> [--client <clientId>] [--json]

Prints the canonical form of each run ID (trimmed, '.0' and ':' repaired, a
doubled client suffix collapsed). With --client a base ID gains that client's
suffix; an ID of another client is an error, never a replacement. Legacy shapes
(SR-, Apify, job_, post_batch_) are reported, never converted.

Options:
  --client <id>  the client the ID must belong to
  --json         one JSON array for machines
  -h, --help     show this help

Exit code: 0 when every ID normalises, 1 when any does not, 2 for usage errors.`;

/** One normalisation: the canonical run ID or the error. */
export type NormalizeResult =
  | { readonly input: string; readonly ok: true; readonly runId: string }
  | {
      readonly input: string;
      readonly ok: false;
      readonly error: { readonly type: string; readonly message: string };
    };

/** Runs `run-records normalize`: one canonical ID per input line; not ok when any fails. */
export const runNormalize = async (
  args: readonly string[],
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const parsed = parseCommandArgs("normalize", args, {
    client: { type: "string" },
    json: { type: "boolean" },
  });
  if (parsed.isErr()) return err(parsed.error);
  if (flag(parsed.value, "help")) return ok(output(normalizeHelp));
  if (parsed.value.positionals.length === 0) {
    return err(usageError("normalize: give at least one run ID (or - to read them from stdin)"));
  }
  const expanded = await expandStdin(parsed.value.positionals, context);
  if (expanded.isErr()) return err(expanded.error);
  const positionals = expanded.value;
  const clientId = stringOption(parsed.value, "client");
  const results: NormalizeResult[] = positionals.map((input) => {
    const result = normalizeRunId(input, clientId === undefined ? undefined : { clientId });
    return result.isOk()
      ? { input, ok: true, runId: result.value }
      : { input, ok: false, error: { type: result.error.type, message: result.error.message } };
  });
  const allOk = results.every((r) => r.ok);
  if (flag(parsed.value, "json")) return ok(output(JSON.stringify(results, null, 2), allOk));
  const lines = results.filter((r) => r.ok).map((r) => (r.ok ? r.runId : ""));
  const errors = results
    .map((r) => (r.ok ? undefined : `${JSON.stringify(r.input)}: ${r.error.message}`))
    .filter((line): line is string => line !== undefined);
  return ok(output(lines.join("\n"), allOk, errors.join("\n") || undefined));
};
