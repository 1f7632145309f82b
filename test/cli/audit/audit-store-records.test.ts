import { describe, expect, it } from "vitest";
import { auditMemorySnapshot, auditStoreRecords } from "../../../src/cli/audit/index.js";
import type { BaseRunId, ClientId, ClientRunId } from "../../../src/index.js";
import { createMemoryStore } from "../../../src/memory/memory-store.js";
import { createRunRecordService } from "../../../src/service/index.js";
import type { ClientRunRecord, JobRecord } from "../../../src/store/records.js";
import { runStandardRun } from "../../../src/testing/standard-run.js";

const now = Date.parse("2025-10-08T12:00:00Z");
const job = (over: Partial<JobRecord> = {}): JobRecord => ({
  runId: "251008-100000" as BaseRunId,
  status: "completed",
  notes: [],
  sealed: true,
  startedAt: Date.parse("2025-10-08T10:00:00Z"),
  lastActivityAt: Date.parse("2025-10-08T10:30:00Z"),
  tags: {},
  creationToken: "t",
  ...over,
});
const clientRun = (over: Partial<ClientRunRecord> = {}): ClientRunRecord => ({
  runId: "251008-100000-Guy-Wilson" as ClientRunId,
  baseRunId: "251008-100000" as BaseRunId,
  clientId: "Guy-Wilson" as ClientId,
  status: "completed",
  operations: {},
  metrics: { profiles_examined: 3 },
  progress: [{ at: Date.parse("2025-10-08T10:01:00Z"), message: "started" }],
  notes: [],
  startedAt: Date.parse("2025-10-08T10:00:01Z"),
  lastActivityAt: Date.parse("2025-10-08T10:30:00Z"),
  tags: {},
  creationToken: "t",
  ...over,
});

describe("auditStoreRecords", () => {
  it("a start time outside Date's range is audited, not thrown (toISOString would throw)", () => {
    const far = 9e15;
    const report = auditStoreRecords(
      {
        jobs: [job({ startedAt: far, status: "running" })],
        clientRuns: [clientRun({ startedAt: -far })],
      },
      { now },
    );
    expect(report.read).toEqual({ jobs: 1, clientRuns: 1, unreadable: 0 });
  });

  it("finds nothing in well-formed records, stale ones included (the codec writes their status)", () => {
    const report = auditStoreRecords(
      { jobs: [job({ status: "stale" })], clientRuns: [clientRun()] },
      { now },
    );
    expect(report.findings).toEqual([]);
    expect(report.read).toEqual({ jobs: 1, clientRuns: 1, unreadable: 0 });
  });

  it("reports a run left running past the threshold and a client run without its job", () => {
    const report = auditStoreRecords(
      {
        jobs: [job({ status: "running", startedAt: Date.parse("2025-10-08T09:00:00Z") })],
        clientRuns: [
          clientRun({
            baseRunId: "251008-110000" as BaseRunId,
            runId: "251008-110000-Guy-Wilson" as ClientRunId,
          }),
        ],
      },
      { now },
    );
    expect(report.findings.map((f) => [f.kind, f.recordIds])).toEqual([
      ["orphan-client-run", ["run:251008-110000-Guy-Wilson"]],
      ["stale-run", ["job:251008-100000"]],
    ]);
  });

  it("finds nothing in what the standard run wrote to the memory store", async () => {
    const store = createMemoryStore();
    const result = await runStandardRun(createRunRecordService({ store }), { clients: 5 });
    expect(result.matches).toBe(true);
    const snapshot = store.snapshot();
    const last = Math.max(...snapshot.jobs.map((e) => e.record.lastActivityAt));
    const report = auditMemorySnapshot(snapshot, { now: last });
    expect(report.read).toEqual({ jobs: 1, clientRuns: 5, unreadable: 0 });
    expect(report.findings).toEqual([]);
  });
});
