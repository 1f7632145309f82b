import Airtable from "airtable";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type AirtableServer, startAirtableServer } from "../../support/airtable/index.js";
import { BASE, manualClock, RUNS, rejection } from "./fixtures.js";

const OTHER = "appOTHERBASE00001";
let server: AirtableServer;
let clock: ReturnType<typeof manualClock>;
let runs: Airtable.Table<Airtable.FieldSet>;
let other: Airtable.Table<Airtable.FieldSet>;

beforeEach(async () => {
  clock = manualClock();
  server = await startAirtableServer({
    bases: { [BASE]: { Runs: RUNS }, [OTHER]: { Runs: RUNS } },
    now: clock.now,
  });
  const client = new Airtable({ apiKey: "k", endpointUrl: server.url, noRetryIfRateLimited: true });
  runs = client.base(BASE).table("Runs");
  other = client.base(OTHER).table("Runs");
});
afterEach(async () => server.close());

const list = (t = runs) => t.select().firstPage();

test("the sixth request in one second is 429 and the base stays blocked for 30 s", async () => {
  for (let i = 0; i < 5; i++) await list();
  expect(await rejection(list())).toMatchObject({ error: "TOO_MANY_REQUESTS", statusCode: 429 });
  clock.advance(29_999);
  expect((await rejection(runs.create([{ fields: { "Run ID": "x" } }]))).statusCode).toBe(429);
  expect(server.records(BASE, "Runs")).toHaveLength(0); // a 429 applies nothing
  clock.advance(1);
  await list();
  expect(server.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 200]);
});

test("the window slides: five per second forever is never refused", async () => {
  for (let second = 0; second < 4; second++) {
    await Promise.all(Array.from({ length: 5 }, () => list()));
    clock.advance(1000);
  }
  expect(server.requests.every((r) => r.status === 200)).toBe(true);
  expect(server.requests).toHaveLength(20);
});

test("requests inside the window count even when they started in the previous second", async () => {
  for (let i = 0; i < 3; i++) await list();
  clock.advance(600);
  for (let i = 0; i < 2; i++) await list();
  clock.advance(600); // the first three are now older than 1 s; the last two are not
  for (let i = 0; i < 3; i++) await list();
  expect((await rejection(list())).statusCode).toBe(429);
});

test("the limit and the penalty are per base", async () => {
  const burst = await Promise.allSettled(Array.from({ length: 8 }, () => list()));
  expect(burst.filter((r) => r.status === "rejected")).toHaveLength(3);
  await list(other);
  expect((await rejection(list())).statusCode).toBe(429);
});

test("a custom limit and rateLimit: false", async () => {
  const strict = await startAirtableServer({
    bases: { [BASE]: { Runs: RUNS } },
    now: clock.now,
    rateLimit: { requestsPerSecond: 1, penaltyMs: 10 },
  });
  const free = await startAirtableServer({
    bases: { [BASE]: { Runs: RUNS } },
    now: clock.now,
    rateLimit: false,
  });
  try {
    const table = (s: AirtableServer) =>
      new Airtable({ apiKey: "k", endpointUrl: s.url, noRetryIfRateLimited: true })
        .base(BASE)
        .table("Runs");
    await table(strict).select().firstPage();
    expect((await rejection(table(strict).select().firstPage())).statusCode).toBe(429);
    clock.advance(10);
    await table(strict).select().firstPage();
    await Promise.all(Array.from({ length: 30 }, () => table(free).select().firstPage()));
  } finally {
    await strict.close();
    await free.close();
  }
});
