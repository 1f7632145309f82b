import { ok } from "neverthrow";
import type { ExportRow, RunTables } from "../audit/export-rows.js";
import { applyPlan } from "./apply-plan.js";
import { tableFingerprint } from "./fingerprint.js";
import { createMemoryGateway } from "./memory-gateway.js";
import type { RepairPlan, TableFingerprint } from "./plan-types.js";

/**
 * The fingerprint of the tables once `plan` is applied to them (in memory), so a later apply can
 * recognise an export the plan was already applied to.
 */
export const expectedResult = async (
  plan: RepairPlan,
  tables: RunTables,
  now: () => number,
): Promise<Record<string, TableFingerprint> | undefined> => {
  const { jobs, clientRuns } = plan.mapping.tables;
  const gateway = createMemoryGateway(
    new Map<string, readonly ExportRow[]>([
      [jobs, tables.jobs.rows],
      [clientRuns, tables.clientRuns.rows],
    ]),
    now,
  );
  const applied = await applyPlan(plan, gateway, {
    now,
    saveBackup: async () => ok(undefined),
  });
  if (applied.isErr()) return undefined;
  return {
    [jobs]: tableFingerprint(gateway.tables.get(jobs) ?? []),
    [clientRuns]: tableFingerprint(gateway.tables.get(clientRuns) ?? []),
  };
};
