import Airtable from "airtable";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { AirtableServer } from "../../support/airtable/index.js";
import { BASE, manualClock, rejection, startWithClient } from "./fixtures.js";

type Started = Awaited<ReturnType<typeof startWithClient>>;
let s: Started;
let server: AirtableServer;
const clock = manualClock(Date.UTC(2025, 9, 7, 7, 4, 57, 789));

beforeEach(async () => {
  s = await startWithClient({ now: clock.now });
  server = s.server;
});
afterEach(async () => server.close());

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ fields: { "Run ID": `r${i}` } }));

describe("create", () => {
  test("creates up to 10 records with IDs, whole-second createdTime and blanks omitted", async () => {
    const created = await s.table.create([
      { fields: { "Run ID": "a", "Progress Log": "", Stream: 2, Done: false, Status: "Running" } },
      { fields: { "Run ID": "b", "Start Time": "2025-10-07T07:04:57.123Z", Done: true } },
    ]);
    expect(created.map((r) => r.id)).toEqual(["rec00000000000001", "rec00000000000002"]);
    expect(created[0]?._rawJson).toEqual({
      id: "rec00000000000001",
      createdTime: "2025-10-07T07:04:57.000Z",
      fields: { "Run ID": "a", Status: "Running", Stream: 2, Label: "a/" },
    });
    expect(created[1]?.fields).toEqual({
      "Run ID": "b",
      "Start Time": "2025-10-07T07:04:57.123Z",
      Done: true,
      Label: "b/",
    });
    expect(server.records(BASE, "Runs")).toHaveLength(2);
  });

  test("a single create returns the record itself", async () => {
    const one = await s.table.create({ "Run ID": "solo" });
    expect(one.get("Run ID")).toBe("solo");
  });

  test("11 records are refused with INVALID_RECORDS and nothing is created", async () => {
    const e = await rejection(s.table.create(rows(11)));
    expect(e).toMatchObject({ error: "INVALID_RECORDS", statusCode: 422 });
    expect(e.message).toContain("10");
    expect(server.records(BASE, "Runs")).toHaveLength(0);
  });

  test("an unknown field is UNKNOWN_FIELD_NAME naming it, and the batch is not applied", async () => {
    const e = await rejection(
      s.table.create([{ fields: { "Run ID": "ok" } }, { fields: { "Run Id": "x" } }]),
    );
    expect(e).toMatchObject({
      error: "UNKNOWN_FIELD_NAME",
      statusCode: 422,
      message: 'Unknown field name: "Run Id"',
    });
    expect(server.records(BASE, "Runs")).toHaveLength(0);
  });

  test("a formula field cannot be written", async () => {
    const e = await rejection(s.table.create([{ fields: { "Run ID": "a", Label: "x" } }]));
    expect(e).toMatchObject({ error: "INVALID_VALUE_FOR_COLUMN", statusCode: 422 });
    expect(e.message).toBe('Field "Label" cannot accept a value because the field is computed');
  });

  test.each([
    [{ Stream: "3" }, "INVALID_VALUE_FOR_COLUMN"],
    [{ Stream: true }, "INVALID_VALUE_FOR_COLUMN"],
    [{ "Run ID": 7 }, "INVALID_VALUE_FOR_COLUMN"],
    [{ "Run ID": { a: 1 } }, "INVALID_VALUE_FOR_COLUMN"],
    [{ "Start Time": "yesterday" }, "INVALID_VALUE_FOR_COLUMN"],
    [{ Done: "true" }, "INVALID_VALUE_FOR_COLUMN"],
    [{ Status: "Paused" }, "INVALID_MULTIPLE_CHOICE_OPTIONS"],
  ])("%j is refused with %s", async (fields, type) => {
    const e = await rejection(s.table.create([{ fields: fields as Airtable.FieldSet }]));
    expect(e).toMatchObject({ error: type, statusCode: 422 });
  });

  test("typecast converts strings and adds select options", async () => {
    const [r] = await s.table.create(
      [{ fields: { Stream: "3", Status: "Paused", "Run ID": 12 } }],
      {
        typecast: true,
      },
    );
    expect(r?.fields).toMatchObject({ Stream: 3, Status: "Paused", "Run ID": "12" });
    // Once created, the option is accepted without typecast.
    await s.table.create([{ fields: { Status: "Paused" } }]);
  });

  test("unknown body or record properties are refused", async () => {
    const e = await rejection(s.table.create([{ fields: {}, id: "recX" } as never]));
    expect(e.statusCode).toBe(422);
    const b = await rejection(s.table.create([{ fields: {} }], { bogus: true } as never));
    expect(b.statusCode).toBe(422);
  });
});

describe("update and delete", () => {
  test("PATCH merges, PUT clears unspecified fields, null clears one", async () => {
    const [a] = await s.table.create([{ fields: { "Run ID": "a", Stream: 1, Status: "Running" } }]);
    const id = a?.id as string;
    await s.table.update([{ id, fields: { Stream: 2 } }]);
    expect(server.records(BASE, "Runs")[0]?.fields).toMatchObject({
      "Run ID": "a",
      Stream: 2,
      Status: "Running",
    });
    await s.table.update(id, { Status: null } as never);
    expect(server.records(BASE, "Runs")[0]?.fields).toEqual({
      "Run ID": "a",
      Stream: 2,
      Label: "a/",
    });
    await s.table.replace([{ id, fields: { Stream: 5 } }]);
    expect(server.records(BASE, "Runs")[0]?.fields).toEqual({ Stream: 5, Label: "/" });
  });

  test("updating a missing record is ROW_DOES_NOT_EXIST; a missing single record is 404", async () => {
    const e = await rejection(s.table.update([{ id: "rec00000000000099", fields: { Stream: 1 } }]));
    expect(e).toMatchObject({ error: "ROW_DOES_NOT_EXIST", statusCode: 422 });
    const one = await rejection(s.table.update("rec00000000000099", { Stream: 1 }));
    expect(one).toMatchObject({ error: "NOT_FOUND", statusCode: 404 });
    const find = await rejection(s.table.find("rec00000000000099"));
    expect(find).toMatchObject({ error: "NOT_FOUND", statusCode: 404 });
  });

  test("11 updates are refused", async () => {
    const created = [...(await s.table.create(rows(10))), ...(await s.table.create(rows(1)))];
    const e = await rejection(
      s.table.update(created.map((r) => ({ id: r.id, fields: { Stream: 1 } }))),
    );
    expect(e).toMatchObject({ error: "INVALID_RECORDS", statusCode: 422 });
    expect(server.records(BASE, "Runs").every((r) => r.fields.Stream === undefined)).toBe(true);
  });

  test("delete takes at most 10 IDs, all or nothing", async () => {
    const created = [...(await s.table.create(rows(10))), ...(await s.table.create(rows(1)))];
    const ids = created.map((r) => r.id);
    expect((await rejection(s.table.destroy(ids))).statusCode).toBe(422);
    const gone = await s.table.destroy(ids.slice(0, 3));
    expect(gone.map((r) => r.id)).toEqual(ids.slice(0, 3));
    const again = await rejection(s.table.destroy([ids[3] as string, ids[0] as string]));
    expect(again.statusCode).toBe(404);
    expect(server.records(BASE, "Runs").map((r) => r.id)).toEqual(ids.slice(3));
    await s.table.destroy(ids[3] as string);
    expect(server.records(BASE, "Runs")).toHaveLength(7);
  });
});

describe("upsert", () => {
  const upsert = (
    records: { fields: Record<string, unknown> }[],
    merge = ["Run ID", "Client ID"],
  ) =>
    s.base.makeRequest({
      method: "PATCH",
      path: "/Runs",
      body: { records, performUpsert: { fieldsToMergeOn: merge } },
    });

  test("creates when nothing matches, updates the one match, reports which", async () => {
    const first = await upsert([{ fields: { "Run ID": "r1", "Client ID": "Guy", Stream: 1 } }]);
    const createdId = (first.body as { createdRecords: string[] }).createdRecords[0];
    expect(first.body).toMatchObject({ updatedRecords: [], createdRecords: [createdId] });
    const second = await upsert([
      { fields: { "Run ID": "r1", "Client ID": "Guy", Stream: 2 } },
      { fields: { "Run ID": "r1", "Client ID": "guy", Stream: 3 } }, // case differs: another key
    ]);
    const body = second.body as { createdRecords: string[]; updatedRecords: string[] };
    expect(body.updatedRecords).toEqual([createdId]);
    expect(body.createdRecords).toHaveLength(1);
    expect(
      server.records(BASE, "Runs").map((r) => [r.fields["Client ID"], r.fields.Stream]),
    ).toEqual([
      ["Guy", 2],
      ["guy", 3],
    ]);
    expect(server.requests.map((r) => r.kind)).toEqual(["upsert", "upsert"]);
  });

  test("two records with the same key in one request end as one record", async () => {
    await upsert([
      { fields: { "Run ID": "r1", "Client ID": "A", Stream: 1 } },
      { fields: { "Run ID": "r1", "Client ID": "A", Status: "Running" } },
    ]);
    expect(server.records(BASE, "Runs").map((r) => r.fields)).toEqual([
      { "Run ID": "r1", "Client ID": "A", Stream: 1, Status: "Running", Label: "r1/A" },
    ]);
  });

  test("several existing matches fail the whole request", async () => {
    server.seed(BASE, "Runs", [{ "Run ID": "dup" }, { "Run ID": "dup" }]);
    const e = await rejection(
      upsert(
        [{ fields: { "Run ID": "new" } }, { fields: { "Run ID": "dup", Stream: 9 } }],
        ["Run ID"],
      ),
    );
    expect(e).toMatchObject({ error: "INVALID_RECORDS", statusCode: 422 });
    expect(server.records(BASE, "Runs").map((r) => r.fields.Stream)).toEqual([
      undefined,
      undefined,
    ]);
  });

  test.each([[[]], [["a", "b", "c", "d"]], [["Label"]], [["Nope"]]])(
    "fieldsToMergeOn %j is refused",
    async (merge) => {
      const e = await rejection(upsert([{ fields: { "Run ID": "x" } }], merge as string[]));
      expect(e.statusCode).toBe(422);
    },
  );

  test("a record without a value for a merge field is refused", async () => {
    const e = await rejection(upsert([{ fields: { "Run ID": "x" } }]));
    expect(e).toMatchObject({ error: "INVALID_RECORDS", statusCode: 422 });
  });

  test("through table.update(records, { performUpsert })", async () => {
    await s.table.update([{ fields: { "Run ID": "r9" } } as never], {
      performUpsert: { fieldsToMergeOn: ["Run ID"] },
    } as never);
    expect(server.records(BASE, "Runs")).toHaveLength(1);
  });
});

describe("access", () => {
  test("a missing Authorization header is 401; an unknown base or table is 403", async () => {
    const res = await fetch(`${server.url}/v0/${BASE}/Runs`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { type: "AUTHENTICATION_REQUIRED", message: "Authentication required" },
    });
    const other = new Airtable({
      apiKey: "k",
      endpointUrl: server.url,
      noRetryIfRateLimited: true,
    });
    const base = await rejection(other.base("appNOPE").table("Runs").select().firstPage());
    expect(base.statusCode).toBe(403);
    const table = await rejection(s.base.table("Nope").select().firstPage());
    expect(table.statusCode).toBe(403);
    expect(server.requests.map((r) => r.status)).toEqual([401, 403, 403]);
  });

  test("unknownModelStatus: 404 answers TABLE_NOT_FOUND for a table and NOT_FOUND for a base", async () => {
    const strict = await startWithClient({ unknownModelStatus: 404 });
    try {
      const table = await rejection(strict.base.table("Nope").select().firstPage());
      expect(table).toMatchObject({ error: "NOT_FOUND", statusCode: 404 });
      expect(table.message).toContain("Could not find table Nope");
    } finally {
      await strict.server.close();
    }
  });

  test("a configured apiKey must match", async () => {
    const keyed = await startWithClient({ apiKey: "patRIGHT" });
    try {
      expect((await rejection(keyed.table.select().firstPage())).statusCode).toBe(401);
    } finally {
      await keyed.server.close();
    }
  });
});
