import { err, ok, type Result } from "neverthrow";
import { flag, type ParsedArgs, stringOption } from "../args.js";
import type { ExportRow } from "../audit/export-rows.js";
import { type CliError, inputError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { checkOutputPath } from "../file-safety.js";
import { loadMapping } from "../load-mapping.js";
import { type CommandOutput, output } from "../outcome.js";
import { formatApply } from "../output/format-plan.js";
import { applyPlan } from "../repair/apply-plan.js";
import { saveBackupFile } from "../repair/backup-file.js";
import { checkChangedExport, checkPlanSource } from "../repair/check-plan-source.js";
import { openRepairTarget } from "../repair/open-target.js";
import { readBackupFile, readPlanFile } from "../repair/read-plan.js";
import { resolvePlan } from "../repair/resolve-plan.js";
import { restoreBackup } from "../repair/restore-backup.js";
import { readSourceSpec } from "../source/source-options.js";

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
  const dryRun = flag(args, "dry-run");
  const force = flag(args, "force");
  // The plan's own mapping, unless the mapping flags are given: then they must equal it.
  const mappingGiven = ["mapping", "table-jobs", "table-client-runs"].some(
    (name) => stringOption(args, name) !== undefined,
  );
  const flagged = mappingGiven
    ? await loadMapping(stringOption(args, "mapping"), {
        jobs: stringOption(args, "table-jobs"),
        clientRuns: stringOption(args, "table-client-runs"),
      })
    : ok(plan.value.mapping);
  if (flagged.isErr()) return err(flagged.error);
  const spec = { source: override.value?.source ?? plan.value.source, mapping: flagged.value };
  const checked = force
    ? ok({ changedFiles: [] })
    : await checkPlanSource(plan.value, spec, mappingGiven);
  if (checked.isErr()) return err(checked.error);
  const explicitBackup = stringOption(args, "backup");
  const protect = [{ path: planPath, role: "plan" }];
  if (explicitBackup !== undefined) {
    const inputs =
      spec.source.kind === "file"
        ? [...protect, ...spec.source.paths.map((path) => ({ path, role: "input export" }))]
        : protect;
    const free = await checkOutputPath(explicitBackup, "--backup", inputs, false);
    if (free.isErr()) return err(free.error);
  }
  const target = await openRepairTarget(
    spec,
    { path: stringOption(args, "output"), overwrite: flag(args, "overwrite"), protect },
    context,
  );
  if (target.isErr()) return err(target.error);
  const { csvTable } = target.value;
  const elsewhere = plan.value.actions.find((a) => csvTable !== undefined && a.table !== csvTable);
  if (elsewhere !== undefined) {
    return err(
      inputError(
        `the plan changes ${elsewhere.table} records, which a CSV of ${csvTable} cannot hold; give that table's export too (another --file); nothing was written`,
      ),
    );
  }
  const { changedFiles } = checked.value;
  if (changedFiles.length > 0) {
    const current = new Map<string, readonly ExportRow[]>();
    for (const table of Object.keys(plan.value.fingerprint.tables)) {
      const rows = await target.value.gateway.list(table);
      if (rows.isErr()) return err(rows.error);
      current.set(table, rows.value.rows);
    }
    const conflict = resolvePlan(plan.value.actions, current, plan.value.mapping).find(
      (s) => s.state === "conflict",
    );
    const named =
      conflict === undefined
        ? undefined
        : `${conflict.action.table} record ${"recordId" in conflict.action ? conflict.action.recordId : conflict.action.runId}: ${conflict.reason}`;
    const known = checkChangedExport(plan.value, current, changedFiles, named);
    if (known.isErr()) return err(known.error);
  }
  let backupWritten: string | undefined;
  const report = await applyPlan(plan.value, target.value.gateway, {
    now: context.now,
    dryRun,
    force,
    saveBackup: async (backup) => {
      // Timestamped and created exclusively: a later apply never overwrites an earlier backup.
      const saved = await saveBackupFile(backup, planPath, context.now(), explicitBackup);
      if (saved.isOk()) backupWritten = saved.value;
      return saved.map(() => undefined);
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
  const target = await openRepairTarget(
    spec.value,
    {
      path: stringOption(args, "output"),
      overwrite: flag(args, "overwrite"),
      protect: [{ path: backupPath, role: "backup" }],
    },
    context,
  );
  if (target.isErr()) return err(target.error);
  const dryRun = flag(args, "dry-run");
  const report = await restoreBackup(backup.value, target.value.gateway, {
    mapping: spec.value.mapping,
    dryRun,
    force: flag(args, "force"),
  });
  if (report.isErr()) return err(report.error);
  const written = dryRun ? ok(undefined) : await target.value.finish();
  if (written.isErr()) return err(written.error);
  const { updated, recreated, removed } = report.value;
  const where = written.value === undefined ? "" : ` into ${written.value}`;
  const text = flag(args, "json")
    ? JSON.stringify({ ...report.value, output: written.value }, null, 2)
    : `${dryRun ? "Would restore" : "Restored"} ${updated} records, put back ${recreated} deleted records and removed ${removed} created records${where}.${
        report.value.conflicts.length > 0
          ? ` Forced over ${report.value.conflicts.length} changes made after the apply.`
          : ""
      }`;
  return ok(output(text));
};
