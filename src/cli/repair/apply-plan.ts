import { err, ok, type Result } from "neverthrow";
import type { ExportRow } from "../audit/export-rows.js";
import type { CliError } from "../cli-error.js";
import type { TableGateway } from "../source/table-gateway.js";
import { createBackup, type RepairBackup } from "./backup.js";
import type { CreateAction, RepairPlan } from "./plan-types.js";
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
  if (options.dryRun === true || todo.length === 0) return ok(report);
  const touched = new Map<string, ExportRow[]>();
  for (const action of todo) {
    if (action.type === "create") continue;
    const row = current.value.get(action.table)?.find((r) => r.id === action.recordId);
    if (row !== undefined) touched.set(action.table, [...(touched.get(action.table) ?? []), row]);
  }
  const creates = todo.filter((a): a is CreateAction => a.type === "create");
  const backup = createBackup(
    options.now(),
    touched,
    creates.map((c) => ({ table: c.table, runId: c.runId })),
  );
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
