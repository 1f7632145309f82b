import type Airtable from "airtable";

/** What the old-style run did. */
export interface OldStyleRunResult {
  /** Requests sent (every one a separate HTTP request). */
  readonly requests: number;
  /** Progress lines the read-modify-write appends lost to each other. */
  readonly lostProgressLines: number;
}

/** Options of {@link runOldStyleStandardRun}. */
export interface OldStyleRunOptions {
  readonly runId: string;
  /** @default 50 */
  readonly clients?: number;
  /** @default 10 */
  readonly increments?: number;
  /** @default 5 */
  readonly progressLines?: number;
}

const OPERATIONS = ["lead_scoring", "post_harvesting", "post_scoring"] as const;
const METRIC: Record<(typeof OPERATIONS)[number], string> = {
  lead_scoring: "Profiles Examined for Scoring",
  post_harvesting: "Total Posts Harvested",
  post_scoring: "Posts Examined for Scoring",
};

/**
 * The standard run issued the way the old service did, for comparison: a lookup before every
 * update, one write per metric update, one read-modify-write per progress line, a lookup and a
 * write per status change. Repeated webhook deliveries are left out, which only flatters it.
 * Escaping is done properly here so the baseline can run against the faithful local server.
 */
export const runOldStyleStandardRun = async (
  base: Airtable.Base,
  options: OldStyleRunOptions,
): Promise<OldStyleRunResult> => {
  const clients = options.clients ?? 50;
  const increments = options.increments ?? 10;
  const progressLines = options.progressLines ?? 5;
  const jobs = base("Job Tracking");
  const runs = base("Client Run Results");
  let requests = 0;
  const q = (v: string) => `'${v.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const lookup = async (table: Airtable.Table<Airtable.FieldSet>, runId: string) => {
    requests++;
    const page = await table
      .select({ filterByFormula: `{Run ID} = ${q(runId)}`, maxRecords: 1 })
      .firstPage();
    return page[0];
  };
  const update = async (
    table: Airtable.Table<Airtable.FieldSet>,
    runId: string,
    fields: (r: Airtable.Record<Airtable.FieldSet>) => Airtable.FieldSet,
  ) => {
    const record = await lookup(table, runId);
    if (!record) return;
    requests++;
    await table.update(record.id, fields(record));
  };

  const jobId = options.runId;
  if (!(await lookup(jobs, jobId))) {
    requests++;
    await jobs.create({ "Run ID": jobId, Status: "Running", Stream: 1 });
  }
  const clientRunIds = Array.from(
    { length: clients },
    (_, c) => `${jobId}-Client-${String(c + 1).padStart(3, "0")}`,
  );
  await Promise.all(
    clientRunIds.map(async (runId, c) => {
      if (await lookup(runs, runId)) return;
      requests++;
      await runs.create({ "Run ID": runId, "Client ID": `Client-${c + 1}`, Status: "Running" });
    }),
  );
  await Promise.all(
    clientRunIds.flatMap((runId) =>
      OPERATIONS.map(async (op) => {
        await update(runs, runId, () => ({ Status: "Running" }));
        if (op === "post_harvesting") {
          await update(runs, runId, () => ({ "Apify Run ID": `apify-${runId}` }));
          requests++;
          await runs
            .select({ filterByFormula: `{Apify Run ID} = ${q(`apify-${runId}`)}` })
            .firstPage();
        }
        for (let i = 0; i < Math.max(increments, progressLines); i++) {
          if (i < increments) {
            await update(runs, runId, (r) => ({
              [METRIC[op]]: Number(r.get(METRIC[op]) ?? 0) + 1,
            }));
          }
          if (i < progressLines) {
            await update(runs, runId, (r) => ({
              "Progress Log": `${String(r.get("Progress Log") ?? "")}\n${op} step ${i + 1}`.trim(),
            }));
          }
        }
        await update(runs, runId, () => ({ Status: "Completed" }));
      }),
    ),
  );
  await update(jobs, jobId, () => ({ Status: "Completed" }));
  // Reading the result back is the check, not part of the run: not counted.
  let lines = 0;
  for (const r of await runs.select({}).all()) {
    lines += String(r.get("Progress Log") ?? "")
      .split("\n")
      .filter(Boolean).length;
  }
  return { requests, lostProgressLines: clients * OPERATIONS.length * progressLines - lines };
};
