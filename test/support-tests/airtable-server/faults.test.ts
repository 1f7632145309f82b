import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { AirtableServer } from "../../support/airtable/index.js";
import { BASE, rejection, startWithClient } from "./fixtures.js";

type Started = Awaited<ReturnType<typeof startWithClient>>;
let s: Started;
let server: AirtableServer;

beforeEach(async () => {
  s = await startWithClient({}, { requestTimeout: 300 });
  server = s.server;
});
afterEach(async () => server.close());

const create = (runId: string) => s.table.create([{ fields: { "Run ID": runId } }]);
const runIds = () => server.records(BASE, "Runs").map((r) => r.fields["Run ID"]);

describe("status faults", () => {
  test.each([
    [500, "SERVER_ERROR"],
    [502, "SERVER_ERROR"],
    [503, "SERVICE_UNAVAILABLE"],
    [504, "SERVER_ERROR"],
    [429, "TOO_MANY_REQUESTS"],
    [422, "INVALID_REQUEST_UNKNOWN"],
    [403, "NOT_AUTHORIZED"],
    [404, "NOT_FOUND"],
  ] as const)(
    "%i reaches the client as an AirtableError %s and applies nothing",
    async (status, error) => {
      server.injectFault({ kind: "status", status });
      const e = await rejection(create("a"));
      expect(e).toMatchObject({ statusCode: status, error });
      expect(e instanceof Error).toBe(false); // airtable.js errors are plain objects
      expect(runIds()).toEqual([]);
      await create("b"); // the fault is consumed
      expect(runIds()).toEqual(["b"]);
    },
  );
});

describe("connection faults", () => {
  test("drop-before-apply: a raw node-fetch error, nothing written", async () => {
    server.injectFault({ kind: "drop-before-apply" });
    const e = await rejection(create("a"));
    expect(e).toMatchObject({ name: "FetchError", code: "ECONNRESET" });
    expect(runIds()).toEqual([]);
  });

  test("drop-after-apply: the same error, but the write happened", async () => {
    server.injectFault({ kind: "drop-after-apply" });
    const e = await rejection(create("a"));
    expect(e).toMatchObject({ name: "FetchError", code: "ECONNRESET" });
    expect(runIds()).toEqual(["a"]);
    expect(server.requests[0]).toMatchObject({
      kind: "create",
      status: 0,
      fault: "drop-after-apply",
    });
  });

  test("delay past requestTimeout: the client aborts, the write still happened", async () => {
    server.injectFault({ kind: "delay", ms: 5_000 });
    const e = await rejection(create("a"));
    expect(e).toMatchObject({ name: "AbortError", type: "aborted" });
    expect(runIds()).toEqual(["a"]);
  });

  test("through base.makeRequest the same failures arrive as AirtableError CONNECTION_ERROR, statusCode null", async () => {
    const post = () =>
      s.base.makeRequest({
        method: "POST",
        path: "/Runs",
        body: { records: [{ fields: { "Run ID": "m" } }] },
      });
    server.injectFault({ kind: "drop-after-apply" });
    expect(await rejection(post())).toMatchObject({ error: "CONNECTION_ERROR", statusCode: null });
    server.injectFault({ kind: "delay", ms: 5_000 });
    const timeout = await rejection(post());
    expect(timeout).toMatchObject({ error: "CONNECTION_ERROR", statusCode: null });
    expect(timeout.message).toContain("aborted");
    server.injectFault({ kind: "drop-before-apply" });
    expect(await rejection(post())).toMatchObject({ error: "CONNECTION_ERROR" });
    expect(runIds()).toEqual(["m", "m"]);
  });

  test("a short delay is only late", async () => {
    server.injectFault({ kind: "delay", ms: 20 });
    const [r] = await create("a");
    expect(r?.get("Run ID")).toBe("a");
  });
});

describe("status-after-apply", () => {
  test.each([500, 502, 503, 504] as const)(
    "%i after the write: an error the client sees, a record that exists",
    async (status) => {
      server.injectFault({ kind: "status-after-apply", status });
      const e = await rejection(create("a"));
      expect(e.statusCode).toBe(status);
      expect(runIds()).toEqual(["a"]);
      expect(server.requests[0]).toMatchObject({
        status,
        fault: "status-after-apply",
        recordCount: 1,
      });
    },
  );
});

describe("upsert-duplicate", () => {
  test("the faulted upsert creates a second record for an existing key; the next one then fails", async () => {
    const upsert = () =>
      s.base.makeRequest({
        method: "PATCH",
        path: "/Runs",
        body: {
          records: [{ fields: { "Run ID": "k" } }],
          performUpsert: { fieldsToMergeOn: ["Run ID"] },
        },
      });
    await upsert();
    server.injectFault({ kind: "upsert-duplicate" }, { kind: "upsert" });
    const dup = await upsert();
    expect((dup.body as { createdRecords: string[] }).createdRecords).toHaveLength(1);
    expect(runIds()).toEqual(["k", "k"]);
    expect((await rejection(upsert())).error).toBe("INVALID_RECORDS");
  });
});

describe("matching", () => {
  test("a fault waits for the request it matches; others pass", async () => {
    server.injectFault({ kind: "status", status: 503 }, { kind: "upsert" });
    server.injectFault({ kind: "status", status: 500 }, { method: "patch", table: "Runs" });
    await s.table.select().firstPage();
    const [a] = await create("a");
    const upsert = s.table.update([{ fields: { "Run ID": "a" } } as never], {
      performUpsert: { fieldsToMergeOn: ["Run ID"] },
    } as never);
    expect((await rejection(upsert)).statusCode).toBe(503);
    const patch = s.table.update([{ id: a?.id as string, fields: { Stream: 1 } }]);
    expect((await rejection(patch)).statusCode).toBe(500);
    await s.table.update([{ id: a?.id as string, fields: { Stream: 2 } }]);
    expect(server.requests.map((r) => [r.kind, r.status, r.fault])).toEqual([
      ["list", 200, undefined],
      ["create", 200, undefined],
      ["upsert", 503, "status"],
      ["update", 500, "status"],
      ["update", 200, undefined],
    ]);
  });

  test("faults queue in order", async () => {
    server.injectFault({ kind: "status", status: 500 });
    server.injectFault({ kind: "drop-before-apply" });
    expect((await rejection(create("a"))).statusCode).toBe(500);
    expect((await rejection(create("b"))).name).toBe("FetchError");
    expect(server.pendingFaults()).toBe(0);
    await create("c");
    expect(runIds()).toEqual(["c"]);
  });
});
