import Airtable from "airtable";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createSeededRandom } from "../../../src/testing/seeded-random.js";
import {
  type AirtableServer,
  randomRecordIds,
  startAirtableServer,
  type TableSchema,
} from "../../support/airtable/index.js";
import { BASE, manualClock, rejection } from "./fixtures.js";

const EVENTS: TableSchema = {
  fields: { Name: { type: "singleLineText" }, Seq: { type: "autoNumber" } },
};

let server: AirtableServer;
let table: Airtable.Table<Airtable.FieldSet>;
const clock = manualClock();

beforeEach(async () => {
  server = await startAirtableServer({
    bases: { [BASE]: { Events: EVENTS } },
    rateLimit: false,
    now: clock.now,
    idGenerator: randomRecordIds(createSeededRandom(7)),
  });
  table = new Airtable({
    apiKey: "patTEST",
    endpointUrl: server.url,
    noRetryIfRateLimited: true,
    requestTimeout: 10_000,
  })
    .base(BASE)
    .table("Events");
});
afterEach(async () => server.close());

const named = (...names: string[]) => names.map((Name) => ({ fields: { Name } }));
const seqOf = (records: readonly { fields: Record<string, unknown> }[]) =>
  records.map((r) => r.fields.Seq);

describe("autoNumber fields", () => {
  test("number records 1, 2, 3… in request order within a batch and across requests", async () => {
    const first = await table.create(named("a", "b", "c"));
    const second = await table.create(named("d", "e"));
    expect(seqOf(first)).toEqual([1, 2, 3]);
    expect(seqOf(second)).toEqual([4, 5]);
    expect(first.map((r) => r.fields.Name)).toEqual(["a", "b", "c"]);
    expect(seqOf(server.records(BASE, "Events"))).toEqual([1, 2, 3, 4, 5]);
  });

  test("an upsert that creates gets the next number; one that updates keeps its number", async () => {
    await table.create(named("a"));
    const upserted = await new Airtable({
      apiKey: "patTEST",
      endpointUrl: server.url,
      noRetryIfRateLimited: true,
    })
      .base(BASE)
      .makeRequest({
        method: "PATCH",
        path: "/Events",
        body: {
          performUpsert: { fieldsToMergeOn: ["Name"] },
          records: named("b", "a", "c"),
        },
      });
    const records = (upserted.body as { records: { fields: Record<string, unknown> }[] }).records;
    expect(records.map((r) => [r.fields.Name, r.fields.Seq])).toEqual([
      ["b", 2],
      ["a", 1],
      ["c", 3],
    ]);
  });

  test("are read-only: a create or update writing one is refused as computed and nothing changes", async () => {
    const created = await rejection(table.create([{ fields: { Name: "x", Seq: 99 } }]));
    expect(created).toMatchObject({ error: "INVALID_VALUE_FOR_COLUMN", statusCode: 422 });
    expect(created.message).toContain("cannot accept a value because the field is computed");
    expect(server.records(BASE, "Events")).toHaveLength(0);
    const [row] = await table.create(named("a"));
    const updated = await rejection(table.update(row?.id ?? "", { Seq: 5 }));
    expect(updated).toMatchObject({ error: "INVALID_VALUE_FOR_COLUMN", statusCode: 422 });
    expect(seqOf(server.records(BASE, "Events"))).toEqual([1]);
  });

  test("a PUT that replaces every cell keeps the record's number", async () => {
    const [row] = await table.create(named("a", "b"));
    const replaced = await table.replace(row?.id ?? "", { Name: "z" });
    expect(replaced.fields).toEqual({ Name: "z", Seq: 1 });
  });

  test("numbers of deleted records are never handed out again", async () => {
    const created = await table.create(named("a", "b", "c"));
    await table.destroy(created.slice(1).map((r) => r.id));
    const next = await table.create(named("d"));
    expect(seqOf(next)).toEqual([4]);
    expect(seqOf(server.records(BASE, "Events"))).toEqual([1, 4]);
  });

  test("can be filtered on and sorted by, in either direction", async () => {
    // Random record IDs and one createdTime: only the number carries the creation order.
    for (const name of ["a", "b", "c", "d", "e", "f"]) await table.create(named(name));
    const above = await table.select({ filterByFormula: "AND({Seq} > 2, {Seq} <= 5)" }).all();
    expect(above.map((r) => r.fields.Name).sort()).toEqual(["c", "d", "e"]);
    const desc = await table.select({ sort: [{ field: "Seq", direction: "desc" }] }).all();
    expect(desc.map((r) => r.fields.Name)).toEqual(["f", "e", "d", "c", "b", "a"]);
    const asc = await table.select({ sort: [{ field: "Seq" }], pageSize: 4 }).all();
    expect(asc.map((r) => r.fields.Name)).toEqual(["a", "b", "c", "d", "e", "f"]);
    const byId = [...asc].sort((x, y) => (x.id < y.id ? -1 : 1)).map((r) => r.fields.Name);
    expect(byId).not.toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  test("cannot be an upsert's merge field", async () => {
    const e = await rejection(
      new Airtable({ apiKey: "patTEST", endpointUrl: server.url, noRetryIfRateLimited: true })
        .base(BASE)
        .makeRequest({
          method: "PATCH",
          path: "/Events",
          body: { performUpsert: { fieldsToMergeOn: ["Seq"] }, records: named("a") },
        }),
    );
    expect(e).toMatchObject({ statusCode: 422 });
  });
});

describe("random record IDs", () => {
  test("look like Airtable's, never repeat and replay from the seed", () => {
    const ids = randomRecordIds(createSeededRandom(1));
    const drawn = Array.from({ length: 2000 }, ids);
    for (const id of drawn) expect(id).toMatch(/^rec[A-Za-z0-9]{14}$/);
    expect(new Set(drawn).size).toBe(drawn.length);
    const again = randomRecordIds(createSeededRandom(1));
    expect(Array.from({ length: 5 }, again)).toEqual(drawn.slice(0, 5));
  });

  test("a PRNG that repeats itself still yields distinct IDs", () => {
    const values = [0.1, 0.2, 0.1, 0.2, 0.3];
    let i = 0;
    const ids = randomRecordIds(() => {
      const v = values[Math.floor(i / 14) % values.length] ?? 0;
      i++;
      return v;
    });
    const drawn = Array.from({ length: 3 }, ids);
    expect(new Set(drawn).size).toBe(3);
  });

  test("the server hands them out in random order, unlike its default counter", async () => {
    const created = await table.create(named("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
    const ids = created.map((r) => r.id);
    for (const id of ids) expect(id).toMatch(/^rec[A-Za-z0-9]{14}$/);
    expect([...ids].sort()).not.toEqual(ids);
  });
});
