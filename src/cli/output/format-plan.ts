import type { ApplyReport } from "../repair/apply-plan.js";
import type { PlanAction, RepairPlan } from "../repair/plan-types.js";

/** One line describing a plan action. */
export const describeAction = (action: PlanAction): string => {
  const why = action.reasons.join(", ");
  if (action.type === "create") return `create ${action.table} ${action.runId} (${why})`;
  if (action.type === "delete") {
    return `delete ${action.table} ${action.recordId}, merged into ${action.mergedInto} (${why})`;
  }
  const changes = Object.entries(action.after)
    .map(
      ([name, value]) =>
        `${name}: ${JSON.stringify(action.before[name] ?? null)} -> ${JSON.stringify(value)}`,
    )
    .join("; ");
  return `update ${action.table} ${action.recordId} (${why}): ${changes.replace(/\n/g, "\\n")}`;
};

/** Renders a plan's summary and actions for people. */
export const formatPlan = (plan: RepairPlan, path: string): string => {
  const n = (type: string): number => plan.actions.filter((a) => a.type === type).length;
  const lines = [
    `Wrote ${path}: ${n("update")} updates, ${n("create")} creates, ${n("delete")} deletes; ${plan.unresolved.length} findings left for a person.`,
    `Nothing is changed until: run-records repair --apply ${path}`,
    "",
    ...plan.actions.map(describeAction),
  ];
  if (plan.unresolved.length > 0) {
    lines.push("", "Unresolved (fix by hand):");
    for (const f of plan.unresolved)
      lines.push(`${f.kind} [${f.table}] ${f.recordIds.join(", ")}: ${f.message}`);
  }
  return lines.join("\n");
};

/** Renders what an apply did (or would do). */
export const formatApply = (
  report: ApplyReport,
  written: string | undefined,
  backup: string | undefined,
): string => {
  const { applied } = report;
  const verb = report.dryRun ? "Would apply" : "Applied";
  const lines = [
    `${verb} ${applied.update} updates, ${applied.create} creates, ${applied.delete} deletes; ${report.done} already done; ${report.conflicts.length} conflicts.`,
  ];
  if (backup !== undefined) lines.push(`Backup of the records touched: ${backup}`);
  if (written !== undefined) lines.push(`Repaired export: ${written}`);
  for (const step of report.steps) {
    if (step.state === "done") continue;
    const tag =
      step.state === "conflict" ? `skipped (${step.reason})` : report.dryRun ? "would" : "done";
    lines.push(`${tag}: ${describeAction(step.action)}`);
  }
  return lines.join("\n");
};
