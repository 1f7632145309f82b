import { fc, test } from "@fast-check/vitest";
import { ok } from "neverthrow";
import { describe, expect } from "vitest";
import { defaultAirtableMapping as mapping } from "../../../src/airtable/mapping.js";
import { auditRecords } from "../../../src/cli/audit/audit-records.js";
import type { ExportRow, RunTables } from "../../../src/cli/audit/export-rows.js";
import { applyPlan } from "../../../src/cli/repair/apply-plan.js";
import type { RepairBackup } from "../../../src/cli/repair/backup.js";
import { planRepairs } from "../../../src/cli/repair/build-plan.js";
import type { MemoryGateway } from "../../../src/cli/repair/memory-gateway.js";
import { restoreBackup } from "../../../src/cli/repair/restore-backup.js";
import { validatePlan } from "../../../src/cli/repair/validate-plan.js";
import { gatewayOf as gatewayOfAt, tablesOf } from "../fixture.js";

const now = Date.parse("2025-10-08T12:00:00Z");
const source = { kind: "file", paths: ["x.json"] } as const;
const bases = ["251007-070457", "251007-080000", "251008-113000"];
const clients = ["Guy-Wilson", "Dean-Hobin", "Wilson", "guy-wilson", "Zoë"];
const times = [
  "2025-10-07T07:00:00Z",
  "2025-10-07T07:00:00Z",
  "2025-10-08T11:45:00Z",
  "2025-10-01T00:00:00Z",
];

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq: 3 });

const baseArb = fc.constantFrom(...bases);
const clientArb = fc.constantFrom(...clients);
const jobRunId = fc.oneof(
  baseArb,
  baseArb.map((b) => ` ${b}.0`),
  fc.tuple(baseArb, clientArb).map(([b, c]) => `${b}-${c}`),
  fc.constantFrom(
    "UNKNOWN",
    "standalone",
    "2510-07",
    "SR-250922-001",
    "job_lead_scoring_1717146242405",
  ),
);
const clientRunId = fc.oneof(
  fc.tuple(baseArb, clientArb).map(([b, c]) => `${b}-${c}`),
  fc.tuple(baseArb, clientArb).map(([b, c]) => `${b}-${c}-${c}`),
  fc.tuple(baseArb, clientArb).map(([b, c]) => `${b}:${c}`),
  fc.tuple(baseArb, clientArb).map(([b, c]) => `${b}-batch-all-clients-${c}`),
  baseArb,
  clientArb.map((c) => `8MSTBAfqMzuXPvgB3-C${c}`),
  fc.constantFrom("UNKNOWN", "INIT", "251399-256199"),
);
const common = {
  Status: maybe(
    fc.constantFrom("Running", "Completed", "completed", "Done", "Failed", " running "),
  ),
  "Start Time": maybe(fc.constantFrom(...times)),
  "System Notes": maybe(
    fc.oneof(
      baseArb.map((b) => `run ${b}`),
      fc.constant("251001-010101 and 251002-020202"),
    ),
  ),
};
const fieldsArb = (runId: fc.Arbitrary<string>, extra: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record({ "Run ID": maybe(runId), ...common, ...extra });

const rowsArb = (prefix: string, fields: fc.Arbitrary<Record<string, unknown>>) =>
  fc.array(fc.tuple(fields, fc.constantFrom(...times)), { maxLength: 10 }).map((rows) =>
    rows.map(
      ([f, created], i): ExportRow => ({
        id: `${prefix}${String(i).padStart(3, "0")}`,
        createdTime: created,
        fields: Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)),
      }),
    ),
  );

const tablesArb: fc.Arbitrary<RunTables> = fc
  .tuple(
    rowsArb("recJ", fieldsArb(jobRunId, {})),
    rowsArb(
      "recC",
      fieldsArb(clientRunId, {
        "Client ID": maybe(fc.oneof(clientArb, fc.constant(" Guy-Wilson"))),
        "Profiles Examined for Scoring": maybe(
          fc.oneof({ weight: 5, arbitrary: fc.nat(200) }, fc.constant("lots")),
        ),
        "Apify Run ID": maybe(fc.constantFrom("abc", ["lookup"] as unknown as string)),
        "Progress Log": maybe(
          fc.constantFrom(
            "2025-10-07T07:05:00.000Z started",
            "2025-10-07T07:01:00.000Z queued\nfree text",
          ),
        ),
      }),
    ),
  )
  .map(([jobs, clientRuns]) => ({
    jobs: { rows: jobs, unreadable: [] },
    clientRuns: { rows: clientRuns, unreadable: [] },
  }));

const gatewayOf = (tables: RunTables): MemoryGateway => gatewayOfAt(tables, now);
const read = tablesOf;

const options = { now: () => now, saveBackup: async () => ok(undefined) };

describe("repair plans converge", () => {
  test.prop([tablesArb], { numRuns: 300 })(
    "after applying a plan only unfixable findings remain, a new plan is empty, and a second apply is a no-op",
    async (tables) => {
      const plan = planRepairs(tables, { now, source });
      const gateway = gatewayOf(tables);
      const first = (await applyPlan(plan, gateway, options))._unsafeUnwrap();
      expect(first.conflicts).toEqual([]);
      const after = read(gateway);
      const left = auditRecords(after, { now }).findings;
      expect(left.filter((f) => f.fixable)).toEqual([]);
      expect(planRepairs(after, { now, source }).actions).toEqual([]);
      const second = (await applyPlan(plan, gateway, options))._unsafeUnwrap();
      expect(second.applied).toEqual({ update: 0, create: 0, delete: 0 });
    },
  );
});

const byId = (rows: readonly ExportRow[]): ExportRow[] =>
  [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe("plan, apply, restore", () => {
  test.prop([tablesArb], { numRuns: 100 })(
    "every plan passes its own validation; restore gives back the original field for field; a second apply changes nothing",
    async (tables) => {
      const plan = planRepairs(tables, { now, source });
      expect(validatePlan(JSON.parse(JSON.stringify(plan))).isOk()).toBe(true);
      const gateway = gatewayOf(tables);
      const backups: RepairBackup[] = [];
      const first = await applyPlan(plan, gateway, {
        now: () => now,
        saveBackup: async (b) => {
          backups.push(JSON.parse(JSON.stringify(b)));
          return ok(undefined);
        },
      });
      expect(first.isOk()).toBe(true);
      const afterFirst = structuredClone([...gateway.tables]);
      const second = (await applyPlan(plan, gateway, options))._unsafeUnwrap();
      expect(second.applied).toEqual({ update: 0, create: 0, delete: 0 });
      expect([...gateway.tables]).toEqual(afterFirst);
      const [backup] = backups;
      if (backup === undefined) {
        expect(plan.actions).toEqual([]);
        return;
      }
      const restored = await restoreBackup(backup, gateway, { mapping });
      expect(restored.isOk()).toBe(true);
      const back = read(gateway);
      expect(byId(back.jobs.rows)).toEqual(byId(tables.jobs.rows));
      expect(byId(back.clientRuns.rows)).toEqual(byId(tables.clientRuns.rows));
    },
  );
});
