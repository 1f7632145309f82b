import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { AirtableServer } from "../../support/airtable/index.js";
import { BASE, manualClock, rejection, startWithClient } from "./fixtures.js";

type Started = Awaited<ReturnType<typeof startWithClient>>;
let s: Started;
let server: AirtableServer;
const clock = manualClock();

beforeEach(async () => {
  s = await startWithClient({ now: clock.now });
  server = s.server;
  server.seed(
    BASE,
    "Runs",
    Array.from({ length: 250 }, (_, i) => ({
      "Run ID": `run-${String(i).padStart(3, "0")}`,
      Stream: i % 3,
    })),
  );
  server.clearRequests();
});
afterEach(async () => server.close());

describe("paging", () => {
  test("all() follows offsets over 250 records in three pages of at most 100", async () => {
    const all = await s.table.select().all();
    expect(all.map((r) => r.get("Run ID"))).toEqual(
      server.records(BASE, "Runs").map((r) => r.fields["Run ID"]),
    );
    expect(all).toHaveLength(250);
    expect(server.requests.map((r) => [r.kind, r.recordCount])).toEqual([
      ["list", 100],
      ["list", 100],
      ["list", 50],
    ]);
  });

  test("pageSize and maxRecords bound pages and the total", async () => {
    const pages: number[] = [];
    await s.table.select({ pageSize: 30, maxRecords: 75 }).eachPage((records, next) => {
      pages.push(records.length);
      next();
    });
    expect(pages).toEqual([30, 30, 15]);
  });

  test("a filtered, sorted query pages over the matching records only", async () => {
    const rows = await s.table
      .select({
        filterByFormula: "{Stream} = 1",
        sort: [{ field: "Run ID", direction: "desc" }],
        pageSize: 40,
      })
      .all();
    const expected = server
      .records(BASE, "Runs")
      .filter((r) => r.fields.Stream === 1)
      .map((r) => r.fields["Run ID"])
      .reverse();
    expect(rows.map((r) => r.get("Run ID"))).toEqual(expected);
  });

  test("pageSize over 100 is refused", async () => {
    const e = await rejection(s.table.select({ pageSize: 101 }).firstPage());
    expect(e.statusCode).toBe(422);
  });

  test("an unknown or expired offset is LIST_RECORDS_ITERATOR_NOT_AVAILABLE", async () => {
    const first = await s.base.makeRequest({ path: "/Runs", qs: { pageSize: 10 } });
    const offset = (first.body as { offset: string }).offset;
    expect(offset).toMatch(/^itr[0-9a-z]{14}\/rec[0-9a-z]{14}$/);
    // The same offset may be read twice (a retried page), and returns the same page.
    const again = async () =>
      (await s.base.makeRequest({ path: "/Runs", qs: { pageSize: 10, offset } })).body;
    expect(await again()).toEqual(await again());
    clock.advance(300_001);
    const expired = await rejection(s.base.makeRequest({ path: "/Runs", qs: { offset } }));
    expect(expired.error).toBe("LIST_RECORDS_ITERATOR_NOT_AVAILABLE");
    const bogus = await rejection(
      s.base.makeRequest({ path: "/Runs", qs: { offset: "itrNOPE/recNOPE" } }),
    );
    expect(bogus.error).toBe("LIST_RECORDS_ITERATOR_NOT_AVAILABLE");
  });

  test("a record deleted between pages is skipped, not returned stale", async () => {
    const pages: string[][] = [];
    await s.table.select({ pageSize: 100 }).eachPage((records, next) => {
      pages.push(records.map((r) => r.id));
      if (pages.length === 1) {
        const victim = server.records(BASE, "Runs")[150]?.id as string;
        s.table.destroy([victim]).then(() => next());
      } else next();
    });
    expect(pages.map((p) => p.length)).toEqual([100, 99, 50]);
  });
});

describe("fields and POST listRecords", () => {
  test("fields[] limits the returned fields; an unknown one is UNKNOWN_FIELD_NAME", async () => {
    const [first] = await s.table.select({ fields: ["Stream"], maxRecords: 1 }).firstPage();
    expect(first?.fields).toEqual({ Stream: 0 });
    const e = await rejection(s.table.select({ fields: ["Nope"] }).firstPage());
    expect(e).toMatchObject({ error: "UNKNOWN_FIELD_NAME", statusCode: 422 });
    expect(e.message).toContain('"Nope"');
  });

  test("select({ method: 'post' }) lists through POST …/listRecords with paging", async () => {
    const rows = await s.table
      .select({ method: "post", filterByFormula: "{Stream} = 2", pageSize: 50 })
      .all();
    expect(rows).toHaveLength(83);
    expect(new Set(server.requests.map((r) => `${r.method} ${r.kind}`))).toEqual(
      new Set(["POST list"]),
    );
  });

  test("a formula too long for a URL is sent as POST and still evaluated", async () => {
    const ids = Array.from(
      { length: 800 },
      (_, i) => `{Run ID} = 'run-${String(i).padStart(3, "0")}'`,
    );
    const rows = await s.table.select({ filterByFormula: `OR(${ids.join(",")})` }).all();
    expect(rows).toHaveLength(250);
    expect(server.requests[0]?.method).toBe("POST");
  });

  test("a listRecords body is type-checked like the query string", async () => {
    const post = (body: Record<string, unknown>) =>
      s.base.makeRequest({ method: "POST", path: "/Runs/listRecords", body });
    const ok = await post({
      fields: ["Stream"],
      sort: [{ field: "Run ID", direction: "desc" }],
      maxRecords: 2,
    });
    expect(ok.body).toEqual({
      records: server
        .records(BASE, "Runs")
        .slice(-2)
        .reverse()
        .map((r) => ({
          id: r.id,
          createdTime: r.createdTime,
          fields: { Stream: r.fields.Stream },
        })),
    });
    for (const bad of [
      { pageSize: "10" },
      { bogus: 1 },
      { fields: "Stream" },
      { sort: [{ field: "Stream", direction: "up" }] },
      { sort: [{ direction: "asc" }] },
      { filterByFormula: 1 },
      { returnFieldsByFieldId: "yes" },
    ])
      expect((await rejection(post(bad))).statusCode, JSON.stringify(bad)).toBe(422);
    expect(
      (await rejection(s.base.makeRequest({ method: "POST", path: "/Runs/listRecords", body: [] })))
        .statusCode,
    ).toBe(422);
  });

  test("unknown list parameters and views are refused", async () => {
    const e = await rejection(s.base.makeRequest({ path: "/Runs", qs: { bogus: 1 } }));
    expect(e.statusCode).toBe(422);
    const v = await rejection(s.table.select({ view: "Grid view" }).firstPage());
    expect(v.statusCode).toBe(422);
  });
});

describe("filterByFormula errors", () => {
  test.each([
    ["FIND('run', {Run ID})", "Unknown function FIND"],
    ["{Run ID} = ", "Unexpected"],
    ["{Nope} = 'x'", "Unknown field names: Nope"],
  ])("%s → 422 INVALID_FILTER_BY_FORMULA", async (formula, detail) => {
    const e = await rejection(s.table.select({ filterByFormula: formula }).firstPage());
    expect(e).toMatchObject({ error: "INVALID_FILTER_BY_FORMULA", statusCode: 422 });
    expect(e.message).toContain(detail);
  });

  test("an empty formula filters nothing", async () => {
    expect(await s.table.select({ filterByFormula: "" }).all()).toHaveLength(250);
  });
});
