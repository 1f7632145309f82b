import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  classifyAirtableFailure,
  createAirtableTableClient,
  toStoreError,
} from "../../src/airtable/index.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { BASE, createVirtualClock, makeBase, startServer } from "./harness.js";

const JOBS = "Job Tracking";

describe("the table client (what the run-records command reaches Airtable through)", () => {
  let server: AirtableServer;
  const clock = createVirtualClock();
  const waits: number[] = [];
  const client = () =>
    createAirtableTableClient(makeBase(server, 300), {
      rateLimit: 5,
      now: clock.now,
      sleep: async (ms) => {
        waits.push(ms);
        await clock.sleep(ms);
      },
      retry: { attempts: 3, rateLimitedDelayMs: 30_000, transient: false },
    });
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates 250 records in requests of at most 10, lists them across 100-record pages, updates and deletes them", async () => {
    const tables = client();
    server.clearRequests();
    const rows = Array.from({ length: 250 }, (_, i) => ({ "Run ID": `run-${i}` }));
    const created = (await tables.createAll(JOBS, rows))._unsafeUnwrap();
    expect(created.map((r) => r.fields["Run ID"])).toEqual(rows.map((r) => r["Run ID"]));
    const writes = server.requests.filter((r) => r.kind !== "list");
    expect(writes).toHaveLength(25);
    expect(writes.every((w) => w.recordCount <= 10)).toBe(true);

    const progress: number[] = [];
    const listed = (await tables.listAll(JOBS, (n) => progress.push(n)))._unsafeUnwrap();
    expect(listed).toHaveLength(250);
    expect(progress).toEqual([100, 200, 250]);

    const updates = created.slice(0, 15).map((r) => ({ id: r.id, fields: { Stream: 7 } }));
    expect((await tables.updateAll(JOBS, updates)).isOk()).toBe(true);
    const streams = server.records(BASE, JOBS).filter((r) => r.fields.Stream === 7);
    expect(streams).toHaveLength(15);

    expect(
      (
        await tables.removeAll(
          JOBS,
          created.map((r) => r.id),
        )
      ).isOk(),
    ).toBe(true);
    expect(server.records(BASE, JOBS)).toHaveLength(0);
    // Every request counted: 25 creates, 3 list pages, 2 updates, 25 deletes.
    expect(tables.requestsSent).toBe(25 + 3 + 2 + 25);
  });

  it("waits out a 429 (never applied) and retries; a timeout is reported, not retried, when transient is off", async () => {
    const tables = client();
    waits.length = 0;
    server.injectFault({ kind: "status", status: 429 }, { kind: "create" });
    const created = await tables.createAll(JOBS, [{ "Run ID": "after-429" }]);
    expect(created.isOk()).toBe(true);
    expect(waits).toContain(30_000);

    server.injectFault({ kind: "delay", ms: 2000 }, { kind: "list" });
    const listed = await tables.listAll(JOBS);
    const failure = classifyAirtableFailure(listed._unsafeUnwrapErr());
    expect(failure.kind).toBe("timeout");
  });

  it("classifies airtable.js rejections, bare or inside the adapter's StoreError", () => {
    const refused = {
      error: "UNKNOWN_FIELD_NAME",
      message: 'Unknown field name: "X"',
      statusCode: 422,
    };
    expect(classifyAirtableFailure(refused)).toEqual({
      kind: "refused",
      status: 422,
      detail: 'Unknown field name: "X"',
      code: "UNKNOWN_FIELD_NAME",
    });
    expect(classifyAirtableFailure(toStoreError(refused, true))).toEqual(
      classifyAirtableFailure(refused),
    );
    const kinds = [
      [{ error: "X", message: "m", statusCode: 401 }, "unauthorized"],
      [{ error: "X", message: "m", statusCode: 404 }, "not-found"],
      [{ error: "X", message: "m", statusCode: 429 }, "rate-limited"],
      [{ error: "X", message: "m", statusCode: 502 }, "server"],
      [{ name: "AbortError", message: "The user aborted a request." }, "timeout"],
      [
        { name: "FetchError", type: "system", code: "ECONNREFUSED", message: "refused" },
        "unreachable",
      ],
      [Object.create(null), "unreachable"],
    ] as const;
    for (const [cause, kind] of kinds) expect(classifyAirtableFailure(cause).kind).toBe(kind);
    // The adapter's own refusal (a body with no records array) keeps the adapter's message.
    const malformed = {
      type: "rejected",
      message: "Airtable answered with a body that has no valid records array",
      cause: { nope: 1 },
    };
    expect(classifyAirtableFailure(malformed).detail).toBe(malformed.message);
  });
});
