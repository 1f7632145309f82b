import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAirtableMapping as mapping } from "../../../src/airtable/mapping.js";
import { startAirtableServer } from "../../support/airtable/index.js";
import type { AirtableServer, StoredRecord, TableSchema } from "../../support/airtable/types.js";
import { defaultTestSchema } from "../../support/airtable-schema.js";
import { damagedExpected, damagedExport, findingKey } from "../fixture.js";
import { ONE_LINE_ERROR, requireBuilt, runBin, scratchDir } from "./run-bin.js";

const BASE = "appRunRecords0001";
const KEY = "key-for-tests";
const NOW = ["--now", damagedExpected().now];
const { jobs, clientRuns } = mapping.tables;

// The damaged base holds status values the select never offered; the schema must accept them.
const damagedSchema = (): Record<string, TableSchema> => {
  const schema = defaultTestSchema();
  const choices = [
    ...new Set([...Object.values(mapping.statuses), "completed with  errors", "COMPLETED"]),
  ];
  for (const table of [jobs, clientRuns]) {
    const t = schema[table] as TableSchema;
    schema[table] = {
      fields: {
        ...t.fields,
        [mapping.fields.status]: { type: "singleSelect", options: { choices } },
      },
    };
  }
  return schema;
};

let server: AirtableServer;
/** Fixture record ID → record ID on the server. */
const ids = new Map<string, string>();

beforeAll(async () => {
  requireBuilt();
  // Airtable's own limit, with a short penalty: back-to-back CLI processes may trip it, and the CLI
  // must wait and retry rather than fail.
  server = await startAirtableServer({
    bases: { [BASE]: damagedSchema() },
    apiKey: KEY,
    rateLimit: { requestsPerSecond: 5, penaltyMs: 1000 },
  });
  const json = damagedExport();
  for (const table of [jobs, clientRuns]) {
    const records = json[table]?.records ?? [];
    const created = server.seed(
      BASE,
      table,
      records.map((r) => ({ ...r.fields })),
      records.map((r) => r.createdTime as string),
    );
    records.forEach((r, i) => {
      ids.set(r.id, created[i]?.id as string);
    });
  }
});

afterAll(async () => {
  await server?.close();
});

const live = (): string[] => ["--airtable", "--base", BASE, "--endpoint-url", server.url];
const env = { AIRTABLE_API_KEY: KEY, RUN_RECORDS_RATE_LIMIT_WAIT_MS: "1100" };
const contentOf = (records: readonly StoredRecord[]): string[] =>
  records.map((r) => JSON.stringify(Object.entries(r.fields).sort())).sort();

describe("run-records audit and repair against a live base (local Airtable server, built binary)", () => {
  it("audits, plans, applies with a backup, converges, is idempotent, and the backup restores the original", async () => {
    const original = {
      jobs: server.records(BASE, jobs),
      clientRuns: server.records(BASE, clientRuns),
    };
    const audit = await runBin(["audit", ...live(), "--json", ...NOW], { env });
    expect([audit.code, audit.stderr]).toEqual([1, ""]);
    const expected = damagedExpected().findings.map(([kind, table, recordIds]) =>
      findingKey({ kind, table, recordIds: recordIds.map((id) => ids.get(id) as string) }),
    );
    expect(JSON.parse(audit.stdout).findings.map(findingKey).sort()).toEqual(expected.sort());

    const dir = scratchDir("rr-live-");
    const plan = join(dir, "plan.json");
    const planned = await runBin(["repair", "--plan", plan, ...live(), ...NOW], { env });
    expect(planned.code).toBe(0);
    expect(contentOf(server.records(BASE, clientRuns))).toEqual(contentOf(original.clientRuns));

    server.clearRequests();
    // A 429 on a write means it was not applied: the CLI waits and retries it.
    server.injectFault({ kind: "status", status: 429 }, { kind: "update" });
    const applied = await runBin(["repair", "--apply", plan, ...NOW], { env });
    expect(applied).toMatchObject({ code: 0, stderr: "" });
    expect(applied.stdout).toContain("Applied 21 updates, 1 creates, 3 deletes");
    const writes = server.requests.filter((r) => r.kind !== "list");
    expect(writes.every((w) => w.recordCount <= 10)).toBe(true);
    expect(writes.filter((w) => w.status !== 200).map((w) => [w.kind, w.status])).toEqual([
      ["update", 429],
    ]);
    expect(server.pendingFaults()).toBe(0);

    const clean = await runBin(["audit", ...live(), ...NOW], { env });
    expect([clean.code, clean.stdout]).toEqual([
      0,
      "Read 15 job records and 19 client run records.\nNo findings.\n",
    ]);

    const repaired = {
      jobs: contentOf(server.records(BASE, jobs)),
      clientRuns: contentOf(server.records(BASE, clientRuns)),
    };
    const second = await runBin(["repair", "--apply", plan, "--now", "2025-10-08T13:00:00Z"], {
      env,
    });
    expect(second.stdout).toContain("Applied 0 updates, 0 creates, 0 deletes; 25 already done");
    expect(contentOf(server.records(BASE, jobs))).toEqual(repaired.jobs);
    expect(contentOf(server.records(BASE, clientRuns))).toEqual(repaired.clientRuns);

    const [backup] = readdirSync(dir).filter((f) => f.includes(".backup-"));
    const restored = await runBin(["repair", "--restore", join(dir, backup as string), ...live()], {
      env,
    });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(
      "Restored 21 records, put back 3 deleted records and removed 1 created records",
    );
    expect(contentOf(server.records(BASE, jobs))).toEqual(contentOf(original.jobs));
    expect(contentOf(server.records(BASE, clientRuns))).toEqual(contentOf(original.clientRuns));
  });

  it("names a missing API key, a refused key, an unknown base and an unreachable server: exit 1, one line", async () => {
    const noKey = await runBin(["audit", ...live(), "--api-key-env", "RR_TEST_NO_SUCH_KEY"], {
      env,
    });
    expect(noKey).toMatchObject({ code: 1, stderr: expect.stringMatching(ONE_LINE_ERROR) });
    expect(noKey.stderr).toContain("RR_TEST_NO_SUCH_KEY");

    const refused = await runBin(["audit", ...live()], { env: { AIRTABLE_API_KEY: "wrong" } });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(ONE_LINE_ERROR) });
    expect(refused.stderr).toContain("API key was refused");

    const otherBase = await runBin(
      ["audit", "--airtable", "--base", "appNope", "--endpoint-url", server.url],
      { env },
    );
    expect(otherBase).toMatchObject({ code: 1, stderr: expect.stringMatching(ONE_LINE_ERROR) });

    server.injectFault({ kind: "delay", ms: 3000 }, { kind: "list" });
    const hung = await runBin(["audit", ...live()], {
      env: { ...env, RUN_RECORDS_REQUEST_TIMEOUT_MS: "300" },
    });
    expect(hung).toMatchObject({ code: 1, stderr: expect.stringMatching(ONE_LINE_ERROR) });
    expect(hung.stderr).toContain("no answer within the request timeout");

    const down = await runBin(
      ["audit", "--airtable", "--base", BASE, "--endpoint-url", "http://127.0.0.1:9"],
      { env },
    );
    expect(down).toMatchObject({ code: 1, stderr: expect.stringMatching(ONE_LINE_ERROR) });
    expect(down.stderr).toContain("cannot reach the base");
  });
});
