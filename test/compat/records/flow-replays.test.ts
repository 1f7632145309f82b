// The server's three live record flows through run-records/compat, on the memory store and on the
// Airtable store against the local Airtable-compatible server. Each must end with one record per
// key, exact totals, every progress line and the right final statuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAirtableMapping } from "../../../src/airtable/mapping.js";
import { createJobTracking, createRunRecordAdapter } from "../../../src/compat/index.js";
import { createMemoryStore } from "../../../src/memory/index.js";
import { createRunRecordService, type RunRecordService } from "../../../src/service/index.js";
import type { RunRecordStore } from "../../../src/store/index.js";
import { createSeededRandom } from "../../../src/testing/seeded-random.js";
import { BASE, makeStore, startServer } from "../../airtable/harness.js";
import type { AirtableServer } from "../../support/airtable/index.js";
import {
  batchScorer,
  type Facades,
  type FlowOutcome,
  providerWebhook,
  resumeScript,
} from "./flows.js";

const FLOWS = { resumeScript, batchScorer, providerWebhook } as const;
const T0 = Date.UTC(2025, 9, 7, 7, 4, 57);
const labelOf = defaultAirtableMapping.statuses;

const facadesOn = (store: RunRecordStore, now: () => number): Facades => {
  const service = createRunRecordService({
    store,
    now,
    sleep: async () => {},
    random: createSeededRandom(7),
  });
  return {
    service,
    jobTracking: createJobTracking({ service }),
    adapter: createRunRecordAdapter({ service }),
  };
};

/** Checks the outcome through the service: one client run per client, exact metrics, lines, statuses. */
const checkRecords = async (service: RunRecordService, outcome: FlowOutcome) => {
  const job = (await service.getJob(outcome.runId))._unsafeUnwrap();
  expect(labelOf[job.status]).toBe(outcome.jobStatus);
  expect(job.endedAt).toBeTypeOf("number");
  const runs = (await service.listClientRuns(outcome.runId))._unsafeUnwrap();
  expect(runs.map((r) => r.clientId).sort()).toEqual(
    outcome.clientRuns.map((c) => c.clientId).sort(),
  );
  for (const expected of outcome.clientRuns) {
    const run = runs.find((r) => r.clientId === expected.clientId);
    expect(run?.metrics, expected.clientId).toEqual(expected.metrics);
    expect(run?.progress, expected.clientId).toHaveLength(expected.progressLines);
    expect(labelOf[run?.status ?? "running"], expected.clientId).toBe(expected.status);
    expect(run?.endedAt, expected.clientId).toBeTypeOf("number");
  }
  // The job's totals are the sums over its client runs.
  const sums: Record<string, number> = {};
  for (const c of outcome.clientRuns) {
    for (const [name, value] of Object.entries(c.metrics)) sums[name] = (sums[name] ?? 0) + value;
  }
  expect(job.metrics).toEqual(sums);
};

describe("the server's record flows through compat, on the memory store", () => {
  for (const [name, flow] of Object.entries(FLOWS)) {
    it(`${name}: one record per key, exact totals, every line, final statuses`, async () => {
      let t = T0;
      const f = facadesOn(createMemoryStore(), () => t++);
      const outcome = await flow(f);
      await checkRecords(f.service, outcome);
    });
  }
});

describe("the server's record flows through compat, on the Airtable store", () => {
  let server: AirtableServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const [name, flow] of Object.entries(FLOWS)) {
    it(`${name}: the same, and the rows say so`, async () => {
      let t = T0;
      const store = makeStore(server, { now: () => t });
      const f = facadesOn(store, () => t++);
      const outcome = await flow(f);
      await checkRecords(f.service, outcome);
      expect((await store.close()).isOk()).toBe(true);

      const jobs = server
        .records(BASE, "Job Tracking")
        .filter((r) => r.fields["Run ID"] === outcome.runId);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.fields.Status).toBe(outcome.jobStatus);
      const rows = server
        .records(BASE, "Client Run Results")
        .filter((r) => String(r.fields["Run ID"]).startsWith(`${outcome.runId}-`));
      expect(rows).toHaveLength(outcome.clientRuns.length);
      for (const expected of outcome.clientRuns) {
        const mine = rows.filter((r) => r.fields["Client ID"] === expected.clientId);
        expect(mine, expected.clientId).toHaveLength(1);
        const fields = mine[0]?.fields ?? {};
        expect(fields["Run ID"]).toBe(`${outcome.runId}-${expected.clientId}`);
        expect(fields.Status, expected.clientId).toBe(expected.status);
        for (const [metric, value] of Object.entries(expected.metrics)) {
          const field = defaultAirtableMapping.metrics[metric] as string;
          expect(fields[field], `${expected.clientId} ${field}`).toBe(value);
        }
        const log = String(fields["Progress Log"] ?? "");
        expect(log === "" ? 0 : log.split("\n").length, expected.clientId).toBe(
          expected.progressLines,
        );
      }
    });
  }
});
