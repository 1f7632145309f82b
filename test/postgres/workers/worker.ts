// A child process of the multi-process tests: opens the PostgreSQL store on the test database
// through the service and reports `up`; then, per task, prepares it and reports `ready`, waits
// for `go` (so the processes really race), runs it and reports `done` with what it saw.
import { appendFileSync } from "node:fs";
import pg from "pg";
import { createRunRecordService, type RunRecordService } from "../../../src/index.js";
import { openPostgresStore } from "../../../src/postgres/index.js";
import { runStandardRun } from "../../../src/testing/standard-run.js";
import { runShareOperations, startShareClientRuns } from "./standard-share.js";
import type { ParentMessage, WorkerMessage, WorkerSetup, WorkerTask } from "./worker-protocol.js";

const setup = JSON.parse(process.argv[2] ?? "{}") as WorkerSetup;
const say = (message: WorkerMessage) =>
  new Promise<void>((resolve) => process.send?.(message, () => resolve()));

// The parent gone (a failed or killed test run): nothing will ever ask again, so leave.
process.on("disconnect", () => process.exit(1));

const inbox: ParentMessage[] = [];
const waiting: ((message: ParentMessage) => void)[] = [];
process.on("message", (message: ParentMessage) => {
  const next = waiting.shift();
  if (next === undefined) inbox.push(message);
  else next(message);
});
const receive = (): Promise<ParentMessage> => {
  const queued = inbox.shift();
  return queued !== undefined ? Promise.resolve(queued) : new Promise((r) => waiting.push(r));
};

const counted = (results: readonly { isErr(): boolean; error?: unknown }[]) =>
  results.flatMap((r) => (r.isErr() ? [String((r.error as { message?: string }).message)] : []));

// Prepares a task; returns its ready message's failures and the run to start on `go`.
const prepare = async (
  service: RunRecordService,
  task: WorkerTask,
): Promise<{ failures: string[]; start: () => Promise<WorkerMessage> }> => {
  switch (task.kind) {
    case "create-race":
      return {
        failures: [],
        start: async () => {
          const results = await Promise.all(
            Array.from({ length: task.count }, () =>
              service.startClientRun({ runId: task.runId, clientId: task.clientId }),
            ),
          );
          const created = results.filter((r) => r.isOk() && r.value.created).length;
          return { type: "done", created, applied: 0, failures: counted(results) };
        },
      };
    case "increments":
      return {
        failures: [],
        start: async () => {
          const results = await Promise.all(
            task.keys.map((key) =>
              service.recordMetrics(
                task.runId,
                task.clientId,
                { count: 1, weight: key },
                { idempotencyKey: `key-${key}` },
              ),
            ),
          );
          const applied = results.filter((r) => r.isOk() && r.value.applied).length;
          return { type: "done", created: 0, applied, failures: counted(results) };
        },
      };
    case "standard-runs":
      return {
        failures: [],
        start: async () => {
          const failures: string[] = [];
          let sends = 0;
          for (let i = 0; i < task.runs; i++) {
            const result = await runStandardRun(service, { seed: task.seed + i, skipCheck: true });
            failures.push(...result.mismatches);
            sends += result.sends;
          }
          return { type: "done", created: 0, applied: 0, failures, sends };
        },
      };
    case "standard-share": {
      const share = { runId: task.runId, share: task.share, shares: task.shares, seed: task.seed };
      const failures = await startShareClientRuns(service, share);
      return {
        failures,
        start: async () => {
          let acknowledged = 0;
          const failed = await runShareOperations(service, share, (client, op, send) => {
            // Written before the next call, so a SIGKILL cannot lose an acknowledgement.
            if (task.acknowledgements !== undefined) {
              appendFileSync(task.acknowledgements, `${client} ${op} ${send}\n`);
            }
            acknowledged++;
            if (acknowledged === task.notifyAfter) void say({ type: "progress", acknowledged });
          });
          return { type: "done", created: 0, applied: 0, failures: failed };
        },
      };
    }
  }
};

const main = async (): Promise<void> => {
  const connections = setup.connections ?? 8;
  const pool = new pg.Pool({ connectionString: setup.url, max: connections });
  pool.on("error", () => {});
  // The parent migrated the schema: workers only check that it is current.
  const store = await openPostgresStore({ db: pool, migrate: false });
  if (store.isErr()) return say({ type: "failed", reason: `open: ${store.error.message}` });
  let now = setup.clock;
  const service = createRunRecordService({ store: store.value, now: () => now++ });
  // Open every connection before any race, so the race is between statements, not connects.
  const opened = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const client of opened) client.release();
  await say({ type: "up" });
  for (;;) {
    const message = await receive();
    if (message.type === "exit") break;
    if (message.type !== "prepare") continue;
    const { failures, start } = await prepare(service, message.task);
    await say({ type: "ready", failures });
    await receive();
    await say(await start());
  }
  await pool.end();
};

main().then(
  () => {
    process.removeAllListeners("disconnect");
    process.disconnect?.();
  },
  async (error: unknown) => {
    await say({ type: "failed", reason: String(error) });
    process.exit(1);
  },
);
