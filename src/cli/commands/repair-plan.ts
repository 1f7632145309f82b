import { resolve } from "node:path";
import { err, ok, type Result } from "neverthrow";
import { flag, type ParsedArgs, stringOption } from "../args.js";
import { DEFAULT_STALE_AFTER_MS } from "../audit/audit-options.js";
import { type CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { parseDuration } from "../duration.js";
import { checkOutputPath } from "../file-safety.js";
import { type CommandOutput, output } from "../outcome.js";
import { formatPlan } from "../output/format-plan.js";
import { planRepairs } from "../repair/build-plan.js";
import { expectedResult } from "../repair/expected-result.js";
import { fileFingerprint } from "../repair/fingerprint.js";
import { defaultMergePolicy, type MergePolicy } from "../repair/merge-policy.js";
import type { FileFingerprint } from "../repair/plan-types.js";
import { openSource } from "../source/open-source.js";
import { readSourceSpec } from "../source/source-options.js";
import { writeJsonFile } from "../write-json.js";

const choice = <T extends string>(
  args: ParsedArgs,
  name: string,
  allowed: readonly T[],
  fallback: T,
): Result<T, CliError> => {
  const value = stringOption(args, name);
  if (value === undefined) return ok(fallback);
  return (allowed as readonly string[]).includes(value)
    ? ok(value as T)
    : err(usageError(`repair: --${name} must be ${allowed.join(" or ")}, got '${value}'`));
};

/** Runs `run-records repair --plan`: reads the source, writes the plan, changes nothing. */
export const runRepairPlan = async (
  args: ParsedArgs,
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const planPath = stringOption(args, "plan") as string;
  const staleText = stringOption(args, "stale-after");
  const staleAfterMs =
    staleText === undefined ? ok(DEFAULT_STALE_AFTER_MS) : parseDuration(staleText, "stale-after");
  if (staleAfterMs.isErr()) return err(staleAfterMs.error);
  const survivor = choice(args, "survivor", ["earliest", "latest"], defaultMergePolicy.survivor);
  if (survivor.isErr()) return err(survivor.error);
  const metrics = choice(args, "metrics", ["max", "sum"], defaultMergePolicy.metrics);
  if (metrics.isErr()) return err(metrics.error);
  const mismatch = choice(args, "mismatch-policy", ["client-field", "manual"], "client-field");
  if (mismatch.isErr()) return err(mismatch.error);
  const spec = await readSourceSpec(args, "repair");
  if (spec.isErr()) return err(spec.error);
  if (spec.value === undefined) return ok(output("", false));
  const inputs =
    spec.value.source.kind === "file"
      ? spec.value.source.paths.map((path) => ({ path, role: "input export" }))
      : [];
  const overwrite = flag(args, "overwrite");
  const free = await checkOutputPath(planPath, "--plan", inputs, overwrite);
  if (free.isErr()) return err(free.error);
  if (spec.value.source.kind === "file" && spec.value.source.paths.includes("-")) {
    return err(
      usageError("repair: --file - (stdin) is for audit; a plan needs the export as a file"),
    );
  }
  const files: FileFingerprint[] = [];
  if (spec.value.source.kind === "file") {
    for (const path of spec.value.source.paths) {
      const print = await fileFingerprint(path);
      if (print.isErr()) return err(print.error);
      files.push({ ...print.value, path: resolve(path) });
    }
  }
  const opened = await openSource(spec.value, context);
  if (opened.isErr()) return err(opened.error);
  const policy: MergePolicy = { survivor: survivor.value, metrics: metrics.value };
  const made = planRepairs(opened.value.tables, {
    mapping: spec.value.mapping,
    now: context.now(),
    staleAfterMs: staleAfterMs.value,
    mismatchPolicy: mismatch.value,
    policy,
    // Absolute paths, so the plan can be applied from any working directory.
    source:
      spec.value.source.kind === "file"
        ? { ...spec.value.source, paths: spec.value.source.paths.map((p) => resolve(p)) }
        : spec.value.source,
    ...(spec.value.source.kind === "file" ? { files } : {}),
  });
  // For files, also what the tables become: applying to the repaired export is then recognised.
  const result =
    spec.value.source.kind === "file"
      ? await expectedResult(made, opened.value.tables, context.now)
      : undefined;
  const plan =
    result === undefined ? made : { ...made, fingerprint: { ...made.fingerprint, result } };
  const written = await writeJsonFile(planPath, plan, !overwrite);
  if (written.isErr()) return err(written.error);
  const text = flag(args, "json") ? JSON.stringify(plan, null, 2) : formatPlan(plan, planPath);
  return ok(output(text));
};
