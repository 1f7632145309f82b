import { err, ok, type Result } from "neverthrow";
import { flag, type ParsedArgs, parseCommandArgs, stringOption } from "../args.js";
import { type CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { type CommandOutput, output } from "../outcome.js";
import { sourceHelp, sourceOptionSpec } from "../source/source-options.js";
import { runRepairApply, runRepairRestore } from "./repair-apply.js";
import { runRepairPlan } from "./repair-plan.js";

/** Help text of `run-records repair`. */
export const repairHelp = `Usage:
  run-records repair --plan <plan.json> (--file <path>... | --airtable --base <id>) [options]
  run-records repair --apply <plan.json> [--dry-run] [--output <path>] [--backup <path>]
  run-records repair --restore <backup.json> [--dry-run] (--file <path> --output <path> |
                     --airtable --base <id>)

--plan writes a repair plan and changes nothing:
  - duplicates (same Run ID, or same run and Client ID) merge into the earliest
    record: its empty fields are filled from the others, progress logs are
    concatenated in time order, each metric takes the maximum (--metrics sum to
    add), notes keep every line and name the merged records; the others are deleted
  - double suffixes collapse; '.0', ':' and spaces are repaired; a missing client
    suffix is added from the Client ID field
  - a missing or placeholder Run ID is filled only when the record's own data
    names exactly one run (its notes or log, or its own leading timestamp);
    a timestamp is never invented
  - a Run ID naming another client than the Client ID field is rewritten to the
    Client ID field (--mismatch-policy manual leaves it for a person)
  - a missing Client ID is taken from the Run ID; status case is fixed
  - runs Running longer than --stale-after are marked with the stale status
  - a job missing for its client runs is created from them
  - legacy IDs are kept and noted as reviewed
  What cannot be derived is listed as unresolved.
--apply carries a plan out against its source (or --file / --airtable). The
  plan is checked in full first, and it must match what it was made from (the
  export's bytes or tables, the mapping, every record it touches): otherwise
  nothing is written and the first difference is named (--force skips changed
  records). Then a backup of every record it will touch, then the writes.
  Export files are never overwritten: the result goes to --output (default
  <input>.repaired.json). Applying a plan again changes nothing.
--restore undoes exactly what the apply changed: fields back, deleted duplicates
  back, created jobs deleted; a record changed after the apply refuses the
  restore, naming record and field (--force restores over it).

${sourceHelp}
Options:
  --stale-after <duration>        default 2h
  --survivor earliest|latest      which duplicate survives (default earliest)
  --metrics max|sum               how duplicate metrics combine (default max)
  --mismatch-policy client-field|manual   (default client-field)
  --dry-run                       with --apply or --restore: report, write nothing
  --force                         apply past records changed since the plan (they
                                  are skipped), or restore over later edits
  --output <path>                 the repaired (or restored) export file; never
                                  an input, plan or backup, and never an existing
                                  file unless --overwrite
  --overwrite                     replace an existing --output/--plan file
  --backup <path>                 where --apply writes its backup (a new file;
                                  by default <plan>.backup-<UTC time>[-n].json)
  --json                          machine-readable output
  -h, --help                      show this help

Exit code: 0 on success, 1 on failure or conflicts, 2 for usage errors.`;

const modeOf = (args: ParsedArgs): Result<"plan" | "apply" | "restore", CliError> => {
  const modes = (["plan", "apply", "restore"] as const).filter(
    (m) => stringOption(args, m) !== undefined,
  );
  const [mode] = modes;
  if (modes.length !== 1 || mode === undefined) {
    return err(usageError("repair: give exactly one of --plan, --apply or --restore (see --help)"));
  }
  if (flag(args, "dry-run") && mode === "plan") {
    return err(usageError("repair: --dry-run goes with --apply or --restore"));
  }
  return ok(mode);
};

/** Runs `run-records repair`. */
export const runRepair = async (
  args: readonly string[],
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const parsed = parseCommandArgs("repair", args, {
    ...sourceOptionSpec,
    plan: { type: "string" },
    apply: { type: "string" },
    restore: { type: "string" },
    "dry-run": { type: "boolean" },
    output: { type: "string" },
    overwrite: { type: "boolean" },
    force: { type: "boolean" },
    backup: { type: "string" },
    "stale-after": { type: "string" },
    survivor: { type: "string" },
    metrics: { type: "string" },
    "mismatch-policy": { type: "string" },
    json: { type: "boolean" },
  });
  if (parsed.isErr()) return err(parsed.error);
  if (flag(parsed.value, "help")) return ok(output(repairHelp));
  if (parsed.value.positionals.length > 0) {
    return err(usageError(`repair: unexpected argument '${parsed.value.positionals[0]}'`));
  }
  const mode = modeOf(parsed.value);
  if (mode.isErr()) return err(mode.error);
  if (mode.value === "plan") return runRepairPlan(parsed.value, context);
  if (mode.value === "apply") return runRepairApply(parsed.value, context);
  return runRepairRestore(parsed.value, context);
};
