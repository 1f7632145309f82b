import { openPostgresStore, type PostgresDb } from "../src/postgres/index.js";
import { createRunRecordService } from "../src/service/index.js";
import { runStandardRun } from "../src/testing/standard-run.js";
import { jobTable } from "./job-table.js";

/** Where the demo writes: a PGlite data directory (created when missing) or a PostgreSQL URL. */
export type PostgresDemoTarget = { readonly pglite: string } | { readonly postgres: string };

/** Options of {@link demoPostgresRun}. */
export interface PostgresDemoOptions {
  readonly target: PostgresDemoTarget;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Clients in the standard run (fewer make a quick test). @default 50 */
  readonly clients?: number;
}

/** The demo's report, and whether it worked (the exit code). */
export interface PostgresDemoResult {
  readonly output: string;
  readonly ok: boolean;
}

// The client library is loaded only for the target asked for (both are optional peers).
const openDb = async (
  target: PostgresDemoTarget,
): Promise<{ db: PostgresDb; close: () => Promise<void> }> => {
  if ("pglite" in target) {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(target.pglite);
    return { db, close: () => db.close() };
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: target.postgres, max: 8 });
  pool.on("error", () => {});
  return { db: pool, close: () => pool.end() };
};

/**
 * Runs the standard run (DESIGN.md §6) into a durable store, PGlite or PostgreSQL, then lists the
 * jobs the store holds through `service.listJobs` — a second demo run shows the first one's job.
 * @returns the report, and `ok: false` when the store could not be opened or the run was not exact
 */
export async function demoPostgresRun(options: PostgresDemoOptions): Promise<PostgresDemoResult> {
  const where =
    "pglite" in options.target
      ? `PGlite in ${options.target.pglite}`
      : `PostgreSQL at ${redact(options.target.postgres)}`;
  let opened: Awaited<ReturnType<typeof openDb>>;
  try {
    opened = await openDb(options.target);
  } catch (cause) {
    return { output: `demo: could not open ${where}: ${describe(cause)}`, ok: false };
  }
  try {
    const store = await openPostgresStore({ db: opened.db });
    if (store.isErr()) {
      return {
        output: `demo: could not open the store on ${where}: ${store.error.message}`,
        ok: false,
      };
    }
    const service = createRunRecordService(
      options.now === undefined ? { store: store.value } : { store: store.value, now: options.now },
    );
    const result = await runStandardRun(service, { clients: options.clients ?? 50 });
    const lines = [`The standard run on ${where}:`, ""];
    lines.push(
      `Job ${result.runId}  status ${result.actual.jobStatus}  client runs ${result.actual.clientRuns}  ` +
        `${result.sends} calls sent`,
    );
    lines.push(
      result.matches
        ? `Every total matches what was sent: yes (job ${result.actual.jobStatus}).`
        : `Every total matches what was sent: NO — ${result.mismatches.slice(0, 5).join("; ")}`,
    );
    const jobs = await service.listJobs({ limit: 10 });
    lines.push("", "Jobs in this store, newest first (service.listJobs({ limit: 10 })):");
    lines.push(
      ...(jobs.isErr()
        ? [`  could not list jobs: ${jobs.error.message}`]
        : jobTable(jobs.value.jobs)),
    );
    await store.value.close();
    return { output: lines.join("\n"), ok: result.matches && jobs.isOk() };
  } finally {
    await opened.close();
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");

const describe = (cause: unknown) =>
  (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, " ").trim();
