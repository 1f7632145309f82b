import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
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

test("any page size, cap, filter and sort: all() returns exactly the model's answer", async () => {
  let scope = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({ stream: fc.integer({ min: 0, max: 3 }), label: fc.string({ maxLength: 3 }) }),
        {
          maxLength: 230,
        },
      ),
      fc.integer({ min: 1, max: 100 }),
      fc.option(fc.integer({ min: 1, max: 250 }), { nil: undefined }),
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom("asc" as const, "desc" as const, undefined),
      fc.boolean(),
      async (rows, pageSize, maxRecords, stream, direction, viaPost) => {
        const client = `scope-${scope++}`;
        const seeded = server.seed(
          BASE,
          "Runs",
          rows.map((r) => ({ "Client ID": client, Stream: r.stream, "Run ID": r.label })),
        );
        let model = seeded
          .map((r, i) => ({ id: r.id, stream: rows[i]?.stream as number }))
          .filter((r) => r.stream >= stream);
        if (direction !== undefined)
          model = [...model].sort((a, b) =>
            direction === "asc" ? a.stream - b.stream : b.stream - a.stream,
          );
        if (maxRecords !== undefined) model = model.slice(0, maxRecords);
        const got = await s.table
          .select({
            filterByFormula: `AND({Client ID} = '${client}', {Stream} >= ${stream})`,
            pageSize,
            ...(maxRecords !== undefined ? { maxRecords } : {}),
            ...(direction !== undefined ? { sort: [{ field: "Stream", direction }] } : {}),
            ...(viaPost ? { method: "post" } : {}),
          })
          .all();
        expect(got.map((r) => r.id)).toEqual(model.map((r) => r.id));
      },
    ),
    { numRuns: 40 },
  );
});
