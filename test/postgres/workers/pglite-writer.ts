// A child process of the PGlite durability test: opens the store on a PGlite directory and records
// increments one at a time (idempotency key = its number), appending each acknowledged one to a
// file before the next, until it is killed. Never calls close().
// argv: <data dir> <run ID> <acknowledgements file> <notify after>
import { appendFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { createRunRecordService } from "../../../src/index.js";
import { openPostgresStore } from "../../../src/postgres/index.js";

const [dir = "", runId = "", acknowledgements = "", notifyAfter = "0"] = process.argv.slice(2);
// The test gone (failed or killed): stop writing instead of running on forever.
process.on("disconnect", () => process.exit(1));

const main = async () => {
  const db = await PGlite.create(dir);
  const store = (await openPostgresStore({ db }))._unsafeUnwrap();
  let now = Date.UTC(2026, 11, 1, 12);
  const service = createRunRecordService({ store, now: () => now++ });
  for (let i = 0; ; i++) {
    const written = await service.recordMetrics(
      runId,
      "Writer",
      { n: 1, sum: i },
      { idempotencyKey: `w-${i}` },
    );
    if (written.isErr()) throw new Error(written.error.message);
    appendFileSync(acknowledgements, `${i}\n`);
    if (i + 1 === Number(notifyAfter)) process.send?.("written");
  }
};

main().catch((error: unknown) => {
  process.send?.(`failed: ${String(error)}`);
  process.exit(1);
});
