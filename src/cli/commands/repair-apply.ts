import { err, ok, type Result } from "neverthrow";
import { flag, type ParsedArgs, stringOption } from "../args.js";
import type { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { type CommandOutput, output } from "../outcome.js";
import { formatApply } from "../output/format-plan.js";
import { applyPlan } from "../repair/apply-plan.js";
import { openRepairTarget } from "../repair/open-target.js";
import { readBackupFile, readPlanFile } from "../repair/read-plan.js";
import { restoreBackup } from "../repair/restore-backup.js";
import { readSourceSpec } from "../source/source-options.js";
import { writeJsonFile } from "../write-json.js";

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 15);

/** Runs `run-records repair --apply` (and `--dry-run`). */
export const runRepairApply = async (
  args: ParsedArgs,
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const planPath = stringOption(args, "apply") as string;
  const plan = await readPlanFile(planPath);
  if (plan.isErr()) return err(plan.error);
  const override = await readSourceSpec(args, "repair", false);
  if (override.isErr()) return err(override.error);
  const spec = override.value ?? { source: plan.value.source, mapping: plan.value.mapping };
  const dryRun = flag(args, "dry-run");
  const target = await openRepairTarget(spec, stringOption(args, "output"), context);
  if (target.isErr()) return err(target.error);
  // The timestamp keeps every backup: a second apply never overwrites the first one's backup.
  const backupPath =
    stringOption(args, "backup") ??
    `${planPath.replace(/\.json$/, "")}.backup-${stamp(context.now())}.json`;
  let backupWritten: string | undefined;
  const report = await applyPlan(plan.value, target.value.gateway, {
    now: context.now,
    dryRun,
    saveBackup: async (backup) => {
      const saved = await writeJsonFile(backupPath, backup, true);
      if (saved.isOk()) backupWritten = backupPath;
      return saved;
    },
  });
  if (report.isErr()) return err(report.error);
  const written = dryRun ? ok(undefined) : await target.value.finish();
  if (written.isErr()) return err(written.error);
  const allOk = report.value.conflicts.length === 0;
  const text = flag(args, "json")
    ? JSON.stringify({ ...report.value, backupPath: backupWritten, output: written.value }, null, 2)
    : formatApply(report.value, written.value, backupWritten);
  return ok(output(text, allOk));
};

/** Runs `run-records repair --restore`: puts a backup back. */
export const runRepairRestore = async (
  args: ParsedArgs,
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const backupPath = stringOption(args, "restore") as string;
  const backup = await readBackupFile(backupPath);
  if (backup.isErr()) return err(backup.error);
  const spec = await readSourceSpec(args, "repair --restore");
  if (spec.isErr()) return err(spec.error);
  if (spec.value === undefined) return ok(output("", false));
  const target = await openRepairTarget(spec.value, stringOption(args, "output"), context);
  if (target.isErr()) return err(target.error);
  const report = await restoreBackup(backup.value, target.value.gateway, spec.value.mapping);
  if (report.isErr()) return err(report.error);
  const written = await target.value.finish();
  if (written.isErr()) return err(written.error);
  const { updated, recreated, removed } = report.value;
  const where = written.value === undefined ? "" : ` into ${written.value}`;
  const text = flag(args, "json")
    ? JSON.stringify({ ...report.value, output: written.value }, null, 2)
    : `Restored ${updated} records, put back ${recreated} deleted records and removed ${removed} created records${where}.`;
  return ok(output(text));
};
