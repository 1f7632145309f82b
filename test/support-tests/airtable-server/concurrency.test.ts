import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AirtableServer } from "../../support/airtable/index.js";
import { BASE, startWithClient } from "./fixtures.js";

type Started = Awaited<ReturnType<typeof startWithClient>>;
let s: Started;
let server: AirtableServer;

beforeAll(async () => {
  s = await startWithClient();
  server = s.server;
});
afterAll(async () => server.close());

/** A caller's escaper: backslash first, then the quote and control characters. */
const literal = (v: string): string =>
  `'${v.replace(/[\\'\n\r\t]/g, (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? `\\${c}`)}'`;

describe("filterByFormula through the real client", () => {
  test("any non-empty string, escaped, matches exactly the records holding it", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
        async (value) => {
          const scope = `run-${run++}`;
          // Near misses a substring or case-insensitive match would also pick up.
          const near = [
            `${value}x`,
            `x${value}`,
            value.toUpperCase(),
            value.toLowerCase(),
            `${value} `,
          ];
          const rows = [value, ...near.filter((n) => n !== value), value];
          const seeded = server.seed(
            BASE,
            "Runs",
            rows.map((v) => ({ "Run ID": v, "Client ID": scope })),
          );
          const found = await s.table
            .select({
              filterByFormula: `AND({Client ID} = ${literal(scope)}, {Run ID} = ${literal(value)})`,
            })
            .all();
          const expected = seeded.filter((_, i) => rows[i] === value).map((r) => r.id);
          expect(found.map((r) => r.id)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  test.each([
    `it's`,
    `say "hi"`,
    "back\\slash\\",
    "a\nb\r\tc",
    "ünïcødé 🚀",
    "} = '' OR 1 = 1 & {",
  ])("the nasty string %j matches only itself", async (value) => {
    const [hit] = server.seed(BASE, "Runs", [
      { "Run ID": value, "Client ID": "nasty" },
      { "Run ID": `${value}!` },
    ]);
    const found = await s.table.select({ filterByFormula: `{Run ID} = ${literal(value)}` }).all();
    expect(found.map((r) => r.id)).toEqual([hit?.id]);
  });
});

describe("racing requests", () => {
  test("30 concurrent upserts of one key leave one record holding one of the values", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        s.base.makeRequest({
          method: "PATCH",
          path: "/Runs",
          body: {
            records: [{ fields: { "Run ID": "race-1", "Client ID": "Guy", Stream: i } }],
            performUpsert: { fieldsToMergeOn: ["Run ID", "Client ID"] },
          },
        }),
      ),
    );
    const created = results.flatMap((r) => (r.body as { createdRecords: string[] }).createdRecords);
    expect(created).toHaveLength(1);
    const rows = server.records(BASE, "Runs").filter((r) => r.fields["Run ID"] === "race-1");
    expect(rows.map((r) => r.id)).toEqual(created);
    expect(rows[0]?.fields.Stream).toBeGreaterThanOrEqual(0);
  });

  test("50 concurrent creates get 50 distinct IDs and all land", async () => {
    const before = server.records(BASE, "Runs").length;
    const made = await Promise.all(
      Array.from({ length: 50 }, (_, i) => s.table.create([{ fields: { "Run ID": `c${i}` } }])),
    );
    const ids = made.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(50);
    expect(server.records(BASE, "Runs")).toHaveLength(before + 50);
  });

  test("concurrent PATCHes of one record: the last applied wins per field, none lost across fields", async () => {
    const [r] = await s.table.create([{ fields: { "Run ID": "p" } }]);
    const id = r?.id as string;
    await Promise.all([
      s.table.update([{ id, fields: { Stream: 7 } }]),
      s.table.update([{ id, fields: { "Progress Log": "line" } }]),
      s.table.update([{ id, fields: { Status: "Running" } }]),
    ]);
    expect((await s.table.find(id)).fields).toMatchObject({
      Stream: 7,
      "Progress Log": "line",
      Status: "Running",
    });
  });
});
