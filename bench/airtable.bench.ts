import Airtable from "airtable";
import { createAirtableStore } from "../src/airtable/index.js";
import { createRunRecordService } from "../src/service/index.js";
import { createSeededRandom } from "../src/testing/seeded-random.js";
import { runStandardRun } from "../src/testing/standard-run.js";
import { startAirtableServer } from "../test/support/airtable/index.js";
import { defaultTestSchema } from "../test/support/airtable-schema.js";
import { runOldStyleStandardRun } from "./baselines/old-airtable-service.js";

const BASE = "appRUNRECORDSBNCH";
const RATE = 5;
/** The least the standard run needs: 1 job + 50 client runs, each created once and its final state written once, 10 per request. */
export const MINIMUM_REQUESTS = 2 * (Math.ceil(1 / 10) + Math.ceil(50 / 10));

/** A clock that only moves when someone sleeps: rate-limit waits cost no wall time but are measured. */
const virtualClock = (start: number) => {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += Math.max(0, ms);
    },
  };
};

const makeBase = (url: string, requestTimeout = 10_000) =>
  new Airtable({
    apiKey: "patBENCH",
    endpointUrl: url,
    noRetryIfRateLimited: true,
    requestTimeout,
  }).base(BASE);

/** What one standard run through the Airtable store cost. */
export interface AirtableRunFigures {
  readonly requests: number;
  readonly byKind: Readonly<Record<string, number>>;
  /** Virtual time the run took with requests admitted at 5 per second. */
  readonly elapsedMs: number;
  readonly rateLimited: number;
  readonly exact: boolean;
  readonly mismatches: readonly string[];
  /** The Job Tracking row and the first Client Run Results row as the base holds them. */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Runs the standard run (DESIGN.md section 6) through the Airtable store with its default options
 * (5 requests/s, flush every second) against the local server, which enforces 5 requests/s on the
 * same virtual clock, so a single 429 would show.
 */
export const measureAirtableRun = async (
  consistency: "process" | "shared" = "process",
): Promise<AirtableRunFigures> => {
  const clock = virtualClock(Date.UTC(2025, 9, 7, 7, 4, 57));
  const server = await startAirtableServer({
    bases: { [BASE]: defaultTestSchema() },
    rateLimit: { requestsPerSecond: RATE, penaltyMs: 30_000 },
    now: clock.now,
  });
  try {
    const made = createAirtableStore({
      base: makeBase(server.url),
      now: clock.now,
      sleep: clock.sleep,
      rateLimit: RATE,
      consistency,
    });
    if (made.isErr()) throw new Error(made.error.message);
    const store = made.value;
    const service = createRunRecordService({
      store,
      now: clock.now,
      sleep: async () => {},
      random: createSeededRandom(3),
    });
    const start = clock.now();
    const result = await runStandardRun(service, { seed: 11, skipCheck: true });
    const closed = await store.close();
    const elapsedMs = clock.now() - start;
    const byKind: Record<string, number> = {};
    for (const r of server.requests)
      byKind[`${r.table} ${r.kind}`] = (byKind[`${r.table} ${r.kind}`] ?? 0) + 1;
    const runs = server.records(BASE, "Client Run Results");
    const harvested = runs.reduce((n, r) => n + Number(r.fields["Total Posts Harvested"] ?? 0), 0);
    const lines = runs.reduce(
      (n, r) =>
        n +
        String(r.fields["Progress Log"] ?? "")
          .split("\n")
          .filter(Boolean).length,
      0,
    );
    const mismatches = [
      ...result.mismatches,
      ...(closed.isErr() ? [`close: ${closed.error.message}`] : []),
      ...(runs.length === 50 ? [] : [`${runs.length} client run rows`]),
      ...(harvested === result.expected.metrics.posts_harvested
        ? []
        : [`posts harvested ${harvested}`]),
      ...(lines === result.expected.progressLines ? [] : [`progress lines ${lines}`]),
    ];
    return {
      requests: server.requests.length,
      byKind,
      elapsedMs,
      rateLimited: server.requests.filter((r) => r.status === 429).length,
      exact: mismatches.length === 0,
      mismatches,
      rows: [server.records(BASE, "Job Tracking")[0]?.fields ?? {}, runs[0]?.fields ?? {}],
    };
  } finally {
    await server.close();
  }
};

/** Runs the old-style baseline against its own local server (no rate limit: only its requests are counted). */
const measureBaseline = async () => {
  const server = await startAirtableServer({
    bases: { [BASE]: defaultTestSchema() },
    rateLimit: false,
  });
  try {
    return await runOldStyleStandardRun(makeBase(server.url, 120_000), { runId: "251007-070457" });
  } finally {
    await server.close();
  }
};

/** What listing jobs cost on a base holding `count` ended jobs (rows and events seeded directly). */
export const measureListJobs = async (count: number) => {
  const start = Date.UTC(2025, 9, 7, 7, 4, 57);
  const clock = virtualClock(start + 2 * 24 * 60 * 60 * 1000);
  const server = await startAirtableServer({
    bases: { [BASE]: defaultTestSchema() },
    rateLimit: { requestsPerSecond: RATE, penaltyMs: 30_000 },
    now: clock.now,
  });
  try {
    const jobs = Array.from({ length: count }, (_, i) => {
      const at = start + i * 60_000;
      const iso = new Date(at).toISOString();
      const runId = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
      const record = {
        runId,
        status: "completed",
        notes: [],
        sealed: true,
        startedAt: at,
        endedAt: at + 1000,
        lastActivityAt: at + 1000,
        tags: {},
        creationToken: `t${i}`,
      };
      return { runId, at, record };
    });
    server.seed(
      BASE,
      "Run Events",
      jobs.map((j) => ({
        Key: JSON.stringify(["job", j.runId]),
        Job: j.runId,
        Token: `ev${j.runId}`,
        Changes: JSON.stringify([{ t: "create", token: j.record.creationToken, record: j.record }]),
        At: j.at,
        Created: j.at,
      })),
    );
    server.seed(
      BASE,
      "Job Tracking",
      jobs.map((j) => ({
        "Run ID": j.runId,
        Status: "Completed",
        "Start Time": new Date(j.at).toISOString(),
      })),
    );
    const made = createAirtableStore({
      base: makeBase(server.url),
      now: clock.now,
      sleep: clock.sleep,
      rateLimit: RATE,
    });
    if (made.isErr()) throw new Error(made.error.message);
    const store = made.value;
    const measure = async (query: Parameters<typeof store.listJobs>[0]) => {
      server.clearRequests();
      const t = clock.now();
      const page = (await store.listJobs(query))._unsafeUnwrap();
      return { page, requests: server.requests.length, elapsedMs: clock.now() - t };
    };
    const first = await measure({});
    let cursor = first.page.nextCursor;
    for (let i = 1; i < 9 && cursor !== undefined; i++)
      cursor = (await store.listJobs({ cursor }))._unsafeUnwrap().nextCursor;
    const tenth = await measure(cursor === undefined ? {} : { cursor });
    const filtered = await measure({ status: "failed" });
    await store.close();
    return { first, tenth, filtered };
  } finally {
    await server.close();
  }
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The benchmark section for BENCHMARKS.md. */
export async function run(): Promise<string> {
  const ours = await measureAirtableRun();
  const shared = await measureAirtableRun("shared");
  const old = await measureBaseline();
  const listing = await measureListJobs(1000);
  const oldElapsed = (old.requests / RATE) * 1000;
  const kinds = Object.entries(ours.byKind)
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ");
  return [
    "### Airtable store: the standard run (1 job, 50 clients × 3 operations) at 5 requests/s",
    "",
    "| | requests | elapsed at 5 req/s | vs baseline | vs minimum |",
    "|---|---:|---:|---:|---:|",
    `| Airtable store (defaults) | ${ours.requests} | ${seconds(ours.elapsedMs)} (measured, virtual clock) | ${(ours.requests / old.requests).toFixed(3)}× | ${(ours.requests / MINIMUM_REQUESTS).toFixed(2)}× |`,
    `| Airtable store, \`consistency: "shared"\` | ${shared.requests} | ${seconds(shared.elapsedMs)} (measured, virtual clock) | ${(shared.requests / old.requests).toFixed(3)}× | ${(shared.requests / MINIMUM_REQUESTS).toFixed(2)}× |`,
    `| old-style baseline | ${old.requests} | ${seconds(oldElapsed)} (requests ÷ 5) | 1× | ${(old.requests / MINIMUM_REQUESTS).toFixed(1)}× |`,
    `| minimum | ${MINIMUM_REQUESTS} | ${seconds((MINIMUM_REQUESTS / RATE) * 1000)} | | 1× |`,
    "",
    `Minimum: 51 records each created once and their final state written once, 10 per request: 2 × (1 + 5) = ${MINIMUM_REQUESTS}.`,
    `Store requests by table and kind: ${kinds}. 429s answered by the rate-limited server: ${ours.rateLimited}.`,
    `Shared consistency (answers exact across processes: every read fresh, every change confirmed by a read-back) sends ${shared.requests} requests; 429s: ${shared.rateLimited}; exact: ${shared.exact ? "yes" : `no (${shared.mismatches.join("; ")})`}.`,
    `Result exact: ${ours.exact ? "yes" : `no (${ours.mismatches.join("; ")})`}. Baseline lost ${old.lostProgressLines} of 750 progress lines to racing read-modify-writes.`,
    "",
    "### Airtable store: listJobs on a base of 1,000 ended jobs, at 5 requests/s",
    "",
    "| query | jobs returned | requests | elapsed at 5 req/s (virtual clock) |",
    "|---|---:|---:|---:|",
    `| \`listJobs()\` (latest 50) | ${listing.first.page.jobs.length} | ${listing.first.requests} | ${seconds(listing.first.elapsedMs)} |`,
    `| the 10th page (a cursor) | ${listing.tenth.page.jobs.length} | ${listing.tenth.requests} | ${seconds(listing.tenth.elapsedMs)} |`,
    `| \`{ status: "failed" }\` (no match: every row read) | ${listing.filtered.page.jobs.length} | ${listing.filtered.requests} | ${seconds(listing.filtered.elapsedMs)} |`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run());
