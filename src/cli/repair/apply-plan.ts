import { err, ok, type Result } from "neverthrow";
import type { ExportRow } from "../audit/export-rows.js";
import { type CliError, inputError } from "../cli-error.js";
import type { TableGateway } from "../source/table-gateway.js";
import { type BackupChange, createBackup, type RepairBackup } from "./backup.js";
import type { CreateAction, PlanValue, RepairPlan } from "./plan-types.js";
import { sameValue, toPlanValue } from "./plan-values.js";
import { type CurrentTables, type ResolvedAction, resolvePlan } from "./resolve-plan.js";

/** What applying a plan did (or, in a dry run, would do). */
export interface ApplyReport {
  readonly steps: readonly ResolvedAction[];
  /** Actions written now, by type. */
  readonly applied: { readonly update: number; readonly create: number; readonly delete: number };
  /** Actions whose result was already there. */
  readonly done: number;
  readonly conflicts: readonly ResolvedAction[];
  /** The backup taken before writing; absent when nothing was written. */
  readonly backup?: RepairBackup;
  readonly dryRun: boolean;
}

/** How to apply a plan. */
export interface ApplyOptions {
  readonly now: () => number;
  /** Saves the backup; called before the first write, and a failure stops the apply. */
  readonly saveBackup: (backup: RepairBackup) => Promise<Result<void, CliError>>;
  /** Decide and report only; write nothing. @default false */
  readonly dryRun?: boolean;
  /**
   * Apply what still can when some records changed since the plan, skipping those (conflicts).
   * Without it a single changed record refuses the whole apply before anything is written.
   * @default false
   */
  readonly force?: boolean;
}

const readCurrent = async (
  gateway: TableGateway,
  tables: readonly string[],
): Promise<Result<CurrentTables, CliError>> => {
  const current = new Map<string, readonly ExportRow[]>();
  for (const table of tables) {
    const rows = await gateway.list(table);
    if (rows.isErr()) return err(rows.error);
    current.set(table, rows.value.rows);
  }
  return ok(current);
};

const count = (steps: readonly ResolvedAction[], type: string): number =>
  steps.filter((s) => s.state === "apply" && s.action.type === type).length;

/**
 * Applies a repair plan through a gateway: reads the tables, decides each action against them
 * (already done, to do, or conflict), saves a backup of every record it will touch, then updates,
 * creates and deletes. Applying the same plan again changes nothing.
 */
export const applyPlan = async (
  plan: RepairPlan,
  gateway: TableGateway,
  options: ApplyOptions,
): Promise<Result<ApplyReport, CliError>> => {
  const tables = [...new Set([plan.mapping.tables.jobs, ...plan.actions.map((a) => a.table)])];
  const current = await readCurrent(gateway, tables);
  if (current.isErr()) return err(current.error);
  const steps = resolvePlan(plan.actions, current.value, plan.mapping);
  const todo = steps.filter((s) => s.state === "apply").map((s) => s.action);
  const report = {
    steps,
    applied: {
      update: count(steps, "update"),
      create: count(steps, "create"),
      delete: count(steps, "delete"),
    },
    done: steps.filter((s) => s.state === "done").length,
    conflicts: steps.filter((s) => s.state === "conflict"),
    dryRun: options.dryRun === true,
  };
  const [conflict] = report.conflicts;
  if (conflict !== undefined && options.force !== true) {
    const a = conflict.action;
    const what = a.type === "create" ? `${a.table} ${a.runId}` : `${a.table} record ${a.recordId}`;
    return err(
      inputError(
        `${what}: ${conflict.reason}; nothing was written (${report.conflicts.length} records differ from the plan; plan again, or pass --force to skip them)`,
      ),
    );
  }
  if (options.dryRun === true || todo.length === 0) return ok(report);
  const touched = new Map<string, ExportRow[]>();
  const changes: BackupChange[] = [];
  for (const action of todo) {
    if (action.type === "create") {
      changes.push({
        type: "create",
        table: action.table,
        runId: action.runId,
        fields: action.fields,
      });
      continue;
    }
    const row = current.value.get(action.table)?.find((r) => r.id === action.recordId);
    if (row === undefined) continue;
    touched.set(action.table, [...(touched.get(action.table) ?? []), row]);
    if (action.type === "delete") {
      changes.push({ type: "delete", table: action.table, record: row });
      continue;
    }
    // Only the fields this apply really changes: a restore puts back exactly those.
    const before: Record<string, PlanValue> = {};
    const after: Record<string, PlanValue> = {};
    for (const [name, value] of Object.entries(action.after)) {
      if (sameValue(row.fields[name], value)) continue;
      before[name] = toPlanValue(row.fields[name]);
      after[name] = value;
    }
    changes.push({ type: "update", table: action.table, recordId: action.recordId, before, after });
  }
  const creates = todo.filter((a): a is CreateAction => a.type === "create");
  const backup = createBackup(options.now(), touched, changes);
  const saved = await options.saveBackup(backup);
  if (saved.isErr()) return err(saved.error);
  for (const table of tables) {
    const updates = todo.flatMap((a) =>
      a.type === "update" && a.table === table ? [{ id: a.recordId, fields: a.after }] : [],
    );
    if (updates.length > 0) {
      const done = await gateway.update(table, updates);
      if (done.isErr()) return err(done.error);
    }
  }
  for (const table of tables) {
    const fields = creates.filter((c) => c.table === table).map((c) => c.fields);
    if (fields.length > 0) {
      const done = await gateway.create(table, fields);
      if (done.isErr()) return err(done.error);
    }
  }
  for (const table of tables) {
    const ids = todo.flatMap((a) => (a.type === "delete" && a.table === table ? [a.recordId] : []));
    if (ids.length > 0) {
      const done = await gateway.destroy(table, ids);
      if (done.isErr()) return err(done.error);
    }
  }
  return ok({ ...report, backup });
};
