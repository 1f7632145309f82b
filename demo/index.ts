import { writeFile } from "node:fs/promises";
import { explainRunIds, sampleRunIds } from "./explain-run-ids.js";
import { demoStandardRun } from "./standard-run.js";

// `npm run demo`: the library's main job on the embedded default (the in-memory store);
// `npm run demo -- --save <path>`: the same, then the memory store's snapshot written to <path>
// for `run-records audit --snapshot <path>`;
// `npm run demo -- --airtable`: the same standard run through the Airtable store against a
// local Airtable-compatible server.
// `npm run demo -- --pglite <dir>` / `--postgres <url>`: the standard run into a durable store
// (PGlite directory or PostgreSQL server), then the jobs it holds: a second run shows the first's.
const args = process.argv.slice(2);
// RUN_RECORDS_NOW (an ISO instant, as for the CLI) starts the demo's clock there and moves it 1 ms
// per reading, so a test can run the demo without the wall clock.
const start = Date.parse(process.env.RUN_RECORDS_NOW ?? "");
const now = Number.isNaN(start)
  ? undefined
  : (
      (t) => () =>
        t++
    )(start);
const saveAt = args.indexOf("--save");
const savePath = saveAt === -1 ? undefined : args[saveAt + 1];

if (saveAt !== -1 && (savePath === undefined || savePath.startsWith("--"))) {
  console.error("demo: --save needs a file path, e.g. npm run demo -- --save run.snapshot.json");
  process.exitCode = 2;
} else if (args.includes("--pglite") || args.includes("--postgres")) {
  const flag = args.includes("--pglite") ? "--pglite" : "--postgres";
  const value = args[args.indexOf(flag) + 1];
  if (value === undefined || value.startsWith("--") || savePath !== undefined) {
    console.error(
      "demo: use --pglite <data dir> or --postgres <url> alone, e.g. npm run demo -- --pglite ./run-records-data",
    );
    process.exitCode = 2;
  } else {
    const { demoPostgresRun } = await import("./postgres-run.js");
    const target = flag === "--pglite" ? { pglite: value } : { postgres: value };
    const result = await demoPostgresRun(now === undefined ? { target } : { target, now });
    if (result.ok) console.log(result.output);
    else {
      console.error(result.output);
      process.exitCode = 1;
    }
  }
} else if (args.includes("--airtable")) {
  if (savePath !== undefined) {
    console.error("demo: --save keeps the in-memory store's snapshot; leave out --airtable");
    process.exitCode = 2;
  } else {
    const { demoAirtableRun } = await import("./airtable-run.js");
    console.log(await demoAirtableRun());
  }
} else {
  console.log("Run IDs found in the existing data, explained and normalised:\n");
  console.log(explainRunIds(sampleRunIds));
  console.log("\nThe standard run on the in-memory store:\n");
  let snapshot: string | undefined;
  console.log(
    await demoStandardRun({
      now,
      onStore: (store) => {
        snapshot = JSON.stringify(store.snapshot());
      },
    }),
  );
  if (savePath !== undefined && snapshot !== undefined) {
    try {
      await writeFile(savePath, snapshot);
      console.log(
        `\nSaved the memory store's snapshot to ${savePath}; run-records audit --snapshot ${savePath} audits it.`,
      );
    } catch (cause) {
      const text = cause instanceof Error ? cause.message : String(cause);
      console.error(`demo: could not write the snapshot to ${savePath} (${text}); check the path`);
      process.exitCode = 1;
    }
  }
}
