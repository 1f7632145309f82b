import { err, ok } from "neverthrow";
import { describe, expect, it } from "vitest";
import { defaultAirtableMapping as mapping } from "../../../src/airtable/mapping.js";
import { auditRecords } from "../../../src/cli/audit/audit-records.js";
import type { ExportRow, RunTables } from "../../../src/cli/audit/export-rows.js";
import { ioError } from "../../../src/cli/cli-error.js";
import { applyPlan } from "../../../src/cli/repair/apply-plan.js";
import type { RepairBackup } from "../../../src/cli/repair/backup.js";
import { planRepairs } from "../../../src/cli/repair/build-plan.js";
import type { MemoryGateway } from "../../../src/cli/repair/memory-gateway.js";
import type { RepairPlan } from "../../../src/cli/repair/plan-types.js";
import { restoreBackup } from "../../../src/cli/repair/restore-backup.js";
import { damagedNow, damagedTables, gatewayOf as gatewayOfAt, tablesOf } from "../fixture.js";

const source = { kind: "file", paths: ["damaged.json"] } as const;
const now = damagedNow();

const gatewayOf = (tables: RunTables): MemoryGateway => gatewayOfAt(tables, now);

const apply = async (plan: RepairPlan, gateway: MemoryGateway, force = false) => {
  const backups: RepairBackup[] = [];
  const report = await applyPlan(plan, gateway, {
    now: () => now,
    force,
    saveBackup: async (b) => {
      backups.push(b);
      return ok(undefined);
    },
  });
  return { report: report._unsafeUnwrap(), backups };
};

const byId = (rows: readonly ExportRow[]): ExportRow[] =>
  [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe("planRepairs and applyPlan on the planted-defects export", () => {
  const plan = planRepairs(damagedTables(), { now, source });

  it("plans a fix for every planted defect and leaves nothing unresolved", () => {
    expect(plan.unresolved).toEqual([]);
    const counts = { update: 0, create: 0, delete: 0 };
    for (const a of plan.actions) counts[a.type] += 1;
    expect(counts).toEqual({ update: 21, create: 1, delete: 3 });
  });

  it("merges duplicates into the earliest record under the documented policy", () => {
    const survivor = plan.actions.find(
      (a) => a.type === "update" && a.recordId === "recCrDupA0000001",
    );
    expect(survivor?.type === "update" && survivor.after).toMatchObject({
      "Profiles Examined for Scoring": 120,
      "Profiles Successfully Scored": 80,
      "Apify Run ID": "8MSTBAfqMzuXPvgB3",
      "Total Posts Harvested": 30,
      "System Notes":
        "run-records: merged duplicate records recCrDupB0000001, recCrDupC0000001 into this one",
    });
    const log = survivor?.type === "update" ? String(survivor.after["Progress Log"]) : "";
    const times = log.split("\n").map((l) => l.slice(0, 24));
    expect(times).toEqual([...times].sort());
    expect(log.split("\n")).toHaveLength(5);
    expect(
      plan.actions
        .filter((a) => a.type === "delete")
        .map((a) => a.type === "delete" && a.mergedInto),
    ).toEqual(["recJobDupA000001", "recCrDupA0000001", "recCrDupA0000001"]);
  });

  it("sums metrics and keeps the latest record when configured", () => {
    const other = planRepairs(damagedTables(), {
      now,
      source,
      policy: { survivor: "latest", metrics: "sum" },
    });
    const survivor = other.actions.find(
      (a) => a.type === "update" && a.recordId === "recCrDupC0000001",
    );
    expect(survivor?.type === "update" && survivor.after["Profiles Examined for Scoring"]).toBe(
      160,
    );
    expect(
      other.actions.some((a) => a.type === "delete" && a.recordId === "recCrDupA0000001"),
    ).toBe(true);
  });

  it("leaves an audit with no findings; a second apply changes nothing; the backup restores the original", async () => {
    const original = damagedTables();
    const gateway = gatewayOf(original);
    const first = await apply(plan, gateway);
    expect(first.report.applied).toEqual({ update: 21, create: 1, delete: 3 });
    expect(first.report.conflicts).toEqual([]);
    expect(first.backups).toHaveLength(1);
    expect(auditRecords(tablesOf(gateway), { now }).findings).toEqual([]);

    const afterFirst = structuredClone([...gateway.tables]);
    const second = await apply(plan, gateway);
    expect(second.report.applied).toEqual({ update: 0, create: 0, delete: 0 });
    expect(second.report.done).toBe(plan.actions.length);
    expect(second.backups).toEqual([]);
    expect([...gateway.tables]).toEqual(afterFirst);

    const backup = first.backups[0] as RepairBackup;
    const restored = await restoreBackup(backup, gateway, { mapping });
    expect(restored._unsafeUnwrap()).toEqual({
      updated: 21,
      recreated: 3,
      removed: 1,
      conflicts: [],
      dryRun: false,
    });
    expect(byId(tablesOf(gateway).jobs.rows)).toEqual(byId(original.jobs.rows));
    expect(byId(tablesOf(gateway).clientRuns.rows)).toEqual(byId(original.clientRuns.rows));
  });

  it("writes nothing in a dry run", async () => {
    const gateway = gatewayOf(damagedTables());
    const before = structuredClone([...gateway.tables]);
    let saved = 0;
    const report = await applyPlan(plan, gateway, {
      now: () => now,
      dryRun: true,
      saveBackup: async () => {
        saved += 1;
        return ok(undefined);
      },
    });
    expect(report._unsafeUnwrap().applied).toEqual({ update: 21, create: 1, delete: 3 });
    expect(saved).toBe(0);
    expect([...gateway.tables]).toEqual(before);
  });

  it("refuses, before writing, to apply to a record changed since the plan, naming it and the field", async () => {
    const tables = damagedTables();
    const changed = tables.clientRuns.rows.map((r) =>
      r.id === "recCrDupA0000001"
        ? { ...r, fields: { ...r.fields, "Profiles Examined for Scoring": 999 } }
        : r,
    );
    const gateway = gatewayOf({ ...tables, clientRuns: { rows: changed, unreadable: [] } });
    const before = structuredClone([...gateway.tables]);
    let saved = 0;
    const refused = await applyPlan(plan, gateway, {
      now: () => now,
      saveBackup: async () => {
        saved += 1;
        return ok(undefined);
      },
    });
    expect(refused._unsafeUnwrapErr().message).toMatch(
      /^Client Run Results record recCrDupA0000001: field 'Profiles Examined for Scoring' changed since the plan: it holds 999, the plan expected 40; nothing was written/,
    );
    expect(saved).toBe(0);
    expect([...gateway.tables]).toEqual(before);
  });

  it("with force, skips a record changed since the plan, and never deletes duplicates of an unmerged survivor", async () => {
    const tables = damagedTables();
    const changed = tables.clientRuns.rows.map((r) =>
      r.id === "recCrDupA0000001"
        ? { ...r, fields: { ...r.fields, "Profiles Examined for Scoring": 999 } }
        : r,
    );
    const gateway = gatewayOf({ ...tables, clientRuns: { rows: changed, unreadable: [] } });
    const { report } = await apply(plan, gateway, true);
    const conflicts = report.conflicts.map((c) => [
      c.action.type,
      "recordId" in c.action ? c.action.recordId : "",
      c.reason,
    ]);
    expect(conflicts).toEqual([
      [
        "update",
        "recCrDupA0000001",
        "field 'Profiles Examined for Scoring' changed since the plan: it holds 999, the plan expected 40",
      ],
      ["delete", "recCrDupB0000001", "survivor recCrDupA0000001 was not merged"],
      ["delete", "recCrDupC0000001", "survivor recCrDupA0000001 was not merged"],
    ]);
    const ids = (gateway.tables.get(mapping.tables.clientRuns) ?? []).map((r) => r.id);
    expect(ids).toContain("recCrDupB0000001");
  });

  it("stops before writing when the backup cannot be saved", async () => {
    const gateway = gatewayOf(damagedTables());
    const before = structuredClone([...gateway.tables]);
    const report = await applyPlan(plan, gateway, {
      now: () => now,
      saveBackup: async () => err(ioError("disk full")),
    });
    expect(report._unsafeUnwrapErr().message).toBe("disk full");
    expect([...gateway.tables]).toEqual(before);
  });
});
